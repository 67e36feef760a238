package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intermission.testing.CountingDataSource;
import dev.intermission.testing.Databases;

/**
 * An idle instance costs the database at most two statements per refresh interval, the refresh and the heartbeat,
 * with push on (PostgreSQL: its listening connection sends nothing while it waits) or off (H2).
 */
class HeartbeatLoadTest {

    private static final Duration INTERVAL = Duration.ofMillis(50);

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void idleInstance_runsAtMostTwoStatementsPerRefreshInterval(String database) throws InterruptedException {
        DataSource plain = database.equals("h2") ? Databases.newH2() : Databases.newPostgres();
        CountingDataSource counted = new CountingDataSource(plain);
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(counted).refreshInterval(INTERVAL)
                .build()) {
            service.enable(Mode.READ_ONLY, "idle from here on", "alice");
            boolean push = database.equals("postgres");
            MaintenanceContract.awaitTrue(() -> service.instances().instances().get(0).listening() == push,
                    "push should be " + (push ? "on" : "off"));
            Thread.sleep(INTERVAL.multipliedBy(4).toMillis());
            Instant firstBeat = service.instances().instances().get(0).lastHeartbeat();
            long before = counted.executions();
            long start = System.nanoTime();
            Thread.sleep(INTERVAL.multipliedBy(40).toMillis());
            long statements = counted.executions() - before;
            long intervals = (System.nanoTime() - start) / INTERVAL.toNanos() + 1;
            assertTrue(statements <= 2 * intervals, statements + " statements in " + intervals + " intervals");
            assertTrue(service.instances().instances().get(0).lastHeartbeat().isAfter(firstBeat),
                    "the heartbeat kept going");
        }
    }
}
