package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import dev.intermission.cli.CliRunner.Result;
import dev.intermission.testing.Databases;

/** {@code schema --print}: the library's tables as SQL, which a database administrator can apply by hand. */
class SchemaCommandTest {

    /** Applies the printed SQL statement by statement, as a database client would. */
    static void apply(String url, String user, String sql) throws SQLException {
        Properties credentials = new Properties();
        if (user != null) {
            credentials.setProperty("user", user);
        }
        try (Connection c = DriverManager.getConnection(url, credentials); Statement s = c.createStatement()) {
            StringBuilder statement = new StringBuilder();
            for (String line : sql.split("\n")) {
                if (line.strip().startsWith("--")) {
                    continue;
                }
                statement.append(line).append('\n');
                if (line.strip().endsWith(";")) {
                    s.execute(statement.toString().strip().replaceAll(";$", ""));
                    statement.setLength(0);
                }
            }
        }
    }

    @Test
    void print_h2_createsEveryTableAndTheCliThenWorksOnIt() throws Exception {
        Result r = CliRunner.run("schema", "--print", "--database", "h2");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err());
        for (String table : new String[] {"service_context", "service_context_history", "migration_window",
            "migration_lock"}) {
            assertTrue(r.out().contains("CREATE TABLE IF NOT EXISTS " + table + " ("), table + " in:\n" + r.out());
        }
        assertFalse(r.out().contains("${prefix}service"), "no placeholder left: " + r.out());
        assertTrue(r.out().contains("TIMESTAMP(3)"), r.out());
        String url = Databases.newH2Url();
        apply(url, "sa", r.out());
        Result enable = CliRunner.run("--jdbc-url", url, "--user", "sa", "enable");
        assertEquals(0, enable.exit(), enable.toString());
        assertTrue(CliRunner.run("--jdbc-url", url, "--user", "sa", "status").out().contains("maintenance: on (full)"));
    }

    @Test
    void print_postgresqlWithPrefix_appliesOnARealPostgres() throws Exception {
        Result r = CliRunner.run("--table-prefix", "ops_", "schema", "--print", "--database", "postgresql");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("CREATE TABLE IF NOT EXISTS ops_service_context ("), r.out());
        assertTrue(r.out().startsWith("-- Intermission's tables on PostgreSQL"), r.out());
        String url = Databases.newPostgresDatabase();
        apply(url, "postgres", r.out());
        Map<String, String> env = Map.of(MaintenanceCli.JDBC_URL_ENV, url, MaintenanceCli.JDBC_USER_ENV, "postgres");
        Result enable = CliRunner.run(env, "--table-prefix", "ops_", "enable", "--read-only");
        assertEquals(0, enable.exit(), enable.toString());
        Result history = CliRunner.run(env, "--table-prefix", "ops_", "history");
        assertTrue(history.out().contains("enable") && history.out().contains("read-only"), history.toString());
    }

    @Test
    void print_mysql_usesDatetime() {
        Result r = CliRunner.run("schema", "--print", "--database", "mariadb");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("DATETIME(3)") && !r.out().contains("TIMESTAMP(3)"), r.out());
    }

    @Test
    void print_kindTakenFromTheUrlWithoutConnecting() {
        Result r = CliRunner.run("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/nothing", "schema", "--print");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("-- Intermission's tables on PostgreSQL"), r.out());
    }

    @Test
    void schema_badOrMissingOptions_usageErrorNamingThem() {
        CliRunner.assertUsageError(CliRunner.run("schema", "--print"), "--database: give h2, postgresql or mysql");
        CliRunner.assertUsageError(CliRunner.run("schema", "--print", "--database", "oracle"),
                "--database: must be h2, postgresql or mysql, was 'oracle'");
        CliRunner.assertUsageError(CliRunner.run("schema", "--database", "h2"), "give --print");
        CliRunner.assertUsageError(CliRunner.run("--jdbc-url", "jdbc:sqlite:x.db", "schema", "--print"),
                "--database: must be given");
        CliRunner.assertUsageError(CliRunner.run("--table-prefix", "bad-prefix", "schema", "--print", "--database",
                "h2"), "--table-prefix");
    }
}
