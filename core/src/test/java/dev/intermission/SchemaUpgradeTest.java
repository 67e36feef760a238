package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intermission.internal.Schema;
import dev.intermission.internal.Tables;
import dev.intermission.testing.Databases;

/**
 * Tables made by a release of schema version 1 (its DDL is kept under test resources) are upgraded to version 2 in
 * place, keeping their rows; validation names what an upgrade still lacks. On H2, PostgreSQL and, where a server is
 * reachable, MariaDB.
 */
class SchemaUpgradeTest {

    private record Target(String url, String user, String dialect) {
    }

    private static Target target(String database) {
        return switch (database) {
            case "h2" -> new Target(Databases.newH2Url(), "sa", "h2");
            case "postgresql" -> new Target(Databases.newPostgresDatabase(), "postgres", "postgresql");
            default -> {
                String url = Databases.mariaDbUrl();
                assumeTrue(url != null, "MariaDB SKIPPED: set " + Databases.MARIADB_URL_ENV);
                yield new Target(url, null, "mysql");
            }
        };
    }

    private static Connection connect(Target t) throws SQLException {
        return t.user() == null ? DriverManager.getConnection(t.url()) : DriverManager.getConnection(t.url(), t.user(), null);
    }

    private static void run(Target t, String prefix, String script) throws SQLException {
        try (Connection c = connect(t); Statement s = c.createStatement()) {
            StringBuilder current = new StringBuilder();
            for (String line : script.replace("${prefix}", prefix).split("\n")) {
                String stripped = line.strip();
                if (stripped.isEmpty() || stripped.startsWith("--")) {
                    continue;
                }
                current.append(line).append('\n');
                if (stripped.endsWith(";")) {
                    String statement = current.toString().strip();
                    s.execute(statement.substring(0, statement.length() - 1));
                    current.setLength(0);
                }
            }
        }
    }

    private static List<String> column(Target t, String sql) throws SQLException {
        try (Connection c = connect(t); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    private static String version1Ddl(String dialect) {
        try (InputStream in = SchemaUpgradeTest.class.getResourceAsStream("/dev/intermission/schema-v1/" + dialect
                + ".sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tables as a release of schema version 1 left them: created, recorded, and in maintenance since then. */
    private static void version1Tables(Target t, String prefix) throws SQLException {
        run(t, prefix, version1Ddl(t.dialect()));
        String at = "TIMESTAMP '2026-11-30 08:00:00'";
        run(t, prefix, "INSERT INTO ${prefix}intermission_schema (component, version, installed_at)"
                + " VALUES ('intermission', 1, " + at + ");\n"
                + "INSERT INTO ${prefix}service_context (service_name, maintenance, mode, message, since, changed_by,"
                + " changed_at, version) VALUES ('default', TRUE, 'FULL', 'Old release', " + at + ", 'alice', " + at
                + ", 1);\n"
                + "INSERT INTO ${prefix}service_context_history (service_name, version, action, previous_mode,"
                + " new_mode, message, actor, origin, changed_at) VALUES ('default', 1, 'ENABLE', 'OFF', 'FULL',"
                + " 'Old release', 'alice', 'CLI', " + at + ");\n");
    }

    private static MaintenanceService build(Target t, String prefix, SchemaMode mode) {
        return Maintenance.newBuilder().jdbcUrl(t.url(), t.user(), null).tablePrefix(prefix)
                .refreshInterval(Duration.ofMillis(200)).schemaMode(mode).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void version1Tables_areUpgradedInPlace_keepingTheirRows_andStoreANoticeTime(String database) throws SQLException {
        Target t = target(database);
        String prefix = Databases.uniquePrefix();
        version1Tables(t, prefix);
        Instant start = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MILLIS);
        ScheduledWindow window = new ScheduledWindow(start, start.plus(Duration.ofHours(1)), Mode.READ_ONLY,
                "Upgrade", start.minus(Duration.ofDays(1)));

        try (MaintenanceService service = build(t, prefix, SchemaMode.CREATE)) {
            assertEquals(List.of("2"), column(t, "SELECT version FROM " + prefix + "intermission_schema"));
            MaintenanceStatus status = service.status();
            assertEquals(Mode.FULL, status.mode());
            assertEquals("Old release", status.message());
            assertEquals(1, status.version());
            assertEquals("Old release", service.history(5).get(0).message());
            assertNull(service.history(5).get(0).window());

            service.apply(MaintenanceChange.schedule(window).actor("alice").build());
            assertEquals(window, service.refresh().window());
            assertEquals(window.noticeAt(), service.history(1).get(0).window().noticeAt());
            assertEquals(List.of("1"), column(t, "SELECT COUNT(*) FROM " + prefix + "service_context_history"
                    + " WHERE window_notice IS NOT NULL"));
        }

        // Recorded as version 1 once more: the upgrade runs again over the upgraded tables and changes nothing.
        run(t, prefix, "UPDATE ${prefix}intermission_schema SET version = 1;\n");
        try (MaintenanceService again = build(t, prefix, SchemaMode.CREATE)) {
            assertEquals(List.of("2"), column(t, "SELECT version FROM " + prefix + "intermission_schema"));
            assertEquals(window, again.status().window());
            assertEquals(2, again.history(10).size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void validate_onVersion1Tables_namesTheMissingColumn_andChangesNothing(String database) throws SQLException {
        Target t = target(database);
        String prefix = Databases.uniquePrefix();
        version1Tables(t, prefix);

        MaintenanceException e = assertThrows(MaintenanceException.class,
                () -> build(t, prefix, SchemaMode.VALIDATE));
        assertTrue(e.getMessage().contains("schema version 1"), e.getMessage());
        assertTrue(e.getMessage().contains("window_notice of " + prefix + "service_context"), e.getMessage());
        assertTrue(e.getMessage().contains("schema --print"), e.getMessage());
        assertEquals(List.of("1"), column(t, "SELECT version FROM " + prefix + "intermission_schema"));

        // Applied by hand (the printed script, as a database administrator would), the tables validate.
        String script = Schema.ddl(Schema.Dialect.parse(t.dialect()).orElseThrow(), new Tables(prefix));
        String upgrade = script.substring(script.indexOf("-- Schema version 2"));
        run(t, "", upgrade);
        try (MaintenanceService service = build(t, prefix, SchemaMode.VALIDATE)) {
            assertEquals(Mode.FULL, service.status().mode());
        }
        assertEquals(List.of("1"), column(t, "SELECT version FROM " + prefix + "intermission_schema"),
                "validation writes nothing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void printedScript_onAnEmptyDatabase_makesTablesThatValidate(String database) throws SQLException {
        Target t = target(database);
        String prefix = Databases.uniquePrefix();
        run(t, "", Schema.ddl(Schema.Dialect.parse(t.dialect()).orElseThrow(), new Tables(prefix)));
        try (MaintenanceService service = build(t, prefix, SchemaMode.VALIDATE)) {
            Instant start = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MILLIS);
            service.apply(MaintenanceChange.schedule(new ScheduledWindow(start, start.plus(Duration.ofHours(1)),
                    Mode.FULL, null, start.minus(Duration.ofHours(1)))).actor("alice").build());
            assertEquals(start.minus(Duration.ofHours(1)), service.refresh().window().noticeAt());
        }
    }
}
