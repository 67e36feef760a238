package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import dev.intermission.testing.Databases;

/** The snapshot never goes back: a refresh racing a local change can never hide that change, even briefly. */
class SnapshotRaceTest {

    /** A clock that is slow on the refresher's thread, which widens every window between its read and its swap. */
    private static final InstantSource SLOW_ON_REFRESH = new InstantSource() {
        @Override
        public Instant instant() {
            if (Thread.currentThread().getName().startsWith("intermission-refresh-")) {
                LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
            }
            return Instant.now();
        }
    };

    @Test
    void slowedRefresh_neverLosesALocalChange() {
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2())
                .refreshInterval(Maintenance.MIN_REFRESH_INTERVAL).timeSource(SLOW_ON_REFRESH).build()) {
            int regressions = 0;
            for (int i = 0; i < 300; i++) {
                MaintenanceStatus after = i % 2 == 0 ? service.enable(Mode.FULL, "change " + i, "alice")
                        : service.disable("alice");
                // Watch the snapshot while the refresher runs: it must never show an older version again.
                long until = System.nanoTime() + Duration.ofMillis(3).toNanos();
                while (System.nanoTime() < until) {
                    if (service.status().version() < after.version()) {
                        regressions++;
                        break;
                    }
                }
            }
            assertEquals(0, regressions, "local changes briefly lost to a concurrent refresh");
            assertEquals(300, service.refresh().version());
        }
    }
}
