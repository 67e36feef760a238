package dev.intermission.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.intermission.Action;
import dev.intermission.HistoryEntry;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.admin.AdminAuthorizer;
import dev.intermission.admin.MaintenanceAdminConfig;
import dev.intermission.admin.MaintenanceAdminServlet;
import dev.intermission.admin.Http.Answer;
import dev.intermission.testing.Databases;
import dev.intermission.testing.ManualClock;

/** The admin endpoint in a real Jetty 12 over HTTP, backed by H2: every status code the endpoint answers. */
class MaintenanceAdminServletJettyTest {

    static final String CI_TOKEN = "ci-token-0123456789abcdef";
    static final String OPS_TOKEN = "ops-token-abcdef0123456789";
    static final String JSON = "application/json";

    private FlakyDataSource dataSource;
    private MaintenanceService service;
    private AdminJetty jetty;

    @BeforeEach
    void start() {
        dataSource = new FlakyDataSource(Databases.newH2());
        service = Maintenance.newBuilder().dataSource(dataSource).build();
        jetty = AdminJetty.start(new MaintenanceAdminServlet(service, MaintenanceAdminConfig.newBuilder()
                .token("ci", CI_TOKEN).token("ops", OPS_TOKEN).maxBodyBytes(4096).build()));
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
        service.close();
    }

    private URI base() {
        return jetty.base();
    }

    private URI at(String path) {
        return URI.create(base() + path);
    }

    private Answer patch(String body) {
        return Http.send("PATCH", base(), body, "Content-Type", JSON, "Authorization", "Bearer " + CI_TOKEN);
    }

    /** Runs a call that must be refused, and checks the status, the problem document and that nothing changed. */
    private JsonNode refused(int status, String field, Supplier<Answer> call) {
        long version = service.status().version();
        int history = service.history(1000).size();
        Answer a = call.get();
        assertEquals(status, a.status(), a.body());
        assertEquals("application/problem+json", a.contentType(), a.body());
        JsonNode problem = a.json();
        assertEquals(status, problem.get("status").asInt());
        assertFalse(problem.get("detail").asText().isBlank());
        if (field != null) {
            assertEquals(field, problem.path("field").asText(), a.body());
            assertTrue(problem.get("detail").asText().contains(field), a.body());
        }
        assertEquals(version, service.status().version(), "a refused request changed the state");
        assertEquals(history, service.history(1000).size(), "a refused request wrote history");
        return problem;
    }

    // ---- GET status

