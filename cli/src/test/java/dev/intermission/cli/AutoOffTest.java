package dev.intermission.cli;

import static dev.intermission.cli.CliRunner.assertUsageError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.intermission.Action;
import dev.intermission.HistoryEntry;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.cli.CliRunner.Result;
import dev.intermission.testing.Databases;

/**
 * {@code enable --auto-off} ends maintenance by itself: a scheduled window from now to the end, which a running
 * instance closes on time with no write (the version stays); plain {@code --for} stays an announcement.
 */
class AutoOffTest {

    private String url;
    private final List<MaintenanceService> services = new ArrayList<>();

    @BeforeEach
    void database() {
        url = Databases.newH2Url();
        CliRunner.createTables(url, "sa");
    }

    @AfterEach
    void close() {
        services.forEach(MaintenanceService::close);
    }

    private Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--jdbc-url", url, "--user", "sa", "--actor", "alice"));
        all.addAll(List.of(args));
        return CliRunner.run(all.toArray(String[]::new));
    }

    private MaintenanceService instance() {
        MaintenanceService s = Maintenance.newBuilder().jdbcUrl(url, "sa", null)
                .refreshInterval(Duration.ofMillis(100)).build();
        services.add(s);
        return s;
    }

    /** Waits (at most 15 s) until the instance holds a state that satisfies the test. */
    private static MaintenanceStatus await(MaintenanceService s, java.util.function.Predicate<MaintenanceStatus> p)
            throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            MaintenanceStatus status = s.status();
            if (p.test(status)) {
                return status;
            }
            Thread.sleep(50);
        }
        return s.status();
    }

    @Test
    void autoOff_reopensAtTheEndOnARunningInstanceWithNoWrite() throws InterruptedException {
        MaintenanceService running = instance();

        Result r = cli("enable", "--read-only", "--message", "Back soon", "--for", "2s", "--auto-off");

        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("then off by itself on every instance"), r.out());
        assertEquals("", r.err());
        MaintenanceStatus on = await(running, MaintenanceStatus::maintenance);
        assertTrue(on.maintenance(), "on at once");
        assertEquals(Mode.READ_ONLY, on.effectiveMode());
        assertEquals("Back soon", on.effectiveMessage());
        assertNotNull(on.window());
        long version = on.version();
        Result status = cli("status");
        assertTrue(status.out().contains("window:      read-only from "), status.out());
        assertTrue(status.out().contains("(automatic end: the scheduled window closes, in "), status.out());

        MaintenanceStatus off = await(running, s -> !s.maintenance());

        assertFalse(off.maintenance(), "reopened at the end");
        assertEquals(version, off.version(), "nothing was written at the end");
        assertEquals(version, instance().status().version());
        List<HistoryEntry> history = running.history(10);
        assertEquals(1, history.size(), "one entry: the window set by the operator");
        assertEquals(Action.SCHEDULE, history.get(0).action());
        assertEquals(Origin.CLI, history.get(0).origin());
        assertEquals("alice", history.get(0).actor());
    }

    @Test
    void autoOffUntil_aWindowEndingThen() {
        String until = java.time.Instant.now().plus(Duration.ofHours(1)).truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS).toString();

        Result r = cli("enable", "--until", until, "--auto-off", "--json");

        assertEquals(0, r.exit(), r.toString());
        assertEquals(until, r.json().get("window").get("end").asText());
        assertFalse(instance().status().mode().isMaintenance(), "not switched on: the window is");
        assertTrue(instance().status().maintenance());
    }

    @Test
    void plainFor_staysAnAnnouncementAndShowsOverdue() throws InterruptedException {
        assertEquals(0, cli("enable", "--for", "1s").exit());
        Thread.sleep(1500);

        Result status = cli("status");

        assertTrue(status.out().contains("maintenance: on (full)"), status.out());
        assertTrue(status.out().contains("OVERDUE by"), status.out());
    }

    @Test
    void autoOffWithoutAnEnd_usageErrorNamingIt() {
        Result r = cli("enable", "--auto-off");

        assertUsageError(r, "--auto-off: needs the end: give --for DURATION or --until TIME");
        assertEquals(0, instance().status().version(), "nothing written");
    }

    @Test
    void autoOffWhileSwitchedOn_refusedAndNothingChanged() {
        assertEquals(0, cli("enable").exit());

        Result r = cli("enable", "--for", "5m", "--auto-off");

        assertEquals(MaintenanceCli.EXIT_FAILURE, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: --auto-off: maintenance is already switched on (full, by alice)"),
                r.err());
        assertEquals(1, instance().status().version(), "nothing written");
    }
}
