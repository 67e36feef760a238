package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.cli.CliRunner.Result;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.testing.Databases;

/** The CLI's {@code migrate} command against H2, with its usage errors and defaults. */
class MigrateCommandH2Test extends MigrateCommandContract {

    @Override
    String newUrl() {
        return Databases.newH2Url();
    }

    @Override
    String user() {
        return "sa";
    }

    private static void assertUsageError(Result r, String... expected) {
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: "), r.toString());
        for (String e : expected) {
            assertTrue(r.err().lines().findFirst().orElseThrow().contains(e), e + " in: " + r);
        }
        assertTrue(r.err().contains("Usage: intermission migrate"), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
    }

    @Test
    void dryRun_noApplicationConfiguration_usesFlywaysDefaultLocation() {
        Result r = cli(new MaintenanceCli(), "migrate", "--dry-run");

        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("locations: classpath:db/migration"), r.out());
        assertTrue(r.out().contains("table:     flyway_schema_history"), r.out());
        assertTrue(r.out().contains("up to date: nothing to migrate"), r.out());
    }

    @Test
    void migrate_invalidOptions_usageErrorsNamingTheOptionAndNothingChanged() {
        assertUsageError(cli(app(V1), "migrate", "--mode", "off"), "--mode: must be full or read-only", "was 'off'");
        assertUsageError(cli(app(V1), "migrate", "--mode", "sideways"), "--mode: must be one of off, read-only or full");
        assertUsageError(cli(app(V1), "migrate", "--estimate", "0"), "--estimate: must be between 1ms and 1d");
        assertUsageError(cli(app(V1), "migrate", "--estimate", "25h"), "--estimate: must be between 1ms and 1d");
        assertUsageError(cli(app(V1), "migrate", "--lock-wait", "soon"), "--lock-wait: must be a duration");
        assertUsageError(cli(app(V1), "migrate", "--lock-wait", "2d"), "--lock-wait: must be between 0s and 1d");
        assertUsageError(cli(app(V1), "migrate", "--refresh-interval", "PT0.001S"),
                "--refresh-interval: must be between 10ms and 1h");
        assertUsageError(cli(app(V1), "migrate", "--message", "x".repeat(1001)), "--message: must be at most 1000 characters");
        assertUsageError(CliRunner.run(app(V1), Map.of(), "--jdbc-url", url, "--actor", "x".repeat(201), "migrate"),
                "--actor: must be at most 200 characters");
        assertUsageError(cli(app(V1), "migrate", "--flyway-table", "intermission_schema_history"),
                "--flyway-table", "'intermission_schema_history' is the library's own history table");
        assertUsageError(cli(app(V1), "migrate", "--location", "classpath:dev/intermission/schema"),
                "--location", "holds the library's own migrations");
        assertUsageError(cli(app(V1), "migrate", "--frobnicate"), "unknown option '--frobnicate'");
        assertUsageError(cli(app(V1), "migrate", "show", "not-an-id"), "ID: must be a migration window id");
        assertUsageError(cli(app(V1), "migrate", "history", "--limit", "0"), "--limit: must be between 1 and 1000");
        assertEquals(-1, flywayRows(), "nothing migrated");
        assertFalse(libraryTables(), "not even the library's tables were created");
    }

    @Test
    void aWindowWhoseProcessDied_statusAndShowSayInterruptedAndTheNextStep() throws Exception {
        open();
        String id = "0b7c43a1-5d1e-4c36-9a53-3f0f5a1de7a2";
        // What a window leaves when its process is killed while migrating: started, never ended, and no lease.
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("INSERT INTO migration_window (id, service_name, actor, holder, mode, "
                    + "started_at, version_before) VALUES ('" + id + "', 'default', 'deployer', '4242@build-7', "
                    + "'FULL', TIMESTAMP '2030-01-31 18:00:00', '2')");
        }

        Result status = cli(new MaintenanceCli(), "status");
        assertTrue(status.out().contains("migration:   window " + id + " INTERRUPTED: started at "
                + "2030-01-31T18:00:00Z by deployer on 4242@build-7, whose process stopped before it ended"),
                status.toString());
        assertTrue(status.out().contains("next: 'migrate --dry-run' shows what is still pending"), status.out());

