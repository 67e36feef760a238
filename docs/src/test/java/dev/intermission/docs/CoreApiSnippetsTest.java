package dev.intermission.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.intermission.Action;
import dev.intermission.HistoryEntry;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.ScheduledWindow;
import dev.intermission.VersionConflictException;
import dev.intermission.testing.Databases;

/** The core API section of docs/getting-started.md, line for line, run on H2. */
class CoreApiSnippetsTest {

    private DataSource dataSource;
    private MaintenanceService maintenance;

    @BeforeEach
    void build() {
        dataSource = Databases.newH2();
        // tag::build[]
        MaintenanceService maintenance = Maintenance.newBuilder()
                .dataSource(dataSource)               // the application's DataSource; the library never closes it
                .serviceName("orders")                // one row per service; several can share a database
                .build();                             // creates the library's tables, reads the state once
        // end::build[]
        this.maintenance = maintenance;
    }

    @AfterEach
    void close() {
        maintenance.close();
    }

    @Test
    void build_startsOffAtVersionZero() {
        assertEquals("orders", maintenance.serviceName());
        assertEquals(Mode.OFF, maintenance.effectiveMode());
        assertEquals(0, maintenance.status().version());
        assertFalse(maintenance.status().stale());
    }

    @Test
    void buildWithJdbcUrl_opensAndClosesItsOwnPool() {
        String url = Databases.newH2Url();
        String user = "sa";
        String password = "";
        // tag::build-url[]
        try (MaintenanceService service = Maintenance.newBuilder()
                .jdbcUrl(url, user, password)         // a 2-connection pool of the library's own
                .serviceName("orders")
                .build()) {
            runApplication(service);                  // close() stops the refresher and closes the pool
        }
        // end::build-url[]
        MaintenanceService again = Maintenance.newBuilder().jdbcUrl(url, user, password).serviceName("orders")
                .build();
        assertEquals(Mode.OFF, again.effectiveMode());
        again.close();
    }

    private String refusedWith;
    private long refusedRetryAfter;

    /** Stands for the application's own 503 answer. */
    private void refuse(String message, long retryAfterSeconds) {
        refusedWith = message;
        refusedRetryAfter = retryAfterSeconds;
    }

    /** Stands for the application's life: it reads the state. */
    private static void runApplication(MaintenanceService service) {
        assertEquals(Mode.OFF, service.effectiveMode());
    }

    @Test
    void read_answersFromMemoryWithRetryAfter() {
        maintenance.apply(MaintenanceChange.enable(Mode.FULL).message("Back soon")
                .expectedDuration(Duration.ofMinutes(10)).build());
        // tag::read[]
        MaintenanceStatus status = maintenance.status();          // from memory: no query, never blocks
        if (status.maintenance()) {                               // the classic flag: effective mode is not OFF
            String message = status.effectiveMessage();           // may be null
            long retryAfter = status.timeRemaining().map(Duration::toSeconds).orElse(300L);
            refuse(message, retryAfter);                          // your 503; the servlet filter does this for you
        }
        // end::read[]
        assertEquals("Back soon", refusedWith);
        assertTrue(refusedRetryAfter > 500 && refusedRetryAfter <= 600, "retry after " + refusedRetryAfter);
        // tag::read-cheap[]
        boolean refuseWrites = maintenance.effectiveMode() != Mode.OFF;   // the cheapest read, for hot paths
        // end::read-cheap[]
        assertTrue(refuseWrites);
    }

    @Test
    void switch_enableApplyDisable_recordsEveryChange() {
        // tag::switch[]
        maintenance.enable(Mode.FULL, "Upgrading the database", "alice");

        maintenance.apply(MaintenanceChange.enable(Mode.READ_ONLY)        // switch to read-only, or update while on
                .message("Read-only while we move to the new cluster")
                .expectedDuration(Duration.ofMinutes(30))                // or .until(instant): drives Retry-After
                .actor("alice")
                .build());

        maintenance.disable("alice");
        // end::switch[]
        List<HistoryEntry> history = maintenance.history(10);
        assertEquals(3, history.size());
        assertEquals(Mode.READ_ONLY, history.get(1).newMode());
        assertEquals(Mode.FULL, history.get(1).previousMode());
        assertTrue(history.get(1).until() != null);
        assertEquals(Mode.OFF, maintenance.effectiveMode());
        assertEquals(Origin.CODE, history.get(0).origin());
    }

