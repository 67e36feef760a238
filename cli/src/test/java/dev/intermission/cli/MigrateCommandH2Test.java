package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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

    private static void assertUsageError(Result r, String expected) {
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: "), r.toString());
        assertTrue(r.err().contains(expected), r.toString());
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
        assertUsageError(cli(app(V1), "migrate", "--mode", "off"), "'off' is not a window mode");
        assertUsageError(cli(app(V1), "migrate", "--estimate", "0"), "--estimate");
        assertUsageError(cli(app(V1), "migrate", "--estimate", "25h"), "--estimate: must be positive and at most");
        assertUsageError(cli(app(V1), "migrate", "--lock-wait", "soon"), "--lock-wait");
        assertUsageError(cli(app(V1), "migrate", "--lock-wait", "2d"), "--lock-wait: must be between");
        assertUsageError(cli(app(V1), "migrate", "--refresh-interval", "PT0.001S"), "--refresh-interval");
        assertUsageError(cli(app(V1), "migrate", "--message", "x".repeat(1001)), "--message: longer than");
        assertUsageError(cli(app(V1), "migrate", "--flyway-table", "intermission_schema_history"),
                "--flyway-table: 'intermission_schema_history' is the library's own history table");
        assertUsageError(cli(app(V1), "migrate", "--location", "classpath:dev/intermission/schema"),
                "holds the library's own migrations");
        assertUsageError(cli(app(V1), "migrate", "--frobnicate"), "Unknown option");
        assertUsageError(cli(app(V1), "migrate", "show", "not-an-id"), "is not a migration window id");
        assertUsageError(cli(app(V1), "migrate", "history", "--limit", "0"), "--limit: must be between 1 and 1000");
        assertEquals(-1, flywayRows(), "nothing migrated");
        assertEquals(List.of(), MigrationHistory.of(open()).recent(10));
    }

    @Test
    void flywayConfiguration_libraryTableOrBadKey_refusedWhenSet() {
        assertThrows(IllegalArgumentException.class, () -> new MaintenanceCli().flywayConfiguration(
                Map.of("flyway.table", "intermission_schema_history")));
        assertThrows(IllegalArgumentException.class, () -> new MaintenanceCli().flywayConfiguration(
                Map.of("locations", "classpath:db/app-v1")));
        assertThrows(IllegalArgumentException.class, () -> new MaintenanceCli().flywayConfiguration(null));
    }

    @Test
    void migrate_noDatabaseGiven_usageError() {
        Result r = CliRunner.run("migrate", "--dry-run");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("no database given"), r.err());
    }
}
