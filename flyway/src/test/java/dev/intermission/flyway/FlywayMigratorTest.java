package dev.intermission.flyway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.MigrationFailedException;
import dev.intermission.migration.MigrationPlan;
import dev.intermission.migration.PendingMigration;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.testing.Databases;

/** The Flyway migrator: the application's locations and history table only, and Flyway's plan and migrate. */
class FlywayMigratorTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"classpath:dev/intermission/schema", "classpath:/dev/intermission/schema/",
            "dev/intermission/schema", "classpath:dev/intermission", "classpath:dev", "classpath:",
            "CLASSPATH:dev/intermission/schema", "classpath:dev/**/schema", "classpath:dev/intermission/schema/sub"})
    void locations_libraryMigrations_rejected(String location) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlywayMigrator.newBuilder().locations("classpath:db/app-v1", location));
        assertTrue(e.getMessage().startsWith("locations: "), e.getMessage());
        assertTrue(e.getMessage().contains("library's own migrations"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FlywayMigrator.newBuilder().addLocations(location));
        assertThrows(IllegalArgumentException.class, () -> FlywayMigrator.newBuilder()
                .configuration(Map.of("flyway.locations", "classpath:db/app-v1," + location)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"intermission_schema_history", "INTERMISSION_SCHEMA_HISTORY",
            "app_intermission_schema_history"})
    void table_libraryHistoryTable_rejected(String table) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlywayMigrator.newBuilder().table(table));
        assertTrue(e.getMessage().contains("library's own history table"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FlywayMigrator.newBuilder().configuration(Map.of("flyway.table", table)));
    }

    @Test
    void builder_badValues_clearErrors() {
        assertEquals("table: must be letters, digits or '_' (at most 128), was 'a;b'",
                assertThrows(IllegalArgumentException.class, () -> FlywayMigrator.newBuilder().table("a;b"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> FlywayMigrator.newBuilder().locations());
        assertThrows(IllegalArgumentException.class, () -> FlywayMigrator.newBuilder().locations(" "));
        assertThrows(IllegalArgumentException.class, () -> FlywayMigrator.newBuilder().locations("db\n/x"));
        assertThrows(IllegalArgumentException.class, () -> FlywayMigrator.newBuilder().dataSource(null));
        assertEquals("configuration: key 'url' does not start with 'flyway.'",
                assertThrows(IllegalArgumentException.class,
                        () -> FlywayMigrator.newBuilder().configuration(Map.of("url", "x"))).getMessage());
        assertEquals("dataSource: set a DataSource (or flyway.url in the configuration)",
                assertThrows(IllegalStateException.class, () -> FlywayMigrator.newBuilder().build()).getMessage());
    }

    @Test
    void addLocations_missing_rejectedNamingTheLocation() {
        String missingDir = "filesystem:" + dir.resolve("nope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlywayMigrator.newBuilder().addLocations(missingDir));
        assertEquals("location: '" + missingDir + "' is not a directory", e.getMessage());
        assertEquals("location: 'classpath:db/no-such-dir' is not on the class path",
                assertThrows(IllegalArgumentException.class,
                        () -> FlywayMigrator.newBuilder().addLocations("classpath:db/no-such-dir")).getMessage());
    }

    @Test
    void addLocations_operatorScriptsOnDisk_addedToTheApplicationsOwn() throws Exception {
        Path extra = Files.createDirectories(dir.resolve("hotfixes"));
        Files.writeString(extra.resolve("V4__add_stock.sql"), "ALTER TABLE items ADD COLUMN stock INT;\n");
        DataSource ds = Databases.newH2();
        SchemaMigrator migrator = FlywayMigrator.newBuilder().dataSource(ds)
                .locations("classpath:db/app-v1")
                .addLocations("classpath:db/app-v2", "filesystem:" + extra)
                .build();

        MigrationPlan plan = migrator.plan();
        List<AppliedMigration> applied = migrator.migrate();

        assertEquals(List.of("1", "2", "3", "4"), plan.pending().stream().map(PendingMigration::version).toList());
        assertEquals("4", plan.targetVersion());
        assertEquals(List.of("1", "2", "3", "4"), applied.stream().map(AppliedMigration::version).toList());
        assertTrue(migrator.plan().upToDate());
        migrator.validate();
    }

    @Test
    void migrate_schemaWithOnlyTheLibrarysTables_appliesFromTheFirstMigration() {
        DataSource ds = Databases.newPostgres();
        MaintenanceService service = Maintenance.newBuilder().dataSource(ds).tablePrefix("im_").build();
        try {
            SchemaMigrator migrator = FlywayMigrator.newBuilder().dataSource(ds).locations("classpath:db/app-v1")
                    .build();

            assertNull(migrator.plan().currentVersion());
            List<AppliedMigration> applied = migrator.migrate();

            assertEquals(List.of("1", "2"), applied.stream().map(AppliedMigration::version).toList());
            assertEquals("2", migrator.plan().currentVersion());
            migrator.validate();
        } finally {
            service.close();
        }
    }

    @Test
    void migrate_schemaWithAnApplicationTableButNoHistory_leftToFlywaysOwnCheck() throws Exception {
        DataSource ds = Databases.newH2();
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("CREATE TABLE legacy (id INT)");
        }
        SchemaMigrator migrator = FlywayMigrator.newBuilder().dataSource(ds).locations("classpath:db/app-v1")
                .build();

        MigrationFailedException e = assertThrows(MigrationFailedException.class, migrator::migrate);

        assertTrue(e.getMessage().contains("non-empty schema"), e.getMessage());
        assertTrue(e.applied().isEmpty());
    }

    @Test
    void migrate_failedMigrationWithoutRepair_staysPendingAndFailsAgainWithFlywaysReason() {
        DataSource ds = Databases.newH2();
        SchemaMigrator bad = FlywayMigrator.newBuilder().dataSource(ds)
                .locations("classpath:db/app-v1", "classpath:db/app-bad").build();

        MigrationFailedException first = assertThrows(MigrationFailedException.class, bad::migrate);
        assertEquals(List.of("1", "2"), first.applied().stream().map(AppliedMigration::version).toList());

        SchemaMigrator fixed = FlywayMigrator.newBuilder().dataSource(ds)
                .locations("classpath:db/app-v1", "classpath:db/app-fixed").build();
        MigrationPlan plan = fixed.plan();
        assertEquals("2", plan.currentVersion());
        assertEquals(List.of("3"), plan.pending().stream().map(PendingMigration::version).toList());
        MigrationFailedException again = assertThrows(MigrationFailedException.class, fixed::migrate);
        assertTrue(again.getMessage().toLowerCase().contains("validat"), again.getMessage());

        SchemaMigrator repaired = FlywayMigrator.newBuilder().dataSource(ds)
                .locations("classpath:db/app-v1", "classpath:db/app-fixed").repairFailedMigrations(true).build();
        assertEquals(List.of("3"), repaired.migrate().stream().map(AppliedMigration::version).toList());
        assertTrue(repaired.plan().upToDate());
    }

    @Test
    void configuration_applicationsProperties_usedWithTheirTable() {
        DataSource ds = Databases.newH2();
        SchemaMigrator migrator = FlywayMigrator.newBuilder().dataSource(ds)
                .configuration(Map.of("flyway.locations", "classpath:db/app-v1", "flyway.table", "app_history"))
                .addLocations("classpath:db/app-v2")
                .build();

        assertEquals(3, migrator.migrate().size());
        assertTrue(migrator.toString().contains("app_history"), migrator.toString());
        SchemaMigrator defaultTable = FlywayMigrator.newBuilder().dataSource(ds).locations("classpath:db/app-v1")
                .build();
        assertEquals(2, defaultTable.plan().pending().size(), "another history table, another history");
    }
}