    @Test
    void compareAndSet_conflict_writesNothing() {
        long seen = maintenance.status().version();
        maintenance.enable(Mode.FULL, null, "bob");                     // someone else acts in between
        String printed = captureOut(() -> {
            // tag::compare-and-set[]
            try {
                maintenance.apply(MaintenanceChange.disable().actor("deploy").expectedVersion(seen).build());
            } catch (VersionConflictException e) {
                // someone changed the state since we read version `seen`; nothing was written
                System.out.println("now at version " + e.actualVersion() + ", not " + e.expectedVersion());
            }
            // end::compare-and-set[]
        });
        assertEquals("now at version 1, not 0", printed.strip());
        assertEquals(Mode.FULL, maintenance.effectiveMode());
        assertEquals(1, maintenance.history(10).size());
    }

    private static String captureOut(Runnable code) {
        return CapturedOut.of(code);
    }

    @Test
    void schedule_upcomingThenCancelled() {
        String printed = captureOut(() -> {
            // tag::schedule[]
            Instant start = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
            maintenance.apply(MaintenanceChange.schedule(new ScheduledWindow(
                            start, start.plus(Duration.ofHours(1)), Mode.FULL, "Planned upgrade, back within the hour"))
                    .actor("alice")
                    .build());                                            // opens and closes on time, no write then
            maintenance.status().upcomingWindow()
                    .ifPresent(w -> System.out.println("maintenance from " + w.start() + " to " + w.end()));

            maintenance.apply(MaintenanceChange.cancelSchedule().actor("alice").build());
            // end::schedule[]
        });
        assertTrue(printed.startsWith("maintenance from "), printed);
        assertNull(maintenance.status().window());
        assertEquals(Mode.OFF, maintenance.effectiveMode());
        assertEquals(List.of(Action.CANCEL_SCHEDULE, Action.SCHEDULE),
                maintenance.history(10).stream().map(HistoryEntry::action).toList());
    }

    @Test
    void schedule_windowOpensOnTimeWithoutAWrite() {
        dev.intermission.testing.ManualClock clock =
                new dev.intermission.testing.ManualClock(Instant.parse("2030-01-31T17:00:00Z"));
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2()).timeSource(clock)
                .build()) {
            Instant start = Instant.parse("2030-01-31T18:00:00Z");
            service.apply(MaintenanceChange.schedule(new ScheduledWindow(start, start.plus(Duration.ofHours(1)),
                    Mode.FULL, "Planned upgrade")).build());
            assertEquals(Mode.OFF, service.effectiveMode());
            clock.set(start);
            assertEquals(Mode.FULL, service.effectiveMode());
            assertEquals("Planned upgrade", service.status().effectiveMessage());
            clock.set(start.plus(Duration.ofHours(1)));
            assertEquals(Mode.OFF, service.effectiveMode());
            assertEquals(1, service.history(10).size(), "opening and closing wrote nothing");
        }
    }

    @Test
    void listener_hearsLocalChange() {
        String printed = captureOut(() -> {
            // tag::listener[]
            maintenance.addListener(event -> {
                MaintenanceStatus now = event.current();
                if (now.effectiveMode() != event.previous().effectiveMode()) {
                    System.out.println("maintenance is now " + now.effectiveMode()
                            + (event.isLocal() ? ", changed here" : ", changed elsewhere"));
                }
            });
            // end::listener[]
            maintenance.enable(Mode.READ_ONLY, null, "alice");
        });
        assertEquals("maintenance is now READ_ONLY, changed here", printed.strip());
    }

    @Test
    void listener_hearsChangeMadeByAnotherInstance() throws InterruptedException {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        maintenance.addListener(event -> heard.add(event.source() + " " + event.current().effectiveMode()));
        try (MaintenanceService other = Maintenance.newBuilder().dataSource(dataSource).serviceName("orders")
                .build()) {
            other.enable(Mode.FULL, null, "bob");
        }
        for (int i = 0; i < 500 && heard.isEmpty(); i++) {
            Thread.sleep(10);                                              // up to one refresh interval (1 s)
        }
        assertEquals(List.of("REMOTE FULL"), heard);
    }

    @Test
    void history_newestFirst() {
        maintenance.enable(Mode.FULL, "Upgrading", "alice");
        maintenance.disable("bob");
        String printed = captureOut(() -> {
            // tag::history[]
            for (HistoryEntry e : maintenance.history(20)) {              // newest first, at most 1000
                System.out.printf("%d %s %s -> %s by %s via %s%n",
                        e.version(), e.at(), e.previousMode(), e.newMode(), e.actor(), e.origin());
            }
            // end::history[]
        });
        List<String> lines = printed.lines().toList();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("2 ") && lines.get(0).endsWith("FULL -> OFF by bob via CODE"), lines.get(0));
        assertTrue(lines.get(1).endsWith("OFF -> FULL by alice via CODE"), lines.get(1));
        assertThrows(IllegalArgumentException.class, () -> maintenance.history(1001));
    }

}
