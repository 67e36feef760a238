package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intermission.testing.Databases;

/** The library's schema and an application's own Flyway migrations share one schema, both histories intact. */
class SchemaCoexistenceTest {

    private static DataSource fresh(String database) {
        return database.equals("h2") ? Databases.newH2() : Databases.newPostgres();
    }

    private static Flyway appFlyway(DataSource ds, boolean adoptExistingSchema) {
        var config = Flyway.configure().dataSource(ds).locations("classpath:db/coexist");
        if (adoptExistingSchema) {
            // Documented: when the library's tables were created first, the application's first migrate must
            // accept a non-empty schema and still apply its V1 (baseline below it).
            config.baselineOnMigrate(true).baselineVersion("0");
        }
        return config.load();
    }

    private static void assertBothHistories(DataSource ds, MaintenanceService service) {
        Jdbi jdbi = Jdbi.create(ds);
        List<String> appVersions = jdbi.withHandle(h -> h.createQuery(
                "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" <> '0'"
                        + " ORDER BY \"installed_rank\"").mapTo(String.class).list());
        assertEquals(List.of("1", "2"), appVersions);
        List<String> libraryVersions = jdbi.withHandle(h -> h.createQuery(
                "SELECT \"version\" FROM \"intermission_schema_history\" WHERE \"success\" = TRUE"
                        + " AND \"version\" <> '0' ORDER BY \"installed_rank\"").mapTo(String.class).list());
        assertEquals("1", libraryVersions.get(0));
        int orders = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM orders").mapTo(Integer.class).one());
        assertEquals(0, orders);
        service.enable(Mode.FULL, null, "alice");
        assertEquals(1, service.refresh().version());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void applicationMigratesFirst_thenLibrary(String database) {
        DataSource ds = fresh(database);
        appFlyway(ds, false).migrate();
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(ds).build()) {
            assertBothHistories(ds, service);
            assertEquals(0, appFlyway(ds, false).info().pending().length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void libraryFirst_thenApplicationMigrates(String database) {
        DataSource ds = fresh(database);
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(ds).build()) {
            appFlyway(ds, true).migrate();
            assertBothHistories(ds, service);
        }
    }
}
