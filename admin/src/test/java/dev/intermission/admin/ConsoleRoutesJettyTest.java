package dev.intermission.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;
import dev.intermission.admin.Http.Answer;
import dev.intermission.admin.internal.StatusPage;
import dev.intermission.testing.Databases;
import dev.intermission.testing.ManualClock;

/**
 * The console's page and files, and the public status for status pages, over HTTP in a real Jetty: what headers
 * protect the page, that no file holds inline script or builds markup from data, and what {@code status.json}
 * says before, during and after a window, on the service's clock.
 */
class ConsoleRoutesJettyTest {

    static final String TOKEN = "console-token-0123456789";
    static final Instant T0 = Instant.parse("2030-03-01T09:00:00Z");

    private ManualClock clock;
    private MaintenanceService service;
    private AdminJetty jetty;

    @BeforeEach
    void start() {
        clock = new ManualClock(T0);
        service = Maintenance.newBuilder().dataSource(Databases.newH2()).timeSource(clock)
                .refreshInterval(Duration.ofHours(1)).build();
        jetty = AdminJetty.start(new MaintenanceAdminServlet(service,
                MaintenanceAdminConfig.newBuilder().token("ops", TOKEN).build()));
    }

    @AfterEach
    void stop() {
        jetty.close();
        service.close();
    }