        Result show = cli(new MaintenanceCli(), "migrate", "show", id);
        assertEquals(0, show.exit(), show.toString());
        assertTrue(show.out().contains("outcome:  INTERRUPTED"), show.out());
        assertTrue(show.out().contains("version:  2 -> -\n"), "not ended, so no version after: " + show.out());
        assertTrue(show.out().contains("next:     its process stopped before the window ended"), show.out());
    }

    @Test
    void migrate_anOperatorChangesMaintenanceDuringTheWindow_theReportAndShowSaySo(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("V1__wait_for_the_operator.sql"), "CREATE ALIAS IF NOT EXISTS "
                + "WAIT_FOR_THE_OPERATOR FOR 'dev.intermission.cli.OperatorGate.await';\nCALL WAIT_FOR_THE_OPERATOR();\n");
        MaintenanceService instance = open();
        OperatorGate.reset();
        CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> cli(app("filesystem:" + dir), "migrate",
                "--refresh-interval", FAST_REFRESH));
        try {
            assertTrue(OperatorGate.awaitEntered(), "the migration never started: " + (run.isDone() ? run.join() : ""));
            instance.enable(Mode.FULL, "Checking the disks", "alice");
        } finally {
            OperatorGate.release();
        }
        Result r = run.get(60, TimeUnit.SECONDS);

        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("maintenance stays on: maintenance was changed during the window"), r.out());
        assertFalse(r.out().contains("switched on before the window"), r.out());
        String id = MigrationHistory.of(instance).recent(1).get(0).id();
        Result show = cli(new MaintenanceCli(), "migrate", "show", id);
        assertTrue(show.out().contains("note:     maintenance was changed during the window"), show.out());
        assertEquals("Checking the disks", instance.refresh().message());
    }

    @Test
    void flywayConfiguration_libraryTableOrBadKey_refusedWhenSet() {
        assertThrows(IllegalArgumentException.class, () -> new MaintenanceCli().flywayConfiguration(
                Map.of("flyway.table", "intermission_schema_history")));
        assertThrows(IllegalArgumentException.class, () -> new MaintenanceCli().flywayConfiguration(
                Map.of("locations", "classpath:db/app-v1")));
        assertThrows(IllegalArgumentException.class, () -> new MaintenanceCli().flywayConfiguration(null));
    }

    /** Whether the library's tables exist in the test's database. */
    boolean libraryTables() {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().executeQuery("SELECT 1 FROM service_context WHERE 1 = 0").close();
            return true;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    @Test
    void migrate_operatorsMaintenanceAlreadyOn_saysStartedThenMigratingAndKeepsItOn() {
        CliRunner.createTables(url, "sa");
        assertEquals(0, cli(new MaintenanceCli(), "enable", "--message", "Operator's words").exit());

        Result r = cli(app(V1), "migrate", "--refresh-interval", FAST_REFRESH);

        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(1).startsWith("migration window ") && lines.get(2).startsWith("migrating: "), r.out());
        assertEquals("maintenance stays on: it was switched on before the window", lines.get(lines.size() - 1));
        assertTrue(cli(new MaintenanceCli(), "status").out().contains("message:     Operator's words"));
    }

    @Test
    void migrate_freshDatabase_createsTheLibrarysTablesToo() {
        Result r = cli(app(V1), "migrate", "--refresh-interval", FAST_REFRESH);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(libraryTables());
        assertEquals(2, flywayRows());
    }

    @Test
    void migrate_missingH2File_exit1AndNothingCreated(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("gone").resolve("app");
        Result dry = CliRunner.run(app(V1), Map.of(), "--jdbc-url", "jdbc:h2:file:" + file, "migrate", "--dry-run");
        assertEquals(1, dry.exit(), dry.toString());
        assertTrue(dry.err().startsWith("error: cannot read the migrations of jdbc:h2:file:" + file), dry.toString());
        Result run = CliRunner.run(app(V1), Map.of(), "--jdbc-url", "jdbc:h2:file:" + file, "migrate");
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().startsWith("error: no database at " + file + ".mv.db"), run.toString());
        assertFalse(file.getParent().toFile().exists(), "nothing created");
    }

    @Test
    void migrate_noDatabaseGiven_usageError() {
        Result r = CliRunner.run("migrate", "--dry-run");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("no database given"), r.err());
    }

    @Override
    boolean rollsBackDdl() {
        return false;
    }
}
