package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.intermission.Action;
import dev.intermission.HistoryEntry;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.cli.CliRunner.Result;

/**
 * {@code repair} through the CLI's entry point: a deleted row and a corrupt mode are rewritten from the history as
 * the next version, recorded as a repair; a fine row is left alone and the command says so. Each database's
 * subclass gives a fresh database with the library's tables.
 */
abstract class RepairCommandContract {

    /** A fresh database with the library's tables. */
    abstract String newDatabase();

    /** The database user. */
    abstract String user();

    private String url;

    private Result cli(String... args) {
        if (url == null) {
            url = newDatabase();
        }
        return CliRunner.run(Map.of(MaintenanceCli.JDBC_URL_ENV, url, MaintenanceCli.JDBC_USER_ENV, user()), args);
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user(), null); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private MaintenanceService open() {
        return Maintenance.newBuilder().jdbcUrl(url, user(), null).refreshInterval(Duration.ofMillis(200)).build();
    }

    @Test
    void deletedRow_isRewrittenFromTheHistoryAsTheNextVersion_andRecordedAsARepair() throws Exception {
        assertEquals(0, cli("--actor", "alice", "enable", "--read-only", "--message", "Reindexing").exit());
        sql("DELETE FROM service_context");
        Result r = cli("--actor", "bob", "repair");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("database: "), r.out());
        assertEquals(List.of("repaired 'default': the row was missing; its history reaches version 1",
                "kept the history's last state, read-only \"Reindexing\", as version 2 (in the history as a repair "
                        + "by bob)"), lines.subList(1, lines.size()));
        assertEquals("", r.err());
        try (MaintenanceService service = open()) {
            assertEquals(Mode.READ_ONLY, service.effectiveMode());
            assertFalse(service.status().stale());
            assertEquals(2, service.status().version());
            HistoryEntry entry = service.history(1).get(0);
            assertEquals(Action.REPAIR, entry.action());
            assertEquals(Origin.CLI, entry.origin());
            assertEquals("bob", entry.actor());
        }
        Result history = cli("history", "--limit", "1");
        assertTrue(history.out().contains(" repair "), history.out());
    }

    @Test
    void corruptMode_isRewrittenFromTheHistory_andARunningInstanceServesItAgain() throws Exception {
        assertEquals(0, cli("--actor", "alice", "enable", "--message", "Upgrading").exit());
        assertEquals(0, cli("--actor", "alice", "disable").exit());
        try (MaintenanceService running = open()) {
            assertEquals(Mode.OFF, running.effectiveMode());
            sql("UPDATE service_context SET mode = 'BROKEN'");
            MaintenanceCliTest.await(running, Mode.FULL);
            Result r = cli("--actor", "bob", "repair", "--json");
            assertEquals(0, r.exit(), r.toString());
            JsonNode json = r.json();
            assertTrue(json.get("repaired").asBoolean(), r.out());
            assertTrue(json.get("found").asText().contains("'BROKEN'"), r.out());
            assertEquals(3, json.get("version").asLong(), r.out());
            assertEquals("off", json.get("mode").asText());
            assertEquals(Mode.OFF, MaintenanceCliTest.await(running, Mode.OFF));
        }
    }

    @Test
    void statusOnACorruptOrMissingRow_failsNamingWhatWasFoundAndTheRepairCommand_neverOff() throws Exception {
        assertEquals(0, cli("--actor", "alice", "enable", "--message", "Upgrading").exit());
        sql("UPDATE service_context SET mode = 'BROKEN'");
        Result corrupt = cli("status");
        assertEquals(MaintenanceCli.EXIT_FAILURE, corrupt.exit(), corrupt.toString());
        assertTrue(corrupt.err().contains("'BROKEN'") && corrupt.err().contains("'intermission repair'"),
                corrupt.err());
        assertFalse(corrupt.out().contains("maintenance: off"), corrupt.out());
        sql("DELETE FROM service_context");
        Result missing = cli("status", "--json");
        assertEquals(MaintenanceCli.EXIT_FAILURE, missing.exit(), missing.toString());
        assertTrue(missing.json().get("error").asText().contains("missing")
                && missing.json().get("error").asText().contains("'intermission repair'"), missing.out());
    }

    @Test
    void fineRow_writesNothing_andSaysSo() {
        Result never = cli("repair");
        assertEquals(0, never.exit(), never.toString());
        assertEquals("nothing to repair for 'default': no change recorded yet", never.out().lines().toList().get(1));
        assertEquals(0, cli("--actor", "alice", "enable").exit());
        Result r = cli("--actor", "bob", "repair");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("nothing to repair for 'default': the stored state is valid at version 1",
                r.out().lines().toList().get(1));
        Result json = cli("repair", "--json");
        assertFalse(json.json().get("repaired").asBoolean());
        assertTrue(json.json().get("found").isNull());
        try (MaintenanceService service = open()) {
            assertEquals(1, service.history(10).size(), "nothing written");
            assertNull(service.status().staleReason());
        }
    }

    @Test
    void blankActor_isAUsageErrorNamingTheOption() throws Exception {
        assertEquals(0, cli("--actor", "alice", "enable").exit());
        sql("DELETE FROM service_context");
        Result r = cli("--actor", " ", "repair");
        assertEquals(MaintenanceCli.EXIT_USAGE, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: --actor: "), r.err());
        try (MaintenanceService service = open()) {
            assertTrue(service.status().stale(), "nothing was repaired");
        }
    }
}
