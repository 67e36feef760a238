package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.intermission.HistoryEntry;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.cli.CliRunner.Result;
import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.migration.MigrationContext;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationHook;
import dev.intermission.migration.MigrationLaunch;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;

/** The CLI's {@code migrate} command through its entry point, run on each real database by a subclass. */
abstract class MigrateCommandContract {

    static final String V1 = "classpath:db/app-v1";
    static final String V2 = "classpath:db/app-v2";
    static final String BAD = "classpath:db/app-bad";
    static final String FIXED = "classpath:db/app-fixed";
    /** Short enough for tests; the window waits this plus its one-second margin before migrating. */
    static final String FAST_REFRESH = "PT0.1S";

    String url;
    private final List<MaintenanceService> services = new ArrayList<>();

    /** Returns the JDBC URL of a fresh database. */
    abstract String newUrl();

    /** Returns the user to pass with {@code --user}, or {@code null} when the URL carries it. */
    abstract String user();

    /** Returns whether the database rolls DDL back with its transaction (PostgreSQL) or not (H2, MariaDB). */
    abstract boolean rollsBackDdl();

    @BeforeEach
    void database() {
        url = newUrl();
    }

    @AfterEach
    void close() {
        services.forEach(MaintenanceService::close);
    }

    /** The application's CLI: its own Flyway locations, as an application's {@code main} would set them. */
    static MaintenanceCli app(String... locations) {
        return new MaintenanceCli().flywayConfiguration(Map.of("flyway.locations", String.join(",", locations)));
    }

    Result cli(MaintenanceCli cli, String... args) {
        List<String> all = new ArrayList<>(List.of("--jdbc-url", url, "--actor", "deployer"));
        if (user() != null) {
            all.addAll(List.of("--user", user()));
        }
        all.addAll(List.of(args));
        return CliRunner.run(cli, Map.of(), all.toArray(String[]::new));
    }

    /** A running instance of the application, refreshing often. */
    MaintenanceService open() {
        MaintenanceService service = Maintenance.newBuilder().jdbcUrl(url, user(), null)
                .refreshInterval(Duration.ofMillis(100)).build();
        services.add(service);
        return service;
    }

    /** The migrations recorded in the application's Flyway history table, or -1 when it does not exist. */
    int flywayRows() {
        Properties credentials = new Properties();
        if (user() != null) {
            credentials.setProperty("user", user());
        }
        try (Connection c = DriverManager.getConnection(url, credentials);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"type\" IN ('SQL', 'JDBC')")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    static List<String> versions(MigrationRecord record) {
        return record.applied().stream().map(m -> m.version()).toList();
    }

    static void assertOneFailureLine(Result r, String expected) {
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), "one line: " + r);
        assertTrue(r.err().startsWith(MigrationWindow.FAILURE_MESSAGE_PREFIX) || r.err().startsWith("error: "),
                r.toString());
        assertTrue(r.err().contains(expected), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
    }

    // ---- dry run

    @Test
    void dryRun_pendingMigrations_listsCurrentTargetAndPendingAndChangesNothing() throws Exception {
        MaintenanceService instance = open();
        long version = instance.status().version();

        Result r = cli(app(V1), "migrate", "--dry-run");

        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("database:  " + url), r.out());
        assertTrue(r.out().contains("locations: " + V1), r.out());
        assertTrue(r.out().contains("current:   none"), r.out());
        assertTrue(r.out().contains("target:    2"), r.out());
        assertTrue(r.out().contains("pending:   2 migration(s)"), r.out());
        assertTrue(r.out().contains("V1__create_items.sql") && r.out().contains("V2__add_item_price.sql"), r.out());
        JsonNode json = cli(app(V1), "migrate", "--dry-run", "--json").json();
        assertFalse(json.get("upToDate").asBoolean());
        assertEquals("2", json.get("targetVersion").asText());
        assertEquals(2, json.get("pending").size());
        assertEquals("create items", json.get("pending").get(0).get("description").asText());

