package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.intermission.Action;
import dev.intermission.HistoryEntry;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.cli.CliRunner.Result;
import dev.intermission.testing.Databases;
import picocli.CommandLine.Command;

/** The operator CLI through its entry point, against H2. */
class MaintenanceCliTest {

    private String url;

    @BeforeEach
    void database() {
        url = Databases.newH2Url();
    }

    private Result cli(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--jdbc-url";
        all[1] = url;
        all[2] = "--user";
        all[3] = "sa";
        System.arraycopy(args, 0, all, 4, args.length);
        return CliRunner.run(all);
    }

    private MaintenanceService open() {
        return Maintenance.newBuilder().jdbcUrl(url, "sa", null).build();
    }

    private static void assertUsageError(Result r, String expected) {
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: "), r.toString());
        assertTrue(r.err().contains(expected), r.toString());
        assertTrue(r.err().contains("Usage: intermission"), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
    }

    private static void assertFailure(Result r, String expected) {
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), "one line: " + r);
        assertTrue(r.err().startsWith("error: "), r.toString());
        assertTrue(r.err().contains(expected), r.toString());
        assertEquals("", r.out(), r.toString());
    }

    @Test
    void status_freshDatabase_exit0AndOff() {
        Result r = cli("status");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("maintenance: off"), r.out());
        assertTrue(r.out().contains("version:     0"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void enable_defaults_fullRecordedWithOsUserAndCliOrigin() {
        Result r = cli("enable");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("maintenance on (FULL) for 'default'"), r.out());
        try (MaintenanceService s = open()) {
            assertEquals(Mode.FULL, s.effectiveMode());
            HistoryEntry e = s.history(1).get(0);
            assertEquals(Origin.CLI, e.origin());
            assertEquals(System.getProperty("user.name"), e.actor());
            assertNull(e.clientAddress());
        }
    }

    @Test
    void enable_readOnlyMessageAndFor_setsEverything() {
        Instant before = Instant.now();
        Result r = cli("--actor", "alice", "enable", "--read-only", "--message", "Upgrading the database",
                "--for", "1h30m");
        assertEquals(0, r.exit(), r.toString());
        try (MaintenanceService s = open()) {
            MaintenanceStatus status = s.status();
            assertEquals(Mode.READ_ONLY, status.mode());
            assertEquals("Upgrading the database", status.message());
            assertEquals("alice", status.changedBy());
            Duration ahead = Duration.between(before, status.until());
            assertTrue(ahead.compareTo(Duration.ofMinutes(89)) > 0 && ahead.compareTo(Duration.ofMinutes(91)) < 0,
                    ahead.toString());
        }
    }

    @Test
    void enable_untilIsoAndPt20m_accepted() {
        Instant until = Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        assertEquals(0, cli("enable", "--until", until.toString()).exit());
        try (MaintenanceService s = open()) {
            assertEquals(until, s.status().until());
        }
        assertEquals(0, cli("enable", "--for", "PT20M").exit());
        assertEquals(0, cli("enable", "--until", "2999-01-01T12:00+02:00").exit());
        try (MaintenanceService s = open()) {
            assertEquals(Instant.parse("2999-01-01T10:00:00Z"), s.status().until());
        }
    }

    @Test
    void enable_untilAndForTogether_usageError() {
        assertUsageError(cli("enable", "--until", "2999-01-01T00:00:00Z", "--for", "30m"), "mutually exclusive");
    }

    @Test
    void enable_badDurationOrTime_usageErrorNamingTheForms() {
        assertUsageError(cli("enable", "--for", "soon"), "30m, 1h30m");
        assertUsageError(cli("enable", "--for", "0m"), "positive");
        assertUsageError(cli("enable", "--until", "tomorrow"), "ISO-8601");
    }

    @Test
    void enable_untilInThePastOrOverlongMessage_exit1OneLineAndNothingWritten() {
        assertFailure(cli("enable", "--until", "2001-01-01T00:00:00Z"), "until: must be in the future");
        assertFailure(cli("enable", "--message", "m".repeat(1001)), "message: longer than 1000");
        try (MaintenanceService s = open()) {
            assertEquals(0, s.status().version());
        }
    }

    @Test
    void disable_afterEnable_offAndTwoHistoryEntries() {
        cli("enable");
        Result r = cli("disable");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("maintenance off for 'default'"), r.out());
        try (MaintenanceService s = open()) {
            assertEquals(Mode.OFF, s.effectiveMode());
            assertEquals(List.of(Action.DISABLE, Action.ENABLE), s.history(10).stream().map(HistoryEntry::action)
                    .toList());
        }
    }

    @Test
    void expectedVersion_stale_exit1ConflictAndUnchanged() {
        cli("enable");
        assertFailure(cli("disable", "--expected-version", "0"), "version conflict");
        assertEquals(0, cli("disable", "--expected-version", "1").exit());
    }

    @Test
    void statusJson_sameShapeAsTheEndpoint() throws Exception {
        cli("--actor", "bob", "enable", "--message", "Back soon");
        Result r = cli("status", "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules().readTree(r.out());
        assertTrue(json.get("maintenance").asBoolean());
        assertEquals("FULL", json.get("mode").asText());
        assertEquals("Back soon", json.get("message").asText());
        assertEquals("bob", json.get("changedBy").asText());
        assertEquals(1, json.get("version").asLong());
    }

    @Test
    void history_textAndJson_newestFirstWithLimit() throws Exception {
        cli("--actor", "a", "enable");
        cli("--actor", "b", "disable");
        cli("--actor", "c", "enable", "--read-only");
        Result text = cli("history", "--limit", "2");
        assertEquals(0, text.exit(), text.toString());
        List<String> lines = text.out().lines().toList();
        assertEquals(3, lines.size(), text.out());
        assertTrue(lines.get(0).startsWith("VERSION"));
        assertTrue(lines.get(1).startsWith("3 ") && lines.get(1).contains("READ_ONLY") && lines.get(1).contains(" c "),
                lines.get(1));
        assertTrue(lines.get(2).startsWith("2 ") && lines.get(2).contains("DISABLE"), lines.get(2));
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules().readTree(cli("history", "--json").out());
        assertEquals(3, json.get("entries").size());
        assertEquals("CLI", json.get("entries").get(0).get("origin").asText());
        assertUsageError(cli("history", "--limit", "0"), "--limit");
    }

    @Test
    void scheduleSetAndCancel_windowStoredThenRemoved() {
        Instant start = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plus(Duration.ofMinutes(30));
        Result set = cli("schedule", "set", "--start", start.toString(), "--end", end.toString(), "--read-only",
                "--message", "Planned upgrade");
        assertEquals(0, set.exit(), set.toString());
        try (MaintenanceService s = open()) {
            assertNotNull(s.status().window());
            assertEquals(start, s.status().window().start());
            assertEquals(Mode.READ_ONLY, s.status().window().mode());
            assertEquals(Mode.OFF, s.effectiveMode());
        }
        assertTrue(cli("status").out().contains("(upcoming)"));
        Result cancel = cli("schedule", "cancel");
        assertEquals(0, cancel.exit(), cancel.toString());
        try (MaintenanceService s = open()) {
            assertNull(s.status().window());
            assertEquals(Action.CANCEL_SCHEDULE, s.history(1).get(0).action());
        }
    }

    @Test
    void scheduleSet_missingEndOrNoSubcommand_usageError() {
        assertUsageError(cli("schedule", "set", "--start", "now"), "--end");
        assertUsageError(cli("schedule"), "set or cancel");
        assertFailure(cli("schedule", "set", "--start", "2030-01-02T00:00:00Z", "--end", "2030-01-01T00:00:00Z"),
                "window.end: must be after");
    }

    @Test
    void usageErrors_exit2WithTheUsageLine() {
        assertUsageError(cli(), "missing command");
        assertUsageError(cli("frobnicate"), "frobnicate");
        assertUsageError(cli("status", "--colour"), "--colour");
        assertUsageError(CliRunner.run("status"), MaintenanceCli.JDBC_URL_ENV);
    }

    @Test
    void help_exit0() {
        Result r = CliRunner.run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("enable"), r.out());
        Result sub = CliRunner.run("enable", "--help");
        assertEquals(0, sub.exit());
        assertTrue(sub.out().contains("--read-only"), sub.out());
    }

    @Test
    void environment_standsInForConnectionOptions() {
        Result r = CliRunner.run(Map.of(MaintenanceCli.JDBC_URL_ENV, url, MaintenanceCli.JDBC_USER_ENV, "sa",
                MaintenanceCli.JDBC_PASSWORD_ENV, ""), "enable", "--actor", "env-user");
        assertEquals(0, r.exit(), r.toString());
        try (MaintenanceService s = open()) {
            assertEquals("env-user", s.status().changedBy());
        }
    }

    @Test
    void serviceAndTablePrefix_selectTheRow() {
        assertEquals(0, cli("--service", "billing", "--table-prefix", "ops_", "enable").exit());
        try (MaintenanceService billing = Maintenance.newBuilder().jdbcUrl(url, "sa", null).serviceName("billing")
                .tablePrefix("ops_").build();
             MaintenanceService other = open()) {
            assertEquals(Mode.FULL, billing.effectiveMode());
            assertEquals(Mode.OFF, other.effectiveMode());
        }
        assertFailure(cli("--service", "bad name!", "status"), "serviceName");
    }

    @Test
    void unreachableDatabase_exit1OneLineWithoutStackTrace() {
        Result r = CliRunner.run("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/nothing", "--user", "x", "status");
        assertFailure(r, "cannot read the maintenance state");
        Result badUrl = CliRunner.run("--jdbc-url", "postgres://nowhere", "enable");
        assertFailure(badUrl, "jdbcUrl");
    }

    @Test
    void fileDatabase_changeMadeWhileAppIsDown_seenWhenTheAppStarts(@TempDir Path dir) {
        String file = "jdbc:h2:" + dir.resolve("app").toAbsolutePath();
        Result r = CliRunner.run("--jdbc-url", file, "--user", "sa", "enable", "--message", "Restoring backup");
        assertEquals(0, r.exit(), r.toString());
        try (MaintenanceService app = Maintenance.newBuilder().jdbcUrl(file, "sa", null).build()) {
            assertEquals(Mode.FULL, app.effectiveMode());
            assertEquals("Restoring backup", app.status().message());
        }
    }

    @Test
    void runningInstance_seesTheCliChangeWithinItsRefresh() throws Exception {
        try (MaintenanceService running = Maintenance.newBuilder().jdbcUrl(url, "sa", null)
                .refreshInterval(Duration.ofMillis(200)).build()) {
            assertEquals(Mode.OFF, running.effectiveMode());
            assertEquals(0, cli("enable", "--read-only").exit());
            assertEquals(Mode.READ_ONLY, await(running, Mode.READ_ONLY));
            assertEquals(0, cli("disable").exit());
            assertEquals(Mode.OFF, await(running, Mode.OFF));
            assertEquals(2, running.status().version());
        }
    }

    /** Polls the running instance (up to a generous bound) and returns the mode it shows. */
    static Mode await(MaintenanceService running, Mode expected) throws InterruptedException {
        for (int i = 0; i < 150 && running.effectiveMode() != expected; i++) {
            Thread.sleep(100);
        }
        return running.effectiveMode();
    }

    @Command(name = "touch", description = "A subcommand added by an application.")
    static final class TouchCommand implements Callable<Integer> {
        private final CliContext context;

        TouchCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (context.actor().equals("fail")) {
                throw new IllegalStateException("touch failed\nsecond line");
            }
            try (MaintenanceService s = context.openService()) {
                context.out().println("touched " + s.serviceName() + " as " + context.actor());
            }
            return 0;
        }
    }

    @Test
    void addSubcommand_extraCommandSharesOptionsAndErrorHandling() {
        MaintenanceCli cli = new MaintenanceCli().addSubcommand(TouchCommand::new);
        Result ok = CliRunner.run(cli, Map.of(), "--jdbc-url", url, "--user", "sa", "touch", "--actor", "ops");
        assertEquals(0, ok.exit(), ok.toString());
        assertEquals("touched default as ops\n", ok.out().replace("\r\n", "\n"));
        Result failed = CliRunner.run(cli, Map.of(), "--jdbc-url", url, "touch", "--actor", "fail");
        assertFailure(failed, "touch failed");
        assertUsageError(CliRunner.run(cli, Map.of(), "touch", "--nope"), "--nope");
    }
}
