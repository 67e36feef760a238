package dev.intermission.cli;

import static dev.intermission.cli.CliRunner.assertFailure;
import static dev.intermission.cli.CliRunner.assertUsageError;
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

/** The operator CLI through its entry point, against H2 with the library's tables. */
class MaintenanceCliTest {

    private String url;

    @BeforeEach
    void database() {
        url = Databases.newH2Url();
        CliRunner.createTables(url, "sa");
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

    private long version() {
        try (MaintenanceService s = open()) {
            return s.status().version();
        }
    }

    // ---- status

    @Test
    void status_namesTheDatabaseFirstAndSaysNothingIsRecordedYet() {
        Result r = cli("status");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("database:    " + url + " as sa", lines.get(0));
        assertTrue(r.out().contains("maintenance: off"), r.out());
        assertTrue(r.out().contains("version:     0"), r.out());
        assertTrue(r.out().contains("note:        no change recorded in this database yet"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void status_unknownService_listsTheServicesRecordedThere() {
        assertEquals(0, cli("--service", "billing", "enable").exit());
        Result r = cli("--service", "biling", "status");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("no change recorded for 'biling'; services recorded here: billing"), r.out());
    }

    @Test
    void statusJson_endpointFieldsWithTheDatabaseAndModesSpelledOneWay() {
        cli("--actor", "bob", "enable", "--read-only", "--message", "Back soon");
        Result r = cli("status", "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonNode json = r.json();
        assertEquals(url + " as sa", json.get("database").asText());
        assertEquals("default", json.get("service").asText());
        assertTrue(json.get("maintenance").asBoolean());
        assertEquals("read-only", json.get("mode").asText());
        assertEquals("read-only", json.get("effectiveMode").asText());
        assertEquals("Back soon", json.get("message").asText());
        assertEquals("bob", json.get("changedBy").asText());
        assertEquals(1, json.get("version").asLong());
        assertFalse(json.get("stale").asBoolean());
    }

    @Test
    void statusCheck_exit3WhenOnAnd0WhenOff() {
        assertEquals(MaintenanceCli.EXIT_OK, cli("status", "--check").exit());
        cli("enable");
        Result on = cli("status", "--check");
        assertEquals(MaintenanceCli.EXIT_MAINTENANCE_ON, on.exit(), on.toString());
        assertTrue(on.out().contains("maintenance: on (full)"), on.out());
        assertEquals("", on.err());
        cli("disable");
        assertEquals(MaintenanceCli.EXIT_OK, cli("status", "--check", "--json").exit());
    }

    @Test
    void status_expectedEndAheadOrOverdue_saidInWords() throws Exception {
        cli("enable", "--for", "1h");
        assertTrue(cli("status").out().contains("(expected end, in 59m"), cli("status").out());
        cli("enable", "--for", "1s");
        Thread.sleep(1100);
        String out = cli("status").out();
        assertTrue(out.contains("(expected end, OVERDUE by ") && out.contains("maintenance stays on until switched"
                + " off)"), out);
    }

    // ---- missing or wrong databases

    @Test
    void status_databaseWithoutTheLibrarysTables_exit1SayingWhereItLookedAndCreatesNothing() {
        String empty = Databases.newH2Url();
        Result r = CliRunner.run("--jdbc-url", empty, "--user", "sa", "status");
        assertFailure(r, "no Intermission tables in " + empty + " as sa (looked for service_context)",
                "--jdbc-url or " + MaintenanceCli.JDBC_URL_ENV, "schema --print");
        Result json = CliRunner.run("--jdbc-url", empty, "--user", "sa", "--table-prefix", "ops_", "history", "--json");
        assertEquals(1, json.exit(), json.toString());
        assertTrue(json.err().startsWith("error: no Intermission tables"), json.toString());
        assertTrue(json.json().get("error").asText().contains("looked for ops_service_context, prefix 'ops_'"),
                json.toString());
        assertEquals(empty + " as sa", json.json().get("database").asText());
        assertFailure(CliRunner.run("--jdbc-url", empty, "--user", "sa", "enable"), "no Intermission tables");
        assertFailure(CliRunner.run("--jdbc-url", empty, "--user", "sa", "migrate", "history"),
                "no Intermission tables");
        assertFailure(CliRunner.run("--jdbc-url", empty, "--user", "sa", "status"), "no Intermission tables");
    }

    @Test
    void defaultDatabase_missingFile_exit1NamingThePathAndHowToPointElsewhereAndNotCreated(@TempDir Path dir) {
        Path file = dir.resolve("data").resolve("app");
        MaintenanceCli cli = new MaintenanceCli().defaultDatabase("jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE", "sa",
                null);
        Result r = CliRunner.run(cli, Map.of(), "status");
        assertFailure(r, "no database at " + file + ".mv.db", "nothing was created",
                "no --jdbc-url or " + MaintenanceCli.JDBC_URL_ENV + " was given, so this is the default database");
        assertFalse(file.getParent().toFile().exists(), "nothing created");
        assertFailure(CliRunner.run(cli, Map.of(), "enable"), "no database at");
        assertFalse(file.getParent().toFile().exists(), "nothing created");
    }

    @Test
    void defaultDatabase_presentButEmpty_exit1SayingItIsTheDefault(@TempDir Path dir) {
        String empty = "jdbc:h2:file:" + dir.resolve("app");
        try {
            java.sql.DriverManager.getConnection(empty, "sa", "").close(); // an empty database file
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        Result r = CliRunner.run(new MaintenanceCli().defaultDatabase(empty, "sa", null), Map.of(), "status");
        assertFailure(r, "no Intermission tables in " + empty + " as sa", "so this is the default database");
        Result given = CliRunner.run(new MaintenanceCli().defaultDatabase(empty, "sa", null), Map.of(), "--jdbc-url",
                url, "--user", "sa", "status");
        assertEquals(0, given.exit(), "an explicit URL wins over the default: " + given);
    }

    @Test
    void relativeH2Path_shownResolved(@TempDir Path dir) {
        Result r = CliRunner.run("--jdbc-url", "jdbc:h2:file:./no-such-dir-" + dir.getFileName() + "/db", "status");
        String resolved = Path.of(System.getProperty("user.dir")).resolve("no-such-dir-" + dir.getFileName())
                .resolve("db").toString();
        assertFailure(r, "no database at " + resolved + ".mv.db (--jdbc-url jdbc:h2:file:./no-such-dir-",
                "nothing was created");
    }

    @Test
    void password_neverShown() {
        Map<String, String> env = Map.of(MaintenanceCli.JDBC_URL_ENV, Databases.newH2Url() + ";PASSWORD=s3cret",
                MaintenanceCli.JDBC_PASSWORD_ENV, "other-s3cret");
        Result json = CliRunner.run(env, "status", "--json");
        assertFalse(json.out().contains("s3cret") || json.err().contains("s3cret"), json.toString());
        assertTrue(json.json().get("database").asText().contains(";PASSWORD=***"), json.toString());
        Result text = CliRunner.run(env, "status");
        assertFalse(text.out().contains("s3cret") || text.err().contains("s3cret"), text.toString());
    }

    @Test
    void unreachableDatabase_exit1OneLineNamingItWithoutStackTrace() {
        Result r = CliRunner.run("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/nothing", "--user", "x", "status");
        assertFailure(r, "cannot connect to jdbc:postgresql://127.0.0.1:1/nothing as x",
                "check the URL, the server and the credentials (--jdbc-url)");
    }

    @Test
    void verbose_addsTheStackTraceAfterTheReason() {
        Result r = CliRunner.run("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/nothing", "status", "--verbose");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: cannot connect to"), r.toString());
        assertTrue(r.err().contains("\tat "), r.toString());
    }

    // ---- enable, disable, schedule

    @Test
    void enable_defaults_fullRecordedWithOsUserAndCliOrigin() {
        Result r = cli("enable");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("database: " + url + " as sa", "maintenance on (full) for 'default', version 1"),
                r.out().lines().toList());
        assertEquals("", r.err());
        try (MaintenanceService s = open()) {
            assertEquals(Mode.FULL, s.effectiveMode());
            HistoryEntry e = s.history(1).get(0);
            assertEquals(Origin.CLI, e.origin());
            assertEquals(System.getProperty("user.name"), e.actor());
            assertNull(e.clientAddress());
        }
    }

    @Test
    void enable_readOnlyMessageAndFor_setsEverythingAndSaysTheEndIsAnAnnouncement() {
        Instant before = Instant.now();
        Result r = cli("--actor", "alice", "enable", "--read-only", "--message", "Upgrading the database",
                "--for", "1h30m");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("maintenance on (read-only) for 'default', version 1"), r.out());
        assertTrue(r.out().contains("(in 1h"), r.out());
        assertTrue(r.out().contains("announced to users; maintenance stays on until 'disable'"), r.out());
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
    void enable_untilIsoOffsetAndPt20m_accepted() {
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
    void enableJson_printsTheStatusAfterTheChange() {
        Result r = cli("enable", "--json");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("full", r.json().get("mode").asText());
        assertEquals(1, r.json().get("version").asLong());
        assertEquals(url + " as sa", r.json().get("database").asText());
    }

    @Test
    void disable_afterEnable_offAndTwoHistoryEntries() {
        cli("enable");
        Result r = cli("disable");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("maintenance off for 'default', version 2", r.out().lines().toList().get(1));
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
        assertEquals(1, version());
        assertEquals(0, cli("disable", "--expected-version", "1").exit());
    }

    @Test
    void scheduleSetAndCancel_windowStoredThenRemoved() {
        Instant start = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plus(Duration.ofMinutes(30));
        Result set = cli("schedule", "set", "--start", start.toString(), "--end", end.toString(), "--read-only",
                "--message", "Planned upgrade");
        assertEquals(0, set.exit(), set.toString());
        assertTrue(set.out().contains("window scheduled for 'default': read-only from " + start + " to " + end),
                set.out());
        try (MaintenanceService s = open()) {
            assertNotNull(s.status().window());
            assertEquals(start, s.status().window().start());
            assertEquals(Mode.READ_ONLY, s.status().window().mode());
            assertEquals(Mode.OFF, s.effectiveMode());
        }
        assertTrue(cli("status").out().contains("window:      read-only from " + start + " to " + end
                + " (upcoming): Planned upgrade"), cli("status").out());
        Result cancel = cli("schedule", "cancel");
        assertEquals(0, cancel.exit(), cancel.toString());
        try (MaintenanceService s = open()) {
            assertNull(s.status().window());
            assertEquals(Action.CANCEL_SCHEDULE, s.history(1).get(0).action());
        }
    }

    @Test
    void scheduleSetWithANoticeTime_storesItAndStatusSaysWhenTheWindowBecomesPublic() {
        Instant notice = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        Instant start = notice.plus(Duration.ofHours(1));
        Instant end = start.plus(Duration.ofMinutes(30));
        Result set = cli("schedule", "set", "--start", start.toString(), "--end", end.toString(), "--notice",
                notice.toString(), "--message", "Planned upgrade");
        assertEquals(0, set.exit(), set.toString());
        assertTrue(set.out().contains("from " + start + " to " + end + ", public from " + notice), set.out());
        try (MaintenanceService s = open()) {
            assertEquals(notice, s.status().window().noticeAt());
        }
        String status = cli("status").out();
        assertTrue(status.contains("(upcoming, not yet public: announced from " + notice + "): Planned upgrade"),
                status);
    }

    @Test
    void scheduleSetWithANoticeTimeAfterTheStart_refusedNamingNoticeAndNothingWritten() {
        assertUsageError(cli("schedule", "set", "--start", "2999-01-01T00:00:00Z", "--end", "2999-01-02T00:00:00Z",
                "--notice", "2999-01-01T00:00:01Z"), "--notice: must be at or before --start");
        assertUsageError(cli("schedule", "set", "--start", "2999-01-01T00:00:00Z", "--end", "2999-01-02T00:00:00Z",
                "--notice", "soon"), "--notice");
        assertEquals(0, version());
    }

    // ---- every option refused by name, nothing changed

    @Test
    void refusedOptionValues_exit2NamingTheOptionAndNothingWritten() {
        assertUsageError(cli("enable", "--for", "soon"), "--for: must be a duration such as 30s", "was 'soon'");
        assertUsageError(cli("enable", "--for", "0m"), "--for: must be longer than zero");
        assertUsageError(cli("enable", "--until", "tomorrow"), "--until: must be an ISO-8601 time");
        assertUsageError(cli("enable", "--until", "2001-01-01T00:00:00Z"), "--until: must be in the future");
        assertUsageError(cli("enable", "--until", "2999-01-01T00:00:00Z", "--for", "30m"),
                "error: --until and --for cannot be used together: give only one");
        assertUsageError(cli("enable", "--message", "m".repeat(1001)), "--message: must be at most 1000 characters");
        assertUsageError(cli("enable", "--actor", "a".repeat(201)), "--actor: must be at most 200 characters");
        assertUsageError(cli("disable", "--expected-version", "-1"), "--expected-version: must not be negative");
        assertUsageError(cli("disable", "--expected-version", "x"), "--expected-version", "'x'");
        assertUsageError(cli("history", "--limit", "0"), "--limit: must be between 1 and 1000, was '0'");
        assertUsageError(cli("--service", "bad name!", "enable"), "--service");
        assertUsageError(cli("--table-prefix", "1x", "enable"), "--table-prefix");
        assertUsageError(cli("schedule", "set", "--start", "now"), "--end");
        assertUsageError(cli("schedule", "set", "--start", "2999-01-02T00:00:00Z", "--end", "2999-01-01T00:00:00Z"),
                "--end: must be after --start");
        assertUsageError(cli("schedule", "set", "--start", "2001-01-01T00:00:00Z", "--end", "2001-01-02T00:00:00Z"),
                "--end: must be in the future");
        assertUsageError(cli("schedule", "set", "--start", "now", "--end", "2999-01-01T00:00:00Z", "--message",
                "x".repeat(1001)), "--message: must be at most 1000 characters");
        assertUsageError(CliRunner.run("--jdbc-url", "postgres://nowhere", "enable"),
                "--jdbc-url: must be a JDBC URL starting with 'jdbc:'", "was 'postgres://nowhere'");
        assertUsageError(CliRunner.run(Map.of(MaintenanceCli.JDBC_URL_ENV, "h2:mem:x"), "status"),
                MaintenanceCli.JDBC_URL_ENV + ": must be a JDBC URL");
        assertEquals(0, version(), "nothing written");
    }

    @Test
    void refusedValueWithJson_reasonAlsoOnStandardOutput() {
        Result r = cli("enable", "--for", "soon", "--json");
        assertEquals(2, r.exit());
        assertTrue(r.json().get("error").asText().startsWith("--for: must be a duration"), r.toString());
    }

    @Test
    void usageErrors_exit2WithTheUsageLine() {
        assertUsageError(cli(), "missing command");
        assertUsageError(cli("frobnicate"), "frobnicate");
        assertUsageError(cli("status", "--colour"), "--colour");
        assertUsageError(cli("schedule"), "set or cancel");
        assertUsageError(CliRunner.run("status"), "no database given", MaintenanceCli.JDBC_URL_ENV);
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
        Maintenance.newBuilder().jdbcUrl(url, "sa", null).serviceName("billing").tablePrefix("ops_").build().close();
        assertEquals(0, cli("--service", "billing", "--table-prefix", "ops_", "enable").exit());
        try (MaintenanceService billing = Maintenance.newBuilder().jdbcUrl(url, "sa", null).serviceName("billing")
                .tablePrefix("ops_").build();
             MaintenanceService other = open()) {
            assertEquals(Mode.FULL, billing.effectiveMode());
            assertEquals(Mode.OFF, other.effectiveMode());
        }
    }

    @Test
    void fileDatabase_changeMadeWhileAppIsDown_seenWhenTheAppStarts(@TempDir Path dir) {
        String file = "jdbc:h2:" + dir.resolve("app").toAbsolutePath();
        CliRunner.createTables(file, "sa");
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

    // ---- an application's own subcommand

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
                context.out().println("touched " + s.serviceName() + " as " + context.actor() + " in "
                        + context.database());
            }
            return 0;
        }
    }

    @Test
    void addSubcommand_extraCommandSharesOptionsAndErrorHandling() {
        MaintenanceCli cli = new MaintenanceCli().addSubcommand(TouchCommand::new);
        Result ok = CliRunner.run(cli, Map.of(), "--jdbc-url", url, "--user", "sa", "touch", "--actor", "ops");
        assertEquals(0, ok.exit(), ok.toString());
        assertEquals("touched default as ops in " + url + " as sa\n", ok.out());
        Result failed = CliRunner.run(cli, Map.of(), "--jdbc-url", url, "touch", "--actor", "fail");
        assertFailure(failed, "touch failed");
        assertUsageError(CliRunner.run(cli, Map.of(), "touch", "--nope"), "--nope");
        assertFailure(CliRunner.run(cli, Map.of(), "--jdbc-url", Databases.newH2Url(), "touch"),
                "no Intermission tables");
    }
}
