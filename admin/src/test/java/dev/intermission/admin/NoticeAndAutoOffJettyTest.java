package dev.intermission.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

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
import dev.intermission.testing.Databases;
import dev.intermission.testing.ManualClock;

/**
 * A window's notice time over HTTP (operators see the window at once, the public status, {@code status.json} and
 * so the banner only from its notice time on), and maintenance that ends by itself ({@code "autoOff": true}), on
 * the service's own clock in a real Jetty.
 */
class NoticeAndAutoOffJettyTest {

    private static final String TOKEN = "notice-token-0123456789";
    private static final Instant T0 = Instant.parse("2030-03-01T09:00:00Z");

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

    private Answer get(String path, boolean operator) {
        return operator ? Http.send("GET", URI.create(jetty.base() + path), null, "Authorization", "Bearer " + TOKEN)
                : Http.send("GET", URI.create(jetty.base() + path), null);
    }

    private Answer send(String method, String path, String body) {
        return Http.send(method, URI.create(jetty.base() + path), body, "Authorization", "Bearer " + TOKEN,
                "Content-Type", "application/json");
    }

    @Test
    void windowWithANoticeTime_isHiddenFromThePublicUntilThen_andOperatorsSeeItAtOnce() {
        Instant notice = T0.plus(Duration.ofHours(1));
        Instant start = T0.plus(Duration.ofHours(3));
        Answer put = send("PUT", "/schedule", "{\"start\": \"" + start + "\", \"end\": \"" + start.plusSeconds(3600)
                + "\", \"noticeAt\": \"" + notice + "\", \"mode\": \"read-only\", \"message\": \"Reindexing\"}");
        assertEquals(200, put.status(), put.body());
        assertEquals(notice.toString(), put.json().path("window").path("noticeAt").asText());

        JsonNode operator = get("", true).json();
        assertEquals(notice.toString(), operator.path("window").path("noticeAt").asText());
        assertTrue(operator.path("upcomingWindow").asBoolean());

        JsonNode hidden = get("", false).json();
        assertTrue(hidden.path("window").isNull(), hidden.toString());
        assertFalse(hidden.path("upcomingWindow").asBoolean());
        Answer statusJson = get("/status.json", false);
        assertEquals(0, statusJson.json().path("scheduled_maintenances").size(), statusJson.body());
        assertFalse(statusJson.body().contains("Reindexing"), statusJson.body());

        clock.set(notice);
        JsonNode announced = get("", false).json();
        assertEquals(start.toString(), announced.path("window").path("start").asText(), announced.toString());
        assertTrue(announced.path("upcomingWindow").asBoolean());
        JsonNode page = get("/status.json", false).json();
        assertEquals(notice.toString(), page.path("page").path("updated_at").asText(), "it changed at the notice time");
        JsonNode item = page.path("scheduled_maintenances").get(0);
        assertEquals("scheduled", item.path("status").asText());
        assertEquals("Reindexing", item.path("name").asText());
        assertEquals(start.toString(), item.path("scheduled_for").asText());

        clock.set(start.plusSeconds(1));
        assertEquals("in_progress", get("/status.json", false).json().path("scheduled_maintenances").get(0)
                .path("status").asText());
        assertEquals("read-only", get("", false).json().path("effectiveMode").asText());
    }

    @Test
    void windowWithoutANoticeTime_isPublicAtOnce_asBefore() {
        Instant start = T0.plus(Duration.ofHours(3));
        assertEquals(200, send("PUT", "/schedule", "{\"start\": \"" + start + "\", \"end\": \""
                + start.plusSeconds(60) + "\"}").status());
        assertTrue(get("", false).json().path("upcomingWindow").asBoolean());
        assertTrue(get("", false).json().path("window").path("noticeAt").isNull());
        assertEquals(1, get("/status.json", false).json().path("scheduled_maintenances").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2030-03-01T13:00:00.001Z\"", "\"tomorrow\"", "42", "true", "\"\""})
    void badNoticeTime_isRefusedNamingIt_andChangesNothing(String value) {
        long version = service.status().version();
        Answer a = send("PUT", "/schedule", "{\"start\": \"2030-03-01T13:00:00Z\", \"end\": \"2030-03-01T14:00:00Z\","
                + " \"noticeAt\": " + value + "}");
        assertEquals(400, a.status(), a.body());
        assertEquals("noticeAt", a.json().path("field").asText(), a.body());
        assertEquals(version, service.status().version());
    }

