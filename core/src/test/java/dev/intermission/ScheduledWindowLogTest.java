package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.intermission.testing.Databases;
import dev.intermission.testing.LogCapture;
import dev.intermission.testing.ManualClock;

/** A scheduled window opens and closes with no write: each instance tells its log when it sees it happen. */
class ScheduledWindowLogTest {

    @Test
    void aWindowOpeningAndClosingOnTime_isOneInfoLineEach_doneByTheSchedule() {
        ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
        Instant start = Instant.parse("2030-01-01T02:00:00Z");
        Instant end = Instant.parse("2030-01-01T03:00:00Z");
        try (LogCapture log = LogCapture.of("dev.intermission.Maintenance");
             MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2()).timeSource(clock)
                     .refreshInterval(Duration.ofMillis(20)).build()) {
            service.apply(MaintenanceChange.schedule(new ScheduledWindow(start, end, Mode.FULL, "nightly upgrade"))
                    .actor("ops").build());

            clock.set(start);
            MaintenanceContract.awaitTrue(() -> !log.linesContaining("window opened").isEmpty(),
                    "the opening was never logged: " + log.lines());
            clock.set(end);
            MaintenanceContract.awaitTrue(() -> !log.linesContaining("closed").isEmpty(),
                    "the closing was never logged: " + log.lines());

            List<String> schedule = log.linesContaining("changed by the schedule");
            assertEquals(List.of(
                    "INFO Maintenance of 'default' changed by the schedule: window opened, full \"nightly upgrade\""
                            + " until 2030-01-01T03:00:00Z (set by ops)",
                    "INFO Maintenance of 'default' changed by the schedule: window 2030-01-01T02:00:00Z to "
                            + "2030-01-01T03:00:00Z closed, serving off (set by ops)"), schedule);
        }
    }

    @Test
    void aWindowSetOpenByAChange_isToldByThatChangeAlone() {
        ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
        try (LogCapture log = LogCapture.of("dev.intermission.Maintenance");
             MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2()).timeSource(clock)
                     .refreshInterval(Duration.ofMillis(20)).build()) {
            service.apply(MaintenanceChange.schedule(new ScheduledWindow(clock.instant(),
                    clock.instant().plusSeconds(1800), Mode.FULL, "back soon")).actor("ops").build());
            service.apply(MaintenanceChange.cancelSchedule().actor("ops").build());
            int changes = log.linesContaining("changed by ops").size();
            service.refresh();
            service.refresh();

            assertEquals(2, changes, log.lines()::toString);
            assertEquals(List.of(), log.linesContaining("changed by the schedule"));
        }
    }
}
