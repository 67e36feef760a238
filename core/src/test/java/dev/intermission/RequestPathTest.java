package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.intermission.testing.CountingDataSource;
import dev.intermission.testing.Databases;
import dev.intermission.testing.ManualClock;

/** What the request path costs the database (nothing), and how a scheduled window follows the clock alone. */
class RequestPathTest {

    @Test
    void statusReads_betweenRefreshes_runZeroQueries() {
        CountingDataSource counting = new CountingDataSource(Databases.newH2());
        // A refresh interval far longer than the test: any query counted would come from the reads themselves.
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(counting)
                .refreshInterval(Duration.ofHours(1)).build()) {
            service.enable(Mode.READ_ONLY, "read only", "alice");
            long before = counting.executions();
            for (int i = 0; i < 100_000; i++) {
                assertEquals(Mode.READ_ONLY, service.status().effectiveMode());
                assertEquals(Mode.READ_ONLY, service.effectiveMode());
            }
            assertEquals(before, counting.executions(), "status reads must not touch the database");
        }
    }

    @Test
    void scheduledWindow_opensAndClosesOnTime_withNoWriteAndNoQuery() {
        ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
        CountingDataSource counting = new CountingDataSource(Databases.newH2());
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(counting).timeSource(clock)
                .refreshInterval(Duration.ofHours(1)).build()) {
            Instant start = Instant.parse("2030-01-01T02:00:00Z");
            Instant end = Instant.parse("2030-01-01T03:00:00Z");
            service.apply(MaintenanceChange.schedule(new ScheduledWindow(start, end, Mode.FULL, "nightly upgrade"))
                    .actor("ops").build());
            long version = service.status().version();
            long queries = counting.executions();

            clock.set(start.minusMillis(1));
            MaintenanceStatus before = service.status();
            assertEquals(Mode.OFF, before.effectiveMode());
            assertTrue(before.upcomingWindow().isPresent(), "an upcoming window is announced");

            clock.set(start);
            MaintenanceStatus during = service.status();
            assertEquals(Mode.FULL, during.effectiveMode());
            assertEquals(Mode.FULL, service.effectiveMode());
            assertEquals(Mode.OFF, during.mode(), "the stored mode is untouched");
            assertEquals("nightly upgrade", during.effectiveMessage());
            assertEquals(start, during.effectiveSince());
            assertEquals(end, during.effectiveUntil());
            assertEquals(Duration.ofHours(1), during.timeRemaining().orElseThrow());
            assertFalse(during.upcomingWindow().isPresent());

            clock.set(end);
            MaintenanceStatus after = service.status();
            assertEquals(Mode.OFF, after.effectiveMode());
            assertEquals(Mode.OFF, service.effectiveMode());
            assertEquals(null, after.window(), "an ended window is no longer reported");

            assertEquals(version, service.status().version(), "opening and closing wrote nothing");
            assertEquals(queries, counting.executions(), "opening and closing queried nothing");
        }
    }

    @Test
    void windowAndManualMode_theStricterWins() {
        ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2()).timeSource(clock)
                .build()) {
            service.apply(MaintenanceChange.schedule(new ScheduledWindow(Instant.parse("2030-01-01T01:00:00Z"),
                    Instant.parse("2030-01-01T02:00:00Z"), Mode.READ_ONLY, "window")).build());
            service.enable(Mode.FULL, "manual", "alice");
            clock.set(Instant.parse("2030-01-01T01:30:00Z"));
            assertEquals(Mode.FULL, service.effectiveMode());
            assertEquals("manual", service.status().effectiveMessage());
        }
    }

    @Test
    void disable_duringAnOpenWindow_closesIt_butKeepsAnUpcomingOne() {
        ManualClock clock = new ManualClock(Instant.parse("2030-01-01T01:30:00Z"));
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2()).timeSource(clock)
                .build()) {
            ScheduledWindow open = new ScheduledWindow(Instant.parse("2030-01-01T01:00:00Z"),
                    Instant.parse("2030-01-01T02:00:00Z"), Mode.FULL, null);
            service.apply(MaintenanceChange.schedule(open).build());
            assertEquals(Mode.FULL, service.effectiveMode());
            service.disable("alice");
            assertEquals(Mode.OFF, service.effectiveMode());
            assertEquals(null, service.refresh().window());

            ScheduledWindow upcoming = new ScheduledWindow(Instant.parse("2030-01-02T01:00:00Z"),
                    Instant.parse("2030-01-02T02:00:00Z"), Mode.FULL, null);
            service.apply(MaintenanceChange.schedule(upcoming).build());
            service.disable("alice");
            assertEquals(upcoming, service.refresh().window());
        }
    }
}