    @Test
    void autoOff_isAWindowFromNowToUntil_thatReopensWithoutAWrite() {
        Instant until = T0.plus(Duration.ofMinutes(30));
        Answer a = send("PATCH", "", "{\"mode\": \"read-only\", \"message\": \"Moving the database\", \"until\": \""
                + until + "\", \"autoOff\": true}");
        assertEquals(200, a.status(), a.body());
        JsonNode s = a.json();
        assertEquals("read-only", s.path("effectiveMode").asText());
        assertEquals("off", s.path("mode").asText(), "nothing switched on by hand");
        assertEquals("Moving the database", s.path("message").asText());
        assertEquals(until.toString(), s.path("until").asText());
        assertEquals(T0.toString(), s.path("window").path("start").asText());
        assertEquals(until.toString(), s.path("window").path("end").asText());
        long version = s.path("version").asLong();

        clock.set(until);
        JsonNode after = get("", true).json();
        assertEquals("off", after.path("effectiveMode").asText());
        assertEquals(version, after.path("version").asLong(), "reopened by the clock, not by a write");
    }

    @Test
    void autoOff_classicForm_isFull() {
        Answer a = send("PATCH", "", "{\"maintenance\": true, \"until\": \"" + T0.plusSeconds(600)
                + "\", \"autoOff\": true}");
        assertEquals(200, a.status(), a.body());
        assertEquals("full", a.json().path("effectiveMode").asText());
        assertEquals("full", a.json().path("window").path("mode").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"maintenance\": true, \"autoOff\": true}",
        "{\"mode\": \"full\", \"autoOff\": \"yes\", \"until\": \"2030-03-01T10:00:00Z\"}",
        "{\"mode\": \"off\", \"autoOff\": true}",
        "{\"maintenance\": false, \"autoOff\": true, \"until\": \"2030-03-01T10:00:00Z\"}",
        "{\"mode\": \"full\", \"autoOff\": null, \"until\": \"2030-03-01T10:00:00Z\"}"})
    void badAutoOff_isRefusedNamingIt_andChangesNothing(String body) {
        long version = service.status().version();
        Answer a = send("PATCH", "", body);
        assertEquals(400, a.status(), a.body());
        assertEquals("autoOff", a.json().path("field").asText(), a.body());
        assertEquals(version, service.status().version());
    }

    @Test
    void autoOff_whileOnByHandOrWithAWindowScheduled_isAConflictNamingIt_andChangesNothing() {
        service.apply(MaintenanceChange.enable(Mode.FULL).actor("ops").build());
        String body = "{\"mode\": \"read-only\", \"until\": \"" + T0.plusSeconds(600) + "\", \"autoOff\": true}";
        Answer onByHand = send("PATCH", "", body);
        assertEquals(409, onByHand.status(), onByHand.body());
        assertEquals("autoOff", onByHand.json().path("field").asText());
        assertEquals(1, service.status().version());

        service.apply(MaintenanceChange.disable().actor("ops").build());
        service.apply(MaintenanceChange.schedule(new ScheduledWindow(T0.plusSeconds(3600), T0.plusSeconds(7200),
                Mode.FULL, "Planned")).actor("ops").build());
        Answer windowed = send("PATCH", "", body);
        assertEquals(409, windowed.status(), windowed.body());
        assertEquals("autoOff", windowed.json().path("field").asText());
        assertEquals("Planned", service.status().window().message());
    }

    @Test
    void autoOff_withoutAToken_isRefused() {
        Answer a = Http.send("PATCH", jetty.base(), "{\"maintenance\": true, \"until\": \""
                + T0.plusSeconds(600) + "\", \"autoOff\": true}", "Content-Type", "application/json");
        assertEquals(401, a.status(), a.body());
        assertEquals(0, service.status().version());
    }
}