    @Test
    void getStatus_noCredentials_200WithWhatUsersNeedOnly() {
        patch("{\"mode\": \"full\", \"message\": \"Back soon\", \"until\": \"2999-01-01T00:00:00Z\"}");
        Answer a = Http.send("GET", base(), null);
        assertEquals(200, a.status());
        assertEquals(JSON, a.contentType());
        assertEquals("no-store", a.header("Cache-Control"));
        JsonNode s = a.json();
        List<String> names = new ArrayList<>();
        s.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("service", "maintenance", "mode", "effectiveMode", "message", "since", "until",
                "overdue", "stale", "window", "upcomingWindow"), names, a.body());
        assertTrue(s.get("maintenance").asBoolean());
        assertEquals("full", s.get("effectiveMode").asText());
        assertEquals("Back soon", s.get("message").asText());
        assertEquals("2999-01-01T00:00:00Z", s.get("until").asText());
        assertFalse(s.get("overdue").asBoolean());
        assertFalse(a.body().contains("ci"), "no operator name: " + a.body());
        assertFalse(a.body().contains("127.0.0.1"), "no client address: " + a.body());
    }

    @Test
    void getStatus_withToken_200WithEverything() {
        patch("{\"mode\": \"read-only\"}");
        Answer a = Http.send("GET", base(), null, "Authorization", "Bearer " + OPS_TOKEN);
        assertEquals(200, a.status(), a.body());
        JsonNode s = a.json();
        for (String field : List.of("maintenance", "mode", "effectiveMode", "message", "since", "until", "version",
                "changedBy", "changedAt", "stale", "lastRefreshed", "window", "overdue")) {
            assertTrue(s.has(field), "missing " + field + " in " + a.body());
        }
        assertEquals("read-only", s.get("mode").asText());
        assertEquals(1, s.get("version").asLong());
        assertEquals("ci", s.get("changedBy").asText());
    }

    @Test
    void getStatus_expectedEndPassed_overdueForEveryReader() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2030-01-01T10:00:00Z"));
        try (MaintenanceService timed = Maintenance.newBuilder().dataSource(Databases.newH2()).timeSource(clock)
                .refreshInterval(Duration.ofHours(1)).build();
             AdminJetty timedJetty = AdminJetty.start(new MaintenanceAdminServlet(timed,
                     MaintenanceAdminConfig.newBuilder().token("ci", CI_TOKEN).build()))) {
            timed.apply(dev.intermission.MaintenanceChange.enable(Mode.FULL).message("Upgrading")
                    .until(Instant.parse("2030-01-01T10:20:00Z")).actor("ops").build());
            JsonNode before = Http.send("GET", timedJetty.base(), null).json();
            assertFalse(before.get("overdue").asBoolean(), before.toString());
            clock.advance(Duration.ofMinutes(25));
            JsonNode after = Http.send("GET", timedJetty.base(), null).json();
            assertTrue(after.get("overdue").asBoolean(), after.toString());
            assertEquals("2030-01-01T10:20:00Z", after.get("until").asText(), "the announced end stays shown");
            assertEquals("Upgrading", after.get("message").asText());
            JsonNode operator = Http.send("GET", timedJetty.base(), null, "Authorization", "Bearer " + CI_TOKEN)
                    .json();
            assertTrue(operator.get("overdue").asBoolean(), operator.toString());
            assertEquals("ops", operator.get("changedBy").asText());
        }
    }

    @Test
    void getStatus_publicButWrongBearerToken_401() {
        Answer a = Http.send("GET", base(), null, "Authorization", "Bearer " + CI_TOKEN + "x");
        assertEquals(401, a.status(), a.body());
        assertTrue(a.header("WWW-Authenticate").contains("invalid_token"), a.header("WWW-Authenticate"));
    }

    @Test
    void getStatus_trailingSlashAndHead_servedToo() {
        assertEquals(200, Http.send("GET", at("/"), null).status());
        Answer head = Http.send("HEAD", base(), null);
        assertEquals(200, head.status());
        assertEquals("", head.body());
    }

    @Test
    void getStatus_notPublic_401WithoutTokenAnd200WithIt() throws Exception {
        try (AdminJetty privateJetty = AdminJetty.start(new MaintenanceAdminServlet(service,
                MaintenanceAdminConfig.newBuilder().token("ci", CI_TOKEN).publicStatus(false).build()))) {
            Answer denied = Http.send("GET", privateJetty.base(), null);
            assertEquals(401, denied.status());
            assertEquals(AdminHandlerChallenge.VALUE, denied.header("WWW-Authenticate"));
            Answer allowed = Http.send("GET", privateJetty.base(), null, "Authorization", "Bearer " + CI_TOKEN);
            assertEquals(200, allowed.status());
        }
    }

    // ---- PATCH

    @Test
    void patch_classicCurlBodyVerbatim_switchesOnAndOffRecordingActorOriginAndAddress() {
        HttpRequest on = HttpRequest.newBuilder(base())
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"maintenance\": true}"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + CI_TOKEN)
                .build();
        Answer a = Http.send(on);
        assertEquals(200, a.status(), a.body());
        assertEquals(JSON, a.contentType());
        assertTrue(a.json().get("maintenance").asBoolean());
        assertEquals("full", a.json().get("mode").asText());
        assertEquals(1, a.json().get("version").asLong());
        assertEquals("ci", a.json().get("changedBy").asText());
        assertEquals(Mode.FULL, service.effectiveMode());

        Answer off = patch("{\"maintenance\": false}");
        assertEquals(200, off.status(), off.body());
        assertFalse(off.json().get("maintenance").asBoolean());
        assertEquals(Mode.OFF, service.effectiveMode());

        List<HistoryEntry> history = service.history(10);
        assertEquals(2, history.size());
        HistoryEntry enable = history.get(1);
        assertEquals(Action.ENABLE, enable.action());
        assertEquals("ci", enable.actor());
        assertEquals(Origin.HTTP, enable.origin());
        assertEquals("127.0.0.1", enable.clientAddress());
        assertEquals(Action.DISABLE, history.get(0).action());
    }

    @Test
    void patch_fullForm_setsModeMessageAndUntil() {
        Instant until = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        Answer a = Http.send("PATCH", base(), "{\"mode\": \"READ_ONLY\", \"message\": \"Upgrading the database\", "
                        + "\"until\": \"" + until + "\", \"expectedVersion\": 0}",
                "Content-Type", "application/json; charset=UTF-8", "Authorization", "Bearer " + OPS_TOKEN);
        assertEquals(200, a.status(), a.body());
        JsonNode s = a.json();
        assertEquals("read-only", s.get("mode").asText());
        assertEquals("Upgrading the database", s.get("message").asText());
        assertEquals(until.toString(), s.get("until").asText());
        assertEquals("ops", s.get("changedBy").asText());
        assertEquals(Mode.READ_ONLY, service.effectiveMode());
        assertEquals(until, service.status().until());
    }

    @Test
    void patch_untilWithOffset_acceptedAsTheSameInstant() {
        Answer a = patch("{\"mode\": \"FULL\", \"until\": \"2999-01-01T12:00:00+02:00\"}");
        assertEquals(200, a.status(), a.body());
        assertEquals(Instant.parse("2999-01-01T10:00:00Z"), service.status().until());
    }

    @Test
    void patch_staleExpectedVersion_409NamingTheCurrentVersion() {
        patch("{\"maintenance\": true}");
        JsonNode problem = refused(409, "expectedVersion", () -> patch("{\"mode\": \"OFF\", \"expectedVersion\": 0}"));
        assertEquals(1, problem.get("currentVersion").asLong());
        assertEquals(Mode.FULL, service.effectiveMode());
    }

    @Test
    void patch_missingCredentials_401WithBearerChallenge() {
        refused(401, null, () -> Http.send("PATCH", base(), "{\"maintenance\": true}", "Content-Type", JSON));
        Answer a = Http.send("PATCH", base(), "{\"maintenance\": true}", "Content-Type", JSON);
        assertEquals(AdminHandlerChallenge.VALUE, a.header("WWW-Authenticate"));
    }

    @Test
    void patch_wrongToken_401InvalidToken() {
        refused(401, null, () -> Http.send("PATCH", base(), "{\"maintenance\": true}", "Content-Type", JSON,
                "Authorization", "Bearer " + CI_TOKEN + "x"));
        Answer a = Http.send("PATCH", base(), "{\"maintenance\": true}", "Content-Type", JSON,
                "Authorization", "Bearer " + CI_TOKEN.substring(1));
        assertTrue(a.header("WWW-Authenticate").startsWith("Bearer "), a.header("WWW-Authenticate"));
        assertTrue(a.header("WWW-Authenticate").contains("invalid_token"));
        refused(401, null, () -> Http.send("PATCH", base(), "{\"maintenance\": true}", "Content-Type", JSON,
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(("ci:" + CI_TOKEN).getBytes(
                        StandardCharsets.UTF_8))));
        refused(401, null, () -> Http.send("PATCH", base(), "{\"maintenance\": true}", "Content-Type", JSON,
                "Authorization", "Bearer"));
    }

    @Test
    void patch_tokenOnlyInCookieOrQuery_401() {
        refused(401, null, () -> Http.send("PATCH", base(), "{\"maintenance\": true}", "Content-Type", JSON,
                "Cookie", "token=" + CI_TOKEN + "; Authorization=Bearer%20" + CI_TOKEN + "; JSESSIONID=abc"));
        refused(401, null, () -> Http.send("PATCH", URI.create(base() + "?access_token=" + CI_TOKEN),
                "{\"maintenance\": true}", "Content-Type", JSON));
    }

    @Test
    void patch_noTokenNorAuthorizerConfigured_403SayingWhy() throws Exception {
        try (AdminJetty open = AdminJetty.start(new MaintenanceAdminServlet(service,
                MaintenanceAdminConfig.newBuilder().build()))) {
            JsonNode problem = refused(403, null, () -> Http.send("PATCH", open.base(), "{\"maintenance\": true}",
                    "Content-Type", JSON, "Authorization", "Bearer " + CI_TOKEN));
            assertTrue(problem.get("detail").asText().contains("no admin token"), problem.toString());
            refused(403, null, () -> Http.send("GET", URI.create(open.base() + "/history"), null));
            refused(403, null, () -> Http.send("DELETE", URI.create(open.base() + "/schedule"), null));
            assertEquals(200, Http.send("GET", open.base(), null).status());
        }
    }

    @Test
    void patch_notJson_415() {
        refused(415, null, () -> Http.send("PATCH", base(), "{\"maintenance\": true}", "Content-Type",
                "text/plain", "Authorization", "Bearer " + CI_TOKEN));
        refused(415, null, () -> Http.send("PATCH", base(), "maintenance=true", "Content-Type",
                "application/x-www-form-urlencoded", "Authorization", "Bearer " + CI_TOKEN));
        refused(415, null, () -> Http.send("PATCH", base(), "{\"maintenance\": true}", "Content-Type",
                "application/json; charset=ISO-8859-1", "Authorization", "Bearer " + CI_TOKEN));
        Answer noType = Http.send("PATCH", base(), "{\"maintenance\": true}", "Authorization", "Bearer " + CI_TOKEN);
        assertEquals(415, noType.status());
        assertEquals("application/json", noType.header("Accept-Patch"));
    }

    @Test
    void patch_bodyOverLimit_413WhetherDeclaredOrChunked() {
        String big = "{\"message\": \"" + "x".repeat(5000) + "\", \"maintenance\": true}";
        refused(413, null, () -> patch(big));
        refused(413, null, () -> Http.send(HttpRequest.newBuilder(base())
                .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .header("Content-Type", JSON).header("Authorization", "Bearer " + CI_TOKEN).build()));
        assertEquals(200, patch("{\"maintenance\": true}").status(), "the connection still serves");
    }

    @Test
    void patch_badBodies_400NamingTheField() {
        refused(400, "body", () -> patch("{\"maintenance\": tru"));
        refused(400, "body", () -> patch("{\"maintenance\" true}"));
        refused(400, "body", () -> patch("{\"maintenance\": true,}"));
        refused(400, "body", () -> patch("{\"mode\": \"full\", \"message\": \"unterminated"));
        refused(400, "body", () -> patch("not json"));
        refused(400, "body", () -> patch(""));
        refused(400, "body", () -> patch("[true]"));
        refused(400, "body", () -> patch("{\"maintenance\": true} {}"));
        refused(400, "maintenance", () -> patch("{\"maintenance\": true, \"maintenance\": false}"));
        refused(400, "enabled", () -> patch("{\"enabled\": true}"));
        refused(400, "maintenance", () -> patch("{\"maintenance\": \"true\"}"));
        refused(400, "maintenance", () -> patch("{\"maintenance\": 1}"));
        refused(400, "maintenance", () -> patch("{\"maintenance\": null}"));
        refused(400, "mode", () -> patch("{\"mode\": \"PARTIAL\"}"));
        refused(400, "mode", () -> patch("{\"mode\": 2}"));
        refused(400, "mode", () -> patch("{}"));
        refused(400, "mode", () -> patch("{\"maintenance\": false, \"mode\": \"FULL\"}"));
        refused(400, "until", () -> patch("{\"mode\": \"FULL\", \"until\": \"2001-01-01T00:00:00Z\"}"));
        refused(400, "until", () -> patch("{\"mode\": \"FULL\", \"until\": \"tomorrow\"}"));
        refused(400, "until", () -> patch("{\"mode\": \"FULL\", \"until\": 1893456000}"));
        refused(400, "until", () -> patch("{\"mode\": \"FULL\", \"until\": \"+100000-01-01T00:00:00Z\"}"));
        refused(400, "until", () -> patch("{\"maintenance\": false, \"until\": \"2999-01-01T00:00:00Z\"}"));
        refused(400, "message", () -> patch("{\"mode\": \"FULL\", \"message\": \"" + "m".repeat(1001) + "\"}"));
        refused(400, "message", () -> patch("{\"mode\": \"FULL\", \"message\": \"bell\\u0007\"}"));
        refused(400, "message", () -> patch("{\"mode\": \"FULL\", \"message\": \"half \\ud800 pair\"}"));
        refused(400, "message", () -> patch("{\"mode\": \"FULL\", \"message\": [\"a\"]}"));
        refused(400, "message", () -> patch("{\"maintenance\": false, \"message\": \"bye\"}"));
        refused(400, "expectedVersion", () -> patch("{\"mode\": \"FULL\", \"expectedVersion\": -1}"));
        refused(400, "expectedVersion", () -> patch("{\"mode\": \"FULL\", \"expectedVersion\": 1.5}"));
        refused(400, "expectedVersion", () -> patch("{\"mode\": \"FULL\", \"expectedVersion\": \"0\"}"));
        refused(400, "expectedVersion", () -> patch("{\"mode\": \"FULL\", \"expectedVersion\": "
                + "99999999999999999999999}"));
        assertEquals(0, service.status().version());
    }

    // ---- methods and paths

    @Test
    void otherMethods_405WithAllow() {
        Answer post = Http.send("POST", base(), "{\"maintenance\": true}", "Content-Type", JSON,
                "Authorization", "Bearer " + CI_TOKEN);
        assertEquals(405, post.status());
        assertEquals("GET, HEAD, PATCH, OPTIONS", post.header("Allow"));
        refused(405, null, () -> Http.send("PUT", base(), "{\"maintenance\": true}", "Content-Type", JSON,
                "Authorization", "Bearer " + CI_TOKEN));
        refused(405, null, () -> Http.send("DELETE", base(), null, "Authorization", "Bearer " + CI_TOKEN));
        refused(405, null, () -> Http.send("PROPFIND", base(), null));
        refused(405, null, () -> Http.send("TRACE", base(), null));
        Answer history = Http.send("PATCH", at("/history"), "{}", "Content-Type", JSON);
        assertEquals(405, history.status());
        assertEquals("GET, HEAD, OPTIONS", history.header("Allow"));
        Answer schedule = Http.send("GET", at("/schedule"), null);
        assertEquals(405, schedule.status());
        assertEquals("PUT, DELETE, OPTIONS", schedule.header("Allow"));
    }

    @Test
    void options_204WithAllowAndNoCorsGrant() {
        Answer a = Http.send("OPTIONS", base(), null, "Origin", "https://evil.example",
                "Access-Control-Request-Method", "PATCH");
        assertEquals(204, a.status());
        assertEquals("GET, HEAD, PATCH, OPTIONS", a.header("Allow"));
        assertNull(a.header("Access-Control-Allow-Origin"));
    }

    @Test
    void unknownPath_404() {
        refused(404, null, () -> Http.send("GET", at("/nope"), null));
        refused(404, null, () -> Http.send("PATCH", at("/history/x"), "{\"maintenance\": true}",
                "Content-Type", JSON, "Authorization", "Bearer " + CI_TOKEN));
    }

    // ---- history

    @Test
    void history_withLimit_newestFirst() {
        patch("{\"mode\": \"READ_ONLY\"}");
        patch("{\"mode\": \"FULL\"}");
        patch("{\"maintenance\": false}");
        Answer a = Http.send("GET", at("/history?limit=2"), null, "Authorization", "Bearer " + OPS_TOKEN);
        assertEquals(200, a.status(), a.body());
        JsonNode entries = a.json().get("entries");
        assertEquals(2, entries.size());
        assertEquals(3, entries.get(0).get("version").asLong());
        assertEquals("DISABLE", entries.get(0).get("action").asText());
        assertEquals(2, entries.get(1).get("version").asLong());
        assertEquals("HTTP", entries.get(1).get("origin").asText());
        assertEquals("ci", entries.get(1).get("actor").asText());
        assertEquals("127.0.0.1", entries.get(1).get("clientAddress").asText());
        assertEquals(3, Http.send("GET", at("/history"), null, "Authorization", "Bearer " + OPS_TOKEN)
                .json().get("entries").size());
    }

    @Test
    void history_badLimitOrNoToken_refused() {
        refused(400, "limit", () -> Http.send("GET", at("/history?limit=0"), null, "Authorization",
                "Bearer " + CI_TOKEN));
        refused(400, "limit", () -> Http.send("GET", at("/history?limit=abc"), null, "Authorization",
                "Bearer " + CI_TOKEN));
        refused(400, "limit", () -> Http.send("GET", at("/history?limit=1001"), null, "Authorization",
                "Bearer " + CI_TOKEN));
        refused(400, "limit", () -> Http.send("GET", at("/history?limit=1&limit=2"), null, "Authorization",
                "Bearer " + CI_TOKEN));
        refused(400, "query", () -> RawHttp.exchange(base(), "GET " + base().getPath()
                + "/history?limit=%zz HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nAuthorization: Bearer " + CI_TOKEN + "\r\nConnection: close\r\n\r\n"));
        refused(401, null, () -> Http.send("GET", at("/history"), null));
    }

    // ---- schedule

    @Test
    void schedule_putThenDelete_setsAndCancelsTheWindow() {
        Instant start = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plus(Duration.ofMinutes(30));
        Answer put = Http.send("PUT", at("/schedule"), "{\"start\": \"" + start + "\", \"end\": \"" + end
                        + "\", \"mode\": \"READ_ONLY\", \"message\": \"Planned upgrade\"}",
                "Content-Type", JSON, "Authorization", "Bearer " + CI_TOKEN);
        assertEquals(200, put.status(), put.body());
        JsonNode window = put.json().get("window");
        assertEquals(start.toString(), window.get("start").asText());
        assertEquals("read-only", window.get("mode").asText());
        assertTrue(put.json().get("upcomingWindow").asBoolean());
        assertEquals(Mode.OFF, service.effectiveMode());
        assertEquals(Action.SCHEDULE, service.history(1).get(0).action());

        refused(409, "expectedVersion", () -> Http.send("DELETE", at("/schedule?expectedVersion=0"), null,
                "Authorization", "Bearer " + CI_TOKEN));
        Answer delete = Http.send("DELETE", at("/schedule?expectedVersion=1"), null, "Authorization",
                "Bearer " + CI_TOKEN);
        assertEquals(200, delete.status(), delete.body());
        assertTrue(delete.json().get("window").isNull());
        assertNull(service.status().window());
        HistoryEntry cancel = service.history(1).get(0);
        assertEquals(Action.CANCEL_SCHEDULE, cancel.action());
        assertEquals(Origin.HTTP, cancel.origin());
    }

    @Test
    void schedule_badBodies_400NamingTheField() {
        String start = Instant.now().plus(Duration.ofHours(1)).toString();
        String end = Instant.now().plus(Duration.ofHours(2)).toString();
        Supplier<Answer> endBeforeStart = () -> Http.send("PUT", at("/schedule"), "{\"start\": \"" + end
                + "\", \"end\": \"" + start + "\"}", "Content-Type", JSON, "Authorization", "Bearer " + CI_TOKEN);
        refused(400, "end", endBeforeStart);
        refused(400, "start", () -> Http.send("PUT", at("/schedule"), "{\"end\": \"" + end + "\"}",
                "Content-Type", JSON, "Authorization", "Bearer " + CI_TOKEN));
        refused(400, "mode", () -> Http.send("PUT", at("/schedule"), "{\"start\": \"" + start + "\", \"end\": \""
                + end + "\", \"mode\": \"OFF\"}", "Content-Type", JSON, "Authorization", "Bearer " + CI_TOKEN));
        refused(400, "until", () -> Http.send("PUT", at("/schedule"), "{\"start\": \"" + start + "\", \"end\": \""
                + end + "\", \"until\": \"" + end + "\"}", "Content-Type", JSON, "Authorization",
                "Bearer " + CI_TOKEN));
        refused(400, "end", () -> Http.send("PUT", at("/schedule"), "{\"start\": \"2001-01-01T00:00:00Z\", "
                + "\"end\": \"2001-01-02T00:00:00Z\"}", "Content-Type", JSON, "Authorization", "Bearer " + CI_TOKEN));
        refused(415, null, () -> Http.send("PUT", at("/schedule"), "start=now", "Content-Type", "text/plain",
                "Authorization", "Bearer " + CI_TOKEN));
        refused(401, null, () -> Http.send("PUT", at("/schedule"), "{\"start\": \"" + start + "\", \"end\": \""
                + end + "\"}", "Content-Type", JSON));
        refused(400, "expectedVersion", () -> Http.send("DELETE", at("/schedule?expectedVersion=-3"), null,
                "Authorization", "Bearer " + CI_TOKEN));
    }

    // ---- database outage

    @Test
    void databaseDown_changesAndHistory503StateStoreUnavailable_statusStill200() {
        dataSource.down(true);
        try {
            Answer a = patch("{\"maintenance\": true}");
            assertEquals(503, a.status(), a.body());
            assertEquals("application/problem+json", a.contentType());
            assertEquals("state store unavailable", a.json().get("detail").asText());
            assertEquals(503, Http.send("GET", at("/history"), null, "Authorization", "Bearer " + CI_TOKEN)
                    .status());
            assertEquals(200, Http.send("GET", base(), null).status());
            assertEquals(400, patch("{\"maintenance\": 3}").status(), "bad input is still a 400");
        } finally {
            dataSource.down(false);
        }
        assertEquals(200, patch("{\"maintenance\": true}").status());
        assertEquals(1, service.status().version());
    }

    // ---- instances

    @Test
    void instances_forOperatorsOnly_listTheLiveInstancesInTheCoreShape() {
        assertEquals(401, Http.send("GET", at("/instances"), null).status(), "hosts and pids are not public");
        Answer a = Http.send("GET", at("/instances"), null, "Authorization", "Bearer " + OPS_TOKEN);
        assertEquals(200, a.status(), a.body());
        assertEquals(JSON, a.contentType());
        JsonNode cluster = a.json();
        List<String> names = new ArrayList<>();
        cluster.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("service", "currentVersion", "live", "holdingCurrentVersion", "asOf", "instances"),
                names, a.body());
        assertEquals(1, cluster.get("live").asInt());
        assertEquals(1, cluster.get("holdingCurrentVersion").asInt());
        JsonNode instance = cluster.get("instances").get(0);
        assertEquals(service.instances().instances().get(0).id(), instance.get("id").asText());
        assertTrue(instance.get("local").asBoolean());
        assertEquals(0, instance.get("inFlight").get("requests").asInt());
        assertEquals(200, Http.send("HEAD", at("/instances/"), null, "Authorization", "Bearer " + OPS_TOKEN).status());
        assertEquals(405, Http.send("POST", at("/instances"), "{}", "Content-Type", JSON,
                "Authorization", "Bearer " + CI_TOKEN).status());
    }

    @Test
    void instances_statusNotPublic_401WithoutTokenAnd200WithIt() throws Exception {
        try (AdminJetty closed = AdminJetty.start(new MaintenanceAdminServlet(service, MaintenanceAdminConfig
                .newBuilder().token("ops", OPS_TOKEN).publicStatus(false).build()))) {
            URI instances = URI.create(closed.base() + "/instances");
            assertEquals(401, Http.send("GET", instances, null).status());
            assertEquals(200, Http.send("GET", instances, null, "Authorization", "Bearer " + OPS_TOKEN).status());
        }
    }

    @Test
    void status_authorizedReaderSeesTheInstancesSummary_publicReaderDoesNot() {
        Answer operator = Http.send("GET", base(), null, "Authorization", "Bearer " + OPS_TOKEN);
        JsonNode summary = operator.json().get("instances");
        assertEquals(1, summary.get("live").asInt(), operator.body());
        assertEquals(1, summary.get("holdingCurrentVersion").asInt(), operator.body());
        assertEquals(service.status().version(), summary.get("currentVersion").asLong(), operator.body());
        assertFalse(Http.send("GET", base(), null).json().has("instances"));
    }

    @Test
    void databaseDown_instances503WithGenericText_statusStill200WithoutTheSummary() {
        dataSource.down(true);
        try {
            Answer a = Http.send("GET", at("/instances"), null, "Authorization", "Bearer " + OPS_TOKEN);
            assertEquals(503, a.status(), a.body());
            assertEquals("application/problem+json", a.contentType());
            assertEquals("state store unavailable", a.json().get("detail").asText());
            Answer status = Http.send("GET", base(), null, "Authorization", "Bearer " + OPS_TOKEN);
            assertEquals(200, status.status(), status.body());
            assertTrue(status.json().get("instances").isNull(), status.body());
        } finally {
            dataSource.down(false);
        }
    }

    // ---- authorizer

    @Test
    void containerRolesAuthorizer_basicUserWithRole_actsUnderItsName() throws Exception {
        MaintenanceAdminServlet servlet = new MaintenanceAdminServlet(service, MaintenanceAdminConfig.newBuilder()
                .authorizer(AdminAuthorizer.containerRoles("ops")).build());
        try (AdminJetty secured = AdminJetty.start(new ServletHolder(servlet), true, null)) {
            Answer alice = Http.send("PATCH", secured.base(), "{\"maintenance\": true}", "Content-Type", JSON,
                    "Authorization", basic("alice", "secret"));
            assertEquals(200, alice.status(), alice.body());
            assertEquals("alice", service.history(1).get(0).actor());
            refused(403, null, () -> Http.send("PATCH", secured.base(), "{\"maintenance\": false}",
                    "Content-Type", JSON, "Authorization", basic("bob", "secret")));
            refused(401, null, () -> Http.send("PATCH", secured.base(), "{\"maintenance\": false}",
                    "Content-Type", JSON));
            Answer wrongPassword = Http.send("PATCH", secured.base(), "{\"maintenance\": false}", "Content-Type",
                    JSON, "Authorization", basic("alice", "wrong"));
            assertTrue(wrongPassword.status() == 401 || wrongPassword.status() == 403, wrongPassword.body());
            assertEquals(Mode.FULL, service.effectiveMode());
        }
    }

    @Test
    void customAuthorizer_consultedWhenNoTokenMatches() throws Exception {
        List<String> seen = new ArrayList<>();
        AdminAuthorizer authorizer = request -> {
            seen.add(request.getMethod());
            return java.util.Optional.ofNullable(request.getHeader("X-Test-Operator"));
        };
        try (AdminJetty custom = AdminJetty.start(new MaintenanceAdminServlet(service,
                MaintenanceAdminConfig.newBuilder().token("ci", CI_TOKEN).authorizer(authorizer).build()))) {
            Answer a = Http.send("PATCH", custom.base(), "{\"maintenance\": true}", "Content-Type", JSON,
                    "X-Test-Operator", "carol");
            assertEquals(200, a.status(), a.body());
            assertEquals("carol", service.history(1).get(0).actor());
            Answer token = Http.send("PATCH", custom.base(), "{\"maintenance\": false}", "Content-Type", JSON,
                    "Authorization", "Bearer " + CI_TOKEN);
            assertEquals(200, token.status());
            assertEquals("ci", service.history(1).get(0).actor());
            assertEquals(List.of("PATCH"), seen, "a matching token does not consult the authorizer");
        }
    }

    @Test
    void noArgConstructor_readsServiceAttributeAndInitParams() throws Exception {
        ServletHolder holder = new ServletHolder(MaintenanceAdminServlet.class);
        holder.setInitParameter(MaintenanceAdminConfig.TOKENS_PARAM, "deploy:" + CI_TOKEN + ", ops:" + OPS_TOKEN);
        holder.setInitParameter(MaintenanceAdminConfig.PUBLIC_STATUS_PARAM, "false");
        holder.setInitParameter(MaintenanceAdminConfig.MAX_BODY_BYTES_PARAM, "300");
        try (AdminJetty xml = AdminJetty.start(holder, false, service)) {
            assertEquals(401, Http.send("GET", xml.base(), null).status());
            Answer a = Http.send("PATCH", xml.base(), "{\"maintenance\": true}", "Content-Type", JSON,
                    "Authorization", "Bearer " + CI_TOKEN);
            assertEquals(200, a.status(), a.body());
            assertEquals("deploy", service.history(1).get(0).actor());
            assertEquals(413, Http.send("PATCH", xml.base(), "{\"message\": \"" + "x".repeat(400) + "\"}",
                    "Content-Type", JSON, "Authorization", "Bearer " + CI_TOKEN).status());
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void patch_malformedJson_400NamesTheBodyInPlainWordsWithoutParserInternals() {
        for (String body : List.of("{\"maintenance\": tru", "{\"a\": 1 \"b\": 2}", "{\"maintenance\": true} x",
                "{\"m\": \"\\q\"}", "{\"maintenance\": 01}", "\u0000", "[".repeat(3000))) {
            JsonNode problem = refused(400, "body", () -> patch(body));
            String detail = problem.get("detail").asText();
            assertTrue(detail.startsWith("body: "), detail);
            for (String leak : List.of("Feature", "jackson", "Jackson", "Exception", "com.", "Source", "REDACTED",
                    "JsonToken", "START_", "[Source")) {
                assertFalse(detail.contains(leak), "parser internals in: " + detail);
            }
        }
        assertTrue(patch("{\"maintenance\": true").json().get("detail").asText().contains("ends before"));
    }

    @Test
    void statusAfterChange_authorizedReaderSeesWhoAndWhen() {
        patch("{\"mode\": \"FULL\", \"message\": \"Back soon\"}");
        JsonNode s = Http.send("GET", base(), null, "Authorization", "Bearer " + OPS_TOKEN).json();
        assertEquals("ci", s.get("changedBy").asText());
        assertNotNull(s.get("since").asText());
        assertEquals("Back soon", s.get("message").asText());
        assertEquals("full", s.get("effectiveMode").asText());
    }
}
