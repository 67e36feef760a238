package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.cli.CliRunner.Result;
import dev.intermission.internal.Json;
import dev.intermission.testing.Databases;

/** {@code instances} and the instances line of {@code status}: the services that registered themselves. */
@SuppressWarnings("try") // services opened only to be running while the test reads them
class InstancesCommandTest {

    private String url;

    @BeforeEach
    void database() {
        url = Databases.newH2Url();
        CliRunner.createTables(url, "sa");
    }

    private Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--jdbc-url", url, "--user", "sa"));
        all.addAll(List.of(args));
        return CliRunner.run(all.toArray(String[]::new));
    }

    private MaintenanceService instance(String id, String version) {
        return Maintenance.newBuilder().jdbcUrl(url, "sa", null).instanceId(id).applicationVersion(version).build();
    }

    @Test
    void instances_twoRunningServices_listedInATableWithin120Columns() {
        try (MaintenanceService a = instance("web-1", "1.4.2"); MaintenanceService b = instance("web-2", "1.5.0")) {
            Result r = cli("instances");
            assertEquals(0, r.exit(), r.toString());
            List<String> lines = r.out().lines().toList();
            assertEquals("database:  " + url + " as sa", lines.get(0));
            assertEquals("service:   default", lines.get(1));
            assertEquals("instances: 2 live, 2 on the current version (0)", lines.get(2));
            assertTrue(lines.get(3).startsWith("ID "), r.out());
            assertTrue(lines.get(3).contains("STATE") && lines.get(3).contains("REQ/WR/JOBS"), r.out());
            String pid = Long.toString(ProcessHandle.current().pid());
            assertTrue(lines.get(4).startsWith("web-1 ") && lines.get(4).contains("1.4.2")
                    && lines.get(4).contains(" " + pid + " ") && lines.get(4).contains("0 *")
                    && lines.get(4).contains(" off ") && lines.get(4).contains("0/0/0"), r.out());
            assertTrue(lines.get(5).startsWith("web-2 ") && lines.get(5).contains("1.5.0"), r.out());
            lines.forEach(l -> assertTrue(l.length() <= 120, "within 120 columns: " + l));
            assertEquals("", r.err());
        }
    }

    @Test
    void instances_longIdsAndHosts_cutToFit120Columns() {
        String longId = "checkout-service-eu-west-1-production-blue-" + "x".repeat(50);
        try (MaintenanceService a = instance(longId, "2026.11.30-build-4711-abcdef")) {
            Result r = cli("instances");
            assertEquals(0, r.exit(), r.toString());
            r.out().lines().forEach(l -> assertTrue(l.length() <= 120, "within 120 columns: " + l));
            assertTrue(r.out().contains("checkout-service-eu-west-1-prod"), r.out());
            assertTrue(r.out().contains("..."), r.out());
        }
    }

    @Test
    void instancesJson_theDatabase_thenTheAdminEndpointsShape_forEveryLiveInstance() throws Exception {
        try (MaintenanceService a = instance("web-1", "1.4.2"); MaintenanceService b = instance("web-2", null)) {
            Result r = cli("instances", "--json");
            assertEquals(0, r.exit(), r.toString());
            assertEquals(1, r.out().lines().count(), r.out());
            JsonNode json = r.json();
            JsonNode admin = new ObjectMapper().readTree(Json.write(Json.cluster(a.instances())));
            List<String> withDatabase = new ArrayList<>(List.of("database"));
            withDatabase.addAll(names(admin));
            assertEquals(withDatabase, names(json), "the admin endpoint's fields after the database, as every command");
            assertEquals(url + " as sa", json.get("database").asText());
            assertEquals(names(admin.get("instances").get(0)), names(json.get("instances").get(0)));
            assertEquals(names(admin.get("instances").get(0).get("inFlight")),
                    names(json.get("instances").get(0).get("inFlight")));
            assertEquals("default", json.get("service").asText());
            assertEquals(2, json.get("live").asInt());
            assertEquals(2, json.get("holdingCurrentVersion").asInt());
            assertEquals("web-1", json.get("instances").get(0).get("id").asText());
            assertEquals("1.4.2", json.get("instances").get(0).get("applicationVersion").asText());
            assertEquals("off", json.get("instances").get(0).get("effectiveMode").asText());
            assertFalse(json.get("instances").get(0).get("local").asBoolean());
            assertEquals("web-2", json.get("instances").get(1).get("id").asText());
            assertTrue(json.get("instances").get(1).get("applicationVersion").isNull());
        }
    }

    @Test
    void instances_noneRunning_saysSo() {
        Result r = cli("instances");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("instances: none live for 'default'"), r.out());
        Result json = cli("instances", "--json");
        assertEquals(0, json.json().get("live").asInt(), json.toString());
        assertEquals(0, json.json().get("instances").size(), json.toString());
    }

    @Test
    void status_withRunningServices_addsTheInstancesLine_andOnlyThen() {
        assertFalse(cli("status").out().contains("instances:"));
        try (MaintenanceService a = instance("web-1", null); MaintenanceService b = instance("web-2", null)) {
            Result r = cli("status");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("\ninstances:   2 live, 2 on the current version (0)\n"), r.out());
        }
    }

    @Test
    void instances_afterAChangeNoInstanceHasSeen_notMarkedCurrent() {
        try (MaintenanceService a = Maintenance.newBuilder().jdbcUrl(url, "sa", null).instanceId("web-1")
                .refreshInterval(java.time.Duration.ofMinutes(10)).build()) {
            assertEquals(0, cli("enable").exit());
            Result r = cli("instances");
            assertTrue(r.out().contains("instances: 1 live, 0 on the current version (1)"), r.out());
            String row = r.out().lines().filter(l -> l.startsWith("web-1 ")).findFirst().orElseThrow();
            assertFalse(row.contains(" * "), row);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> i = node.fieldNames(); i.hasNext();) {
            names.add(i.next());
        }
        return names;
    }
}
