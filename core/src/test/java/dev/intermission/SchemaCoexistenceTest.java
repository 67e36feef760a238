package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intermission.testing.Databases;

/** The library's tables and an application's own Flyway migrations share one schema, both intact. */
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

    private static List<String> column(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    private static void assertBothHistories(DataSource ds, MaintenanceService service) throws SQLException {
        assertEquals(List.of("1", "2"), column(ds, "SELECT \"version\" FROM \"flyway_schema_history\""
                + " WHERE \"success\" = TRUE AND \"version\" <> '0' ORDER BY \"installed_rank\""));
        assertEquals(List.of(Integer.toString(dev.intermission.internal.Schema.VERSION)),
                column(ds, "SELECT version FROM intermission_schema"));
        assertEquals(List.of("0"), column(ds, "SELECT COUNT(*) FROM orders"));
        service.enable(Mode.FULL, null, "alice");
        assertEquals(1, service.refresh().version());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void applicationMigratesFirst_thenLibrary(String database) throws SQLException {
        DataSource ds = fresh(database);
        appFlyway(ds, false).migrate();
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(ds).build()) {
            assertBothHistories(ds, service);
            assertEquals(0, appFlyway(ds, false).info().pending().length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void libraryFirst_thenApplicationMigrates(String database) throws SQLException {
        DataSource ds = fresh(database);
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(ds).build()) {
            appFlyway(ds, true).migrate();
            assertBothHistories(ds, service);
        }
    }
}