        assertEquals(version, instance.refresh().version(), "maintenance untouched");
        assertEquals(List.of(), MigrationHistory.of(instance).recent(10), "no window recorded");
        assertEquals(-1, flywayRows(), "Flyway's history table not even created");
    }

    // ---- migrate

    @Test
    void migrate_pendingMigrations_appliesExits0AndARunningInstanceSeesMaintenanceOnThenOff() throws Exception {
        MaintenanceService instance = open();
        List<Mode> seen = new CopyOnWriteArrayList<>();
        instance.addListener(event -> seen.add(event.current().effectiveMode()));

        Result r = cli(app(V1), "migrate", "--refresh-interval", FAST_REFRESH, "--message", "Upgrading the shop",
                "--estimate", "10m");

        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err());
        MigrationRecord record = MigrationHistory.of(instance).recent(10).get(0);
        assertTrue(r.out().startsWith("database: " + url), r.out());
        assertTrue(r.out().contains("migration window " + record.id() + " started by deployer"), r.out());
        assertTrue(r.out().contains("migrating: 2 pending, version none -> 2"), r.out());
        assertTrue(r.out().indexOf(" started by ") < r.out().indexOf("migrating: "), "started, then migrating: " + r);
        assertTrue(r.out().strip().endsWith("maintenance off"), r.out());
        assertTrue(r.out().contains("migration succeeded (window " + record.id() + "): version none -> 2, 2 applied"),
                r.out());
        assertEquals(MigrationOutcome.SUCCEEDED, record.outcome());
        assertEquals("deployer", record.actor());
        assertEquals(Mode.FULL, record.mode());
        assertEquals(List.of("1", "2"), versions(record));
        assertEquals(2, flywayRows(), "Flyway's own history table holds the application's migrations");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // Listeners hear a change just after the state shows it: wait for the event, not the state.
        while (seen.isEmpty() || seen.get(seen.size() - 1) != Mode.OFF) {
            if (System.nanoTime() > deadline) {
                fail("the instance did not see the window end: " + seen);
            }
            Thread.sleep(20);
        }
        assertTrue(seen.contains(Mode.FULL), "the running instance saw maintenance on: " + seen);
        assertEquals(Mode.OFF, seen.get(seen.size() - 1), "and then off: " + seen);
        List<HistoryEntry> history = instance.history(10);
        assertEquals(2, history.size());
        assertEquals("Upgrading the shop", history.get(1).message());
        assertTrue(history.get(1).until() != null, "the estimate became the expected end");
        for (HistoryEntry e : history) {
            assertEquals("deployer", e.actor());
            assertEquals(Origin.MIGRATION, e.origin());
        }
    }

    @Test
    void migrate_nothingPending_exit0UpToDateAndNoSecondWindow() throws Exception {
        assertEquals(0, cli(app(V1), "migrate", "--refresh-interval", FAST_REFRESH).exit());

        Result again = cli(app(V1), "migrate", "--json");

        assertEquals(0, again.exit(), again.toString());
        JsonNode result = again.json();
        assertEquals("UP_TO_DATE", result.get("outcome").asText());
        assertEquals("2", result.get("versionAfter").asText());
        Result text = cli(app(V1), "migrate");
        assertTrue(text.out().contains("up to date at version 2: nothing to migrate"), text.toString());
        assertEquals(1, MigrationHistory.of(open()).recent(10).size());
    }

    @Test
    void migrate_locationOption_addsFoldersToTheApplicationsOwn(@TempDir Path hotfixes) throws Exception {
        Files.writeString(hotfixes.resolve("V4__hotfix_notes.sql"),
                "CREATE TABLE hotfix_notes (id INT NOT NULL, CONSTRAINT hotfix_notes_pk PRIMARY KEY (id));\n");
        String shipped = "filesystem:" + hotfixes.toAbsolutePath();

        Result dry = cli(app(V1), "migrate", "--dry-run", "--location", V2, "--location", shipped);
        assertTrue(dry.out().contains("locations: " + V1 + ", " + V2 + ", " + shipped), dry.out());
        assertTrue(dry.out().contains("target:    4"), dry.out());

        Result r = cli(app(V1), "migrate", "--location", V2, "--mode", "read-only", "--refresh-interval",
                FAST_REFRESH);

        assertEquals(0, r.exit(), r.toString());
        MaintenanceService instance = open();
        MigrationRecord first = MigrationHistory.of(instance).recent(1).get(0);
        assertEquals(List.of("1", "2", "3"), versions(first));
        assertEquals(Mode.READ_ONLY, first.mode());
        assertEquals(Mode.READ_ONLY, instance.history(2).get(1).newMode());

        Result hotfix = cli(app(V1), "migrate", "--location", V2, "--location", shipped, "--refresh-interval",
                FAST_REFRESH);

        assertEquals(0, hotfix.exit(), hotfix.toString());
        assertEquals(List.of("4"), versions(MigrationHistory.of(instance).recent(1).get(0)));
        assertEquals(4, flywayRows());
    }

    @Test
    void migrate_unknownLocation_usageErrorNamingItAndNothingChanged(@TempDir Path dir) {
        Result classpath = cli(app(V1), "migrate", "--location", "classpath:db/no-such-folder");
        assertEquals(2, classpath.exit(), classpath.toString());
        assertTrue(classpath.err().startsWith("error: --location: "), classpath.err());
        assertTrue(classpath.err().lines().findFirst().orElseThrow().contains("'classpath:db/no-such-folder' is not "
                + "on the class path"), classpath.err());
        Result filesystem = cli(app(V1), "migrate", "--dry-run", "--location", "filesystem:" + dir.resolve("gone"));
        assertEquals(2, filesystem.exit(), filesystem.toString());
        assertTrue(filesystem.err().contains("is not a directory"), filesystem.err());

        assertEquals(-1, flywayRows(), "nothing migrated");
        MaintenanceService instance = open();
        assertEquals(0, instance.status().version());
        assertEquals(List.of(), MigrationHistory.of(instance).recent(10));
    }

    @Test
    void migrate_badMigration_exit1WithOneLineAndMaintenanceStaysOnUntilTheFixedRerun() {
        MaintenanceService instance = open();

        Result r = cli(app(V1, BAD), "migrate", "--refresh-interval", FAST_REFRESH);

        MigrationRecord failed = MigrationHistory.of(instance).recent(1).get(0);
        assertOneFailureLine(r, "(window " + failed.id() + ")");
        assertTrue(r.err().toLowerCase(java.util.Locale.ROOT).contains("no_such_items"), r.err());
        assertTrue(r.out().contains("maintenance stays on"), r.out());
        assertTrue(r.out().contains(rollsBackDdl() ? "then run 'migrate'" : "then run 'migrate --repair-failed'")
                && r.out().contains("migrate show " + failed.id()), r.out());
        assertEquals(MigrationOutcome.FAILED, failed.outcome());
        MaintenanceStatus status = instance.refresh();
        assertTrue(status.maintenance(), "maintenance stays on");
        assertEquals(MigrationWindow.DEFAULT_MESSAGE, status.message(), "users keep the window's words");

        Result fixed = cli(app(V1, FIXED), "migrate", "--repair-failed", "--refresh-interval", FAST_REFRESH);

        assertEquals(0, fixed.exit(), fixed.toString());
        assertFalse(instance.refresh().maintenance(), "the fixed window reopens");
        assertEquals(List.of("3"), versions(MigrationHistory.of(instance).recent(1).get(0)));
    }

    @Test
    void migrateAgain_afterAFailureTheHistoryRecords_isRefusedBeforeAnyWindow_keepingTheWindowsWords() {
        MaintenanceService instance = open();
        Result first = cli(app(V1, BAD), "migrate", "--message", "Moving the orders", "--estimate", "20m",
                "--refresh-interval", FAST_REFRESH);
        assertEquals(1, first.exit(), first.toString());
        MaintenanceStatus before = instance.refresh();
        int windows = MigrationHistory.of(instance).recent(10).size();

        Result again = cli(app(V1, FIXED), "migrate", "--refresh-interval", FAST_REFRESH);

        if (rollsBackDdl()) {
            // Nothing is recorded as failed: the fixed script simply runs.
            assertEquals(0, again.exit(), again.toString());
            return;
        }
        assertOneFailureLine(again, "error: migration 3 create orders (V3__create_orders.sql) is recorded as failed");
        assertTrue(again.err().contains("then run 'migrate --repair-failed'"), again.toString());
        assertTrue(again.out().contains("next:     fix V3__create_orders.sql"), again.out());
        assertEquals(windows, MigrationHistory.of(instance).recent(10).size(), "no window was started");
        MaintenanceStatus after = instance.refresh();
        assertEquals(before.version(), after.version(), "nothing changed");
        assertEquals("Moving the orders", after.message(), "users keep the failed window's words");
        assertEquals(before.until(), after.until());

        JsonNode json = cli(app(V1, FIXED), "migrate", "--json").json();
        assertTrue(json.get("error").asText().startsWith("migration 3 create orders"), json.toString());
        assertEquals("V3__create_orders.sql", json.get("failedMigration").get("script").asText());
        assertEquals(url + (user() == null ? "" : " as " + user()), json.get("database").asText());
    }

    @Test
    void status_afterAFailedWindow_namesTheWindowItsReasonAndTheNextStep() {
        MaintenanceService instance = open();
        cli(app(V1, BAD), "migrate", "--refresh-interval", FAST_REFRESH);
        String id = MigrationHistory.of(instance).recent(1).get(0).id();

        Result status = cli(new MaintenanceCli(), "status");

        assertEquals(0, status.exit(), status.toString());
        String line = status.out().lines().filter(l -> l.startsWith("migration:   ")).findFirst()
                .orElseThrow(() -> new AssertionError("no migration line: " + status));
        assertTrue(line.startsWith("migration:   window " + id + " FAILED in migrate at "), line);
        assertTrue(line.contains(": V3__create_orders.sql failed at line 2: "), line);
        assertTrue(line.endsWith("next: 'migrate show " + id + "' says what stayed and what to do"), line);

        cli(app(V1, FIXED), "migrate", "--repair-failed", "--refresh-interval", FAST_REFRESH);
        Result after = cli(new MaintenanceCli(), "status");
        assertFalse(after.out().contains("migration:"), "a window that succeeded since needs no line: " + after);
    }

    @Test
    void failedMigration_runDryRunAndShowNameTheScriptWhatStayedAndTheNextStep() {
        MaintenanceService instance = open();

        Result r = cli(app(V1, BAD), "migrate", "--refresh-interval", FAST_REFRESH);

        String id = MigrationHistory.of(instance).recent(1).get(0).id();
        String reason = r.err().lines().findFirst().orElseThrow();
        assertTrue(reason.startsWith("error: migration failed: V3__create_orders.sql failed at line 2: "), r.err());
        assertTrue(reason.toLowerCase(java.util.Locale.ROOT)
                .contains("(statement: alter table no_such_items add column stock int)"), r.err());
        assertFalse(reason.contains("SQL statement:") || reason.contains("Error: "), "one whole sentence: " + r);
        assertTrue(r.out().contains("script:  V3__create_orders.sql"), r.out());

        JsonNode dry = cli(app(V1, FIXED), "migrate", "--dry-run", "--json").json();
        JsonNode shown;
        if (rollsBackDdl()) {
            assertTrue(dry.get("failedMigration").isNull(), "nothing recorded as failed: " + dry);
            shown = dry.get("lastFailedWindow");
            assertEquals(id, shown.get("id").asText());
            assertTrue(shown.get("state").asText().startsWith("rolled back: PostgreSQL"), shown.toString());
            assertEquals("fix V3__create_orders.sql, then run 'migrate'", shown.get("nextStep").asText());
        } else {
            shown = dry.get("failedMigration");
            assertEquals("3", shown.get("version").asText());
            assertTrue(shown.get("recordedAsFailed").asBoolean());
            assertTrue(shown.get("state").asText().startsWith("may be partly applied: "), shown.toString());
            assertTrue(shown.get("nextStep").asText().endsWith("then run 'migrate --repair-failed'"),
                    shown.toString());
        }
        assertEquals("V3__create_orders.sql", shown.get("script").asText());
        assertEquals(!rollsBackDdl(), shown.get("mayBePartlyApplied").asBoolean());
        assertEquals(rollsBackDdl(), shown.get("databaseRollsBackDdl").asBoolean());

        Result text = cli(app(V1, FIXED), "migrate", "--dry-run");
        assertTrue(text.out().contains("failed:    ") && text.out().contains("V3__create_orders.sql")
                && text.out().contains("next:      fix V3__create_orders.sql"), text.out());

        Result show = cli(app(V1, FIXED), "migrate", "show", id);
        assertEquals(0, show.exit(), show.toString());
        assertTrue(show.out().contains("error:    V3__create_orders.sql failed at line 2: "), show.out());
        assertTrue(show.out().contains("script:   V3__create_orders.sql"), show.out());
        assertTrue(show.out().contains("next:     fix V3__create_orders.sql"), show.out());
        JsonNode showJson = cli(app(V1, FIXED), "migrate", "show", id, "--json").json();
        assertEquals(shown.get("nextStep"), showJson.get("recovery").get("nextStep"));
    }

    @Test
    void migrate_anotherWindowRunning_exit1NamingIt() throws Exception {
        MaintenanceService instance = open();
        Map<String, String> flyway = new LinkedHashMap<>();
        flyway.put("flyway.url", url);
        if (user() != null) {
            flyway.put("flyway.user", user());
        }
        SchemaMigrator migrator = FlywayMigrator.newBuilder().configuration(flyway).locations(V1).build();
        CountDownLatch atGate = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        MigrationLaunch running = MigrationWindow.newBuilder(instance, migrator)
                .propagationMargin(Duration.ofMillis(10))
                .addHook(new MigrationHook() {
                    @Override
                    public void beforeMigrate(MigrationContext context) throws Exception {
                        atGate.countDown();
                        gate.await(30, TimeUnit.SECONDS);
                    }
                })
                .build().start();
        try {
            assertTrue(atGate.await(30, TimeUnit.SECONDS));

            Result r = cli(app(V1), "migrate", "--lock-wait", "0");

            assertOneFailureLine(r, "another migration window is running: window " + running.windowId().orElseThrow()
                    + " of ");
            assertTrue(r.err().contains(" holds the migration lock until "), "names the lease's end: " + r);
            assertTrue(r.err().startsWith("error: "), r.toString());
        } finally {
            gate.countDown();
        }
        assertEquals(MigrationOutcome.SUCCEEDED, running.join().outcome());
        assertEquals(1, MigrationHistory.of(instance).recent(10).size());
    }

    // ---- reading windows

    @Test
    void historyAndShow_listAndDescribeRecordedWindows() throws Exception {
        assertEquals(0, cli(app(V1), "migrate", "--refresh-interval", FAST_REFRESH).exit());
        String id = MigrationHistory.of(open()).recent(1).get(0).id();

        Result list = cli(new MaintenanceCli(), "migrate", "history");
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().contains(id) && list.out().contains("SUCCEEDED"), list.out());
        JsonNode json = cli(new MaintenanceCli(), "migrate", "history", "--json").json();
        assertEquals(id, json.get("windows").get(0).get("id").asText());

        Result show = cli(new MaintenanceCli(), "migrate", "show", id);
        assertEquals(0, show.exit(), show.toString());
        assertTrue(show.out().contains("outcome:  SUCCEEDED"), show.out());
        assertTrue(show.out().contains("V2__add_item_price.sql"), show.out());
        JsonNode shown = cli(new MaintenanceCli(), "migrate", "show", id, "--json").json();
        assertEquals("deployer", shown.get("actor").asText());
        assertEquals("full", shown.get("mode").asText());
        assertTrue(shown.get("database").asText().startsWith(url), shown.toString());

        Result unknown = cli(new MaintenanceCli(), "migrate", "show", java.util.UUID.randomUUID().toString());
        assertEquals(1, unknown.exit(), unknown.toString());
        assertEquals(1, unknown.err().lines().count(), unknown.toString());
        assertTrue(unknown.err().contains("no migration window"), unknown.err());
    }
}