    private Answer get(String path, String... headers) {
        return Http.send("GET", java.net.URI.create(jetty.base() + path), null, headers);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ConsoleRoutesJettyTest.class.getResourceAsStream(
                "/dev/intermission/admin/console/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void console_isServedWithAStrictContentSecurityPolicyAndNoFraming() {
        Answer a = get("/console");
        assertEquals(200, a.status());
        assertEquals("text/html;charset=utf-8", a.contentType().replace(" ", "").toLowerCase(java.util.Locale.ROOT));
        String csp = a.header("Content-Security-Policy");
        assertNotNull(csp);
        assertTrue(csp.startsWith("default-src 'self';"), csp);
        assertTrue(csp.contains("script-src 'self';") && csp.contains("style-src 'self';"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertFalse(csp.contains("unsafe"), csp);
        assertEquals("DENY", a.header("X-Frame-Options"));
        assertEquals("no-referrer", a.header("Referrer-Policy"));
        assertEquals("nosniff", a.header("X-Content-Type-Options"));
        assertTrue(a.body().contains("<script src=\"console.js\" defer></script>"), a.body());
        assertTrue(a.body().contains("<link rel=\"stylesheet\" href=\"console.css\">"), a.body());
    }

    @Test
    void console_withTrailingSlash_redirectsToThePageItsLinksAreRelativeTo() {
        Answer a = get("/console/");
        assertEquals(301, a.status());
        assertEquals("../console", a.header("Location"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console", "/console.js", "/console.css", "/banner.js", "/reload.js"})
    void files_carryAnEntityTag_andAnswer304WhenItMatches(String path) {
        Answer a = get(path);
        assertEquals(200, a.status());
        String etag = a.header("ETag");
        assertNotNull(etag);
        assertEquals("no-cache", a.header("Cache-Control"));
        Answer again = get(path, "If-None-Match", etag);
        assertEquals(304, again.status());
        assertEquals("", again.body());
        assertEquals(200, get(path, "If-None-Match", "\"other\"").status());
        Answer head = Http.send("HEAD", java.net.URI.create(jetty.base() + path), null);
        assertEquals(200, head.status());
        assertEquals("", head.body());
    }

    @Test
    void files_haveTheirMediaTypes() {
        assertTrue(get("/console.js").contentType().startsWith("text/javascript"));
        assertTrue(get("/banner.js").contentType().startsWith("text/javascript"));
        assertTrue(get("/reload.js").contentType().startsWith("text/javascript"));
        assertTrue(get("/console.css").contentType().startsWith("text/css"));
    }

    @Test
    void page_holdsNoInlineScriptStyleOrHandler() throws IOException {
        String html = resource("console.html");
        List<String> found = new ArrayList<>();
        Matcher scripts = Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>").matcher(html);
        while (scripts.find()) {
            found.add(scripts.group());
        }
        Matcher inline = Pattern.compile("<style|\\sstyle=|\\son[a-z]+=|javascript:", Pattern.CASE_INSENSITIVE)
                .matcher(html);
        while (inline.find()) {
            found.add(inline.group());
        }
        assertEquals(List.of(), found, "inline script or style in console.html");
    }

    @ParameterizedTest
    @ValueSource(strings = {"console.js", "banner.js", "reload.js"})
    void scripts_neverParseMarkupOrCode(String file) throws IOException {
        String js = resource(file);
        for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                "new Function", "setAttribute('style'", "setAttribute(\"style\"", "localStorage", "document.cookie")) {
            assertFalse(js.contains(sink), file + " uses " + sink);
        }
        assertTrue(js.contains("textContent"), file + " puts text in as text");
    }

    @Test
    void banner_definesOneGlobalOnly() throws IOException {
        String js = resource("banner.js");
        Matcher globals = Pattern.compile("window\\.([A-Za-z_$][\\w$]*)\\s*=").matcher(js);
        List<String> names = new ArrayList<>();
        while (globals.find()) {
            names.add(globals.group(1));
        }
        assertEquals(List.of("intermissionBanner"), names);
        assertTrue(js.startsWith("/*") && js.contains("(function () {\n  'use strict';"), "one closure");
        assertFalse(resource("reload.js").contains("window.intermission"), "the reload script defines no global");
    }

    @Test
    void statusJson_listsAScheduledWindowThenInProgressThenCompleted_withoutOperatorNames() {
        Instant start = T0.plus(Duration.ofHours(2));
        Instant end = start.plus(Duration.ofHours(1));
        service.apply(MaintenanceChange.schedule(new ScheduledWindow(start, end, Mode.FULL, "Planned <upgrade>"))
                .actor("alice.operator").clientAddress("10.1.2.3").build());

        Answer before = get("/status.json");
        assertEquals(200, before.status());
        assertEquals("*", before.header("Access-Control-Allow-Origin"));
        assertEquals("no-cache", before.header("Cache-Control"));
        assertFalse(before.body().contains("alice") || before.body().contains("10.1.2.3"), before.body());
        JsonNode b = before.json();
        assertEquals("none", b.path("status").path("indicator").asText());
        assertFalse(b.path("maintenance").path("active").asBoolean());
        JsonNode item = b.path("scheduled_maintenances").get(0);
        assertEquals("scheduled", item.path("status").asText());
        assertEquals("Planned <upgrade>", item.path("name").asText());
        assertEquals(start.toString(), item.path("scheduled_for").asText());
        assertEquals(end.toString(), item.path("scheduled_until").asText());
        assertEquals("full", item.path("mode").asText());
        assertTrue(item.path("started_at").isNull());

        clock.set(start.plusSeconds(60));
        JsonNode during = get("/status.json").json();
        assertEquals("maintenance", during.path("status").path("indicator").asText());
        assertEquals("Down for maintenance", during.path("status").path("description").asText());
        assertEquals("full", during.path("maintenance").path("mode").asText());
        assertEquals(end.toString(), during.path("maintenance").path("until").asText());
        assertEquals("in_progress", during.path("scheduled_maintenances").get(0).path("status").asText());
        assertEquals(item.path("id").asText(), during.path("scheduled_maintenances").get(0).path("id").asText());

        clock.set(end.plusSeconds(60));
        JsonNode after = get("/status.json").json();
        assertFalse(after.path("maintenance").path("active").asBoolean());
        JsonNode done = after.path("scheduled_maintenances").get(0);
        assertEquals("completed", done.path("status").asText());
        assertEquals(end.toString(), done.path("resolved_at").asText());
        assertEquals(item.path("id").asText(), done.path("id").asText());

        clock.set(end.plus(StatusPage.COMPLETED_SHOWN_FOR).plusSeconds(1));
        assertEquals(0, get("/status.json").json().path("scheduled_maintenances").size(),
                "a maintenance that ended a day ago is no longer listed");
    }

    @Test
    void statusJson_maintenanceSwitchedOnByHand_inProgressThenCompleted() {
        service.apply(MaintenanceChange.enable(Mode.READ_ONLY).message("Moving the database").actor("ops").build());
        clock.advance(Duration.ofMinutes(10));
        JsonNode on = get("/status.json").json();
        assertEquals("Read-only for maintenance", on.path("status").path("description").asText());
        JsonNode item = on.path("scheduled_maintenances").get(0);
        assertEquals("in_progress", item.path("status").asText());
        assertEquals("manual", item.path("kind").asText());
        assertEquals("read-only", item.path("mode").asText());
        assertEquals(T0.toString(), item.path("scheduled_for").asText());

        service.apply(MaintenanceChange.disable().actor("ops").build());
        JsonNode off = get("/status.json").json();
        JsonNode done = off.path("scheduled_maintenances").get(0);
        assertEquals("completed", done.path("status").asText());
        assertEquals(item.path("id").asText(), done.path("id").asText());
        assertEquals(T0.plus(Duration.ofMinutes(10)).toString(), done.path("resolved_at").asText());
    }

    @Test
    void statusJson_windowCancelledBeforeItOpened_isNotListedAsCompleted() {
        Instant start = T0.plus(Duration.ofHours(2));
        service.apply(MaintenanceChange.schedule(new ScheduledWindow(start, start.plusSeconds(600), Mode.FULL, null))
                .actor("ops").build());
        service.apply(MaintenanceChange.cancelSchedule().actor("ops").build());
        clock.set(start.plusSeconds(3600));
        assertEquals(0, get("/status.json").json().path("scheduled_maintenances").size());
    }

    @Test
    void statusJson_notPublic_needsAToken() {
        try (AdminJetty closed = AdminJetty.start(new MaintenanceAdminServlet(service,
                MaintenanceAdminConfig.newBuilder().token("ops", TOKEN).publicStatus(false).build()))) {
            java.net.URI uri = java.net.URI.create(closed.base() + "/status.json");
            Answer anonymous = Http.send("GET", uri, null);
            assertEquals(401, anonymous.status());
            Answer operator = Http.send("GET", uri, null, "Authorization", "Bearer " + TOKEN);
            assertEquals(200, operator.status());
            assertNull(operator.header("Access-Control-Allow-Origin"), "not for any page to read");
        }
    }

    @Test
    void status_answers304WhileNothingChanges_and200OnceItDoes() {
        Answer first = get("");
        String etag = first.header("ETag");
        assertNotNull(etag);
        assertEquals(304, get("", "If-None-Match", etag).status());
        service.apply(MaintenanceChange.enable(Mode.FULL).actor("ops").build());
        Answer changed = get("", "If-None-Match", etag);
        assertEquals(200, changed.status());
        assertEquals("full", changed.json().path("effectiveMode").asText());
    }

    @Test
    void operatorsStatus_answers304AcrossRefreshesOfAnUnchangedState_and200OnceItChanges() {
        Answer first = get("", "Authorization", "Bearer " + TOKEN);
        assertNotNull(first.json().get("lastRefreshed"), first.body());
        String etag = first.header("ETag");
        assertTrue(etag.startsWith("W/"), "a weak tag: the same state, not the same bytes: " + etag);
        service.refresh();
        service.refresh();
        assertEquals(304, get("", "Authorization", "Bearer " + TOKEN, "If-None-Match", etag).status());
        service.apply(MaintenanceChange.enable(Mode.READ_ONLY).actor("ops").build());
        Answer changed = get("", "Authorization", "Bearer " + TOKEN, "If-None-Match", etag);
        assertEquals(200, changed.status());
        assertEquals("read-only", changed.json().path("effectiveMode").asText());
    }

    @Test
    void instances_servedWithTheLiveInstances_soTheConsoleShowsThem() {
        Answer a = get("/instances", "Authorization", "Bearer " + TOKEN);
        assertEquals(200, a.status(), a.body());
        assertEquals(1, a.json().path("live").asInt(), a.body());
        assertEquals(1, a.json().path("instances").size(), a.body());
    }

}
