package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.intermission.Maintenance;
import dev.intermission.cli.CliRunner.Result;
import dev.intermission.testing.Databases;

/**
 * The operator CLI against MariaDB (where {@value Databases#MARIADB_URL_ENV} names a server, as on CI), in
 * tables of its own prefix since the database is shared.
 */
class MaintenanceCliMariaDbTest {

    private static String url;

    @BeforeAll
    static void server() {
        url = Databases.mariaDbUrl();
        org.junit.jupiter.api.Assumptions.assumeTrue(url != null, Databases.MARIADB_URL_ENV + " is not set");
    }

    @Test
    void enableStatusHistory_onTheLibrarysTablesWithThePasswordHidden() {
        String prefix = Databases.uniquePrefix();
        Maintenance.newBuilder().jdbcUrl(url, null, null).tablePrefix(prefix).build().close();

        Result enable = CliRunner.run("--jdbc-url", url, "--table-prefix", prefix, "enable", "--read-only", "--for",
                "10m");
        assertEquals(0, enable.exit(), enable.toString());
        Result status = CliRunner.run("--jdbc-url", url, "--table-prefix", prefix, "status", "--json");
        assertEquals("read-only", status.json().get("mode").asText(), status.toString());
        assertTrue(status.json().get("database").asText().contains("password=***"), status.toString());
        assertFalse(status.out().contains("password=intermission"), status.toString());
        Result history = CliRunner.run("--jdbc-url", url, "--table-prefix", prefix, "history");
        assertTrue(history.out().contains("enable") && history.out().contains("read-only"), history.toString());
    }

    @Test
    void schemaPrint_appliesOnMariaDbAndAMissingPrefixIsNamed() throws Exception {
        String prefix = Databases.uniquePrefix();
        Result ddl = CliRunner.run("--table-prefix", prefix, "--jdbc-url", url, "schema", "--print");
        assertEquals(0, ddl.exit(), ddl.toString());
        assertTrue(ddl.out().contains("MariaDB") && ddl.out().contains("DATETIME(3)"), ddl.out());
        SchemaCommandTest.apply(url, null, ddl.out());
        Result enable = CliRunner.run("--jdbc-url", url, "--table-prefix", prefix, "enable");
        assertEquals(0, enable.exit(), enable.toString());

        Result missing = CliRunner.run("--jdbc-url", url, "--table-prefix", Databases.uniquePrefix(), "status");
        assertEquals(1, missing.exit(), missing.toString());
        assertTrue(missing.err().startsWith("error: no Intermission tables in "), missing.toString());
    }
}
