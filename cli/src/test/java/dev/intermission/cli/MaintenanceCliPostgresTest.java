package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.intermission.HistoryEntry;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.cli.CliRunner.Result;
import dev.intermission.testing.Databases;

/** The operator CLI through its entry point against the shared embedded PostgreSQL, with a running instance. */
class MaintenanceCliPostgresTest {

    private static String url;
    private static Map<String, String> env;

    @BeforeAll
    static void database() {
        url = Databases.newPostgresDatabase();
        env = Map.of(MaintenanceCli.JDBC_URL_ENV, url, MaintenanceCli.JDBC_USER_ENV, "postgres");
        CliRunner.createTables(url, "postgres");
    }

    @Test
    void runningInstance_seesEnableAndDisableFromTheCli() throws Exception {
        try (MaintenanceService running = Maintenance.newBuilder().jdbcUrl(url, "postgres", null)
                .serviceName("shop").refreshInterval(Duration.ofMillis(200)).build()) {
            assertEquals(Mode.OFF, running.effectiveMode());
            Result on = CliRunner.run(env, "--service", "shop", "--actor", "deployer", "enable", "--message",
                    "Deploying", "--for", "30m");
            assertEquals(0, on.exit(), on.toString());
            assertEquals(Mode.FULL, MaintenanceCliTest.await(running, Mode.FULL));
            assertEquals("Deploying", running.status().message());
            assertEquals("deployer", running.status().changedBy());

            Result off = CliRunner.run(env, "--service", "shop", "disable");
            assertEquals(0, off.exit(), off.toString());
            assertEquals(Mode.OFF, MaintenanceCliTest.await(running, Mode.OFF));

            HistoryEntry latest = running.history(1).get(0);
            assertEquals(Origin.CLI, latest.origin());
            assertEquals(2, latest.version());
        }
    }

    @Test
    void statusAndHistoryJson_readTheSameRows() throws Exception {
        assertEquals(0, CliRunner.run(env, "--service", "reports", "enable", "--read-only").exit());
        Result status = CliRunner.run(env, "--service", "reports", "status", "--json");
        assertEquals(0, status.exit(), status.toString());
        JsonNode json = status.json();
        assertEquals("read-only", json.get("mode").asText());
        assertTrue(json.get("maintenance").asBoolean());
        assertEquals(url + " as postgres", json.get("database").asText());
        Result history = CliRunner.run(env, "--service", "reports", "history", "--json", "--limit", "5");
        assertEquals(1, history.json().get("entries").size(), history.toString());
    }

    @Test
    void conflictAndMissingDatabase_exit1OneLine() {
        assertEquals(0, CliRunner.run(env, "--service", "billing", "enable").exit());
        Result conflict = CliRunner.run(env, "--service", "billing", "disable", "--expected-version", "7");
        assertEquals(1, conflict.exit(), conflict.toString());
        assertEquals(1, conflict.err().lines().count(), conflict.toString());
        assertTrue(conflict.err().startsWith("error: version conflict"), conflict.toString());

        String missing = url.replaceAll("/[^/?]+(\\?|$)", "/no_such_database$1");
        Result gone = CliRunner.run(Map.of(MaintenanceCli.JDBC_URL_ENV, missing, MaintenanceCli.JDBC_USER_ENV,
                "postgres"), "status");
        assertEquals(1, gone.exit(), gone.toString());
        assertEquals(1, gone.err().lines().count(), gone.toString());
        assertTrue(gone.err().startsWith("error: database not found: " + missing + " as postgres"), gone.toString());
        assertTrue(gone.err().contains("(" + MaintenanceCli.JDBC_URL_ENV + ")"), gone.toString());

        String empty = Databases.newPostgresDatabase();
        Result noTables = CliRunner.run(Map.of(MaintenanceCli.JDBC_URL_ENV, empty, MaintenanceCli.JDBC_USER_ENV,
                "postgres"), "status");
        assertEquals(1, noTables.exit(), noTables.toString());
        assertTrue(noTables.err().startsWith("error: no Intermission tables in " + empty), noTables.toString());
    }
}
