package dev.intermission.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.servlet.testing.Container;
import dev.intermission.servlet.testing.JsonReader;
import dev.intermission.testing.Databases;
import dev.intermission.testing.ManualClock;

/** The 503 answer: status, headers, and a JSON, HTML or text body chosen by {@code Accept}; HEAD gets no body. */
class RefusalTest {

    static final Instant START = Instant.parse("2030-01-01T10:00:00Z");
    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    static final String MESSAGE = "Upgrading <the> database & \"more\"";

    private static FilterFixture fixture(Container container, ManualClock clock, MaintenanceFilterConfig config) {
        MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2()).timeSource(clock)
                .refreshInterval(Duration.ofHours(1)).build();
        return FilterFixture.inCode(container, "", service, config, app -> { });
    }

    /** FULL until START + 90.5 s: Retry-After is 91 (rounded up). */
    private static void enableFullWithEnd(MaintenanceService service) {
        service.apply(MaintenanceChange.enable(Mode.FULL).message(MESSAGE)
                .until(START.plus(Duration.ofMillis(90_500))).actor("test").build());
    }

    private static void assertRefusalHeaders(HttpResponse<String> r, String mode, String retryAfter) {
        assertEquals(503, r.statusCode(), r.body());
        assertEquals(retryAfter, r.headers().firstValue("Retry-After").orElse(null));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("Accept", r.headers().firstValue("Vary").orElse(null));
        assertEquals(mode, r.headers().firstValue("Intermission-Mode").orElse(null));
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void refusal_clientPrefersJson_problemJsonWithModeAndEnd(Container container) throws Exception {
        ManualClock clock = new ManualClock(START);
        try (FilterFixture f = fixture(container, clock, MaintenanceFilterConfig.newBuilder().build())) {
            enableFullWithEnd(f.service);
            HttpResponse<String> r = f.send("POST", "/api/orders", "Accept", "application/json");
            assertRefusalHeaders(r, "full", "91");
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                    r.headers().map().toString());
            Map<String, Object> body = JsonReader.object(r.body());
            assertEquals("about:blank", body.get("type"));
            assertEquals("Service Unavailable", body.get("title"));
            assertEquals(503, ((Number) body.get("status")).intValue());
            assertEquals(MESSAGE, body.get("detail"));
            assertEquals(MESSAGE, body.get("message"));
            assertEquals("full", body.get("mode"));
            assertEquals(START.toString(), body.get("since"));
            assertEquals(START.plusMillis(90_500).toString(), body.get("until"));
            assertEquals(91, ((Number) body.get("retryAfter")).intValue());
            assertEquals(Boolean.FALSE, body.get("overdue"));
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void refusal_browser_htmlPageWithEscapedMessage(Container container) {
        ManualClock clock = new ManualClock(START);
        try (FilterFixture f = fixture(container, clock, MaintenanceFilterConfig.newBuilder().build())) {
            enableFullWithEnd(f.service);
            HttpResponse<String> r = f.get("/", "Accept", BROWSER);
            assertRefusalHeaders(r, "full", "91");
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(r.body().startsWith("<!DOCTYPE html>"), r.body());
            assertTrue(r.body().contains("Upgrading &lt;the&gt; database &amp; &quot;more&quot;"), r.body());
            assertFalse(r.body().contains("<the>"));
            assertTrue(r.body().contains("Back in about 2 minutes, by <time datetime=\"" + START.plusMillis(90_500)
                    + "\">1 January 2030, 10:01 UTC</time>."), r.body());
            assertFalse(r.body().contains("verdue"), r.body());
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void refusal_noAcceptHeader_plainText(Container container) {
        ManualClock clock = new ManualClock(START);
        try (FilterFixture f = fixture(container, clock, MaintenanceFilterConfig.newBuilder().build())) {
            enableFullWithEnd(f.service);
            HttpResponse<String> r = f.get("/api/x");
            assertRefusalHeaders(r, "full", "91");
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertEquals(MESSAGE + "\nExpected back in about 2 minutes, at " + START.plusMillis(90_500) + ".\n",
                    r.body());
            HttpResponse<String> any = f.get("/api/x", "Accept", "*/*");
            assertEquals(r.body(), any.body());
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void refusal_head_headersWithoutBody(Container container) {
        ManualClock clock = new ManualClock(START);
        try (FilterFixture f = fixture(container, clock, MaintenanceFilterConfig.newBuilder().build())) {
            enableFullWithEnd(f.service);
            for (String accept : new String[] {"application/json", BROWSER, "text/plain"}) {
                HttpResponse<String> r = f.send("HEAD", "/api/x", "Accept", accept);
                assertRefusalHeaders(r, "full", "91");
                assertEquals("", r.body());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void refusal_noExpectedEnd_defaultRetryAfterAndDefaultMessage(Container container) throws Exception {
        ManualClock clock = new ManualClock(START);
        MaintenanceFilterConfig config = MaintenanceFilterConfig.newBuilder()
                .defaultRetryAfter(Duration.ofMillis(120_001)).build();
        try (FilterFixture f = fixture(container, clock, config)) {
            f.service.enable(Mode.FULL, null, "test");
            HttpResponse<String> r = f.get("/api/x", "Accept", "application/json");
            assertRefusalHeaders(r, "full", "121");
            Map<String, Object> body = JsonReader.object(r.body());
            assertEquals("The service is down for maintenance. Please try again later.", body.get("message"));
            assertTrue(body.containsKey("until") && body.get("until") == null);
            assertEquals(121, ((Number) body.get("retryAfter")).intValue());
        }
        try (FilterFixture f = fixture(container, clock, MaintenanceFilterConfig.newBuilder().build())) {
            f.service.enable(Mode.FULL, null, "test");
            assertRefusalHeaders(f.get("/api/x"), "full", "300");
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void refusal_expectedEndPassed_defaultRetryAfterAndOverdueInEveryRepresentation(Container container) {
        ManualClock clock = new ManualClock(START);
        try (FilterFixture f = fixture(container, clock, MaintenanceFilterConfig.newBuilder().build())) {
            enableFullWithEnd(f.service);
            clock.advance(Duration.ofMinutes(10));
            Instant end = START.plusMillis(90_500);
            HttpResponse<String> text = f.get("/api/x");
            assertRefusalHeaders(text, "full", "300");
            assertEquals(MESSAGE + "\nOverdue: expected back at " + end + ".\n", text.body());
            HttpResponse<String> html = f.get("/", "Accept", BROWSER);
            assertRefusalHeaders(html, "full", "300");
            assertTrue(html.body().contains("Overdue: we expected to be back by <time datetime=\"" + end
                    + "\">1 January 2030, 10:01 UTC</time>"), html.body());
            assertFalse(html.body().contains("Back in"), html.body());
            Map<String, Object> json = JsonReader.object(f.get("/api/x", "Accept", "application/json").body());
            assertEquals(Boolean.TRUE, json.get("overdue"));
            assertEquals(end.toString(), json.get("until"));
            assertEquals(300, ((Number) json.get("retryAfter")).intValue());
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void refusal_customTemplate_placeholdersFilledAndEscaped(Container container) {
        ManualClock clock = new ManualClock(START);
        MaintenanceFilterConfig config = MaintenanceFilterConfig.newBuilder()
                .htmlTemplate("<h1>{{mode}}</h1><p>{{message}}</p>{{#until}}<p>until {{until}}</p>{{/until}}"
                        + "<i>{{retryAfter}}</i>")
                .build();
        try (FilterFixture f = fixture(container, clock, config)) {
            enableFullWithEnd(f.service);
            assertEquals("<h1>full</h1><p>Upgrading &lt;the&gt; database &amp; &quot;more&quot;</p>"
                    + "<p>until 2030-01-01T10:01:30.500Z</p><i>91</i>", f.get("/", "Accept", "text/html").body());
            f.service.enable(Mode.READ_ONLY, "<b>", "test");
            HttpResponse<String> r = f.send("DELETE", "/api/x", "Accept", "text/html");
            assertRefusalHeaders(r, "read-only", "300");
            assertEquals("<h1>read-only</h1><p>&lt;b&gt;</p><i>300</i>", r.body());
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void refusal_requestBodyNotYetSent_asksToCloseTheConnection(Container container) throws Exception {
        ManualClock clock = new ManualClock(START);
        try (FilterFixture f = fixture(container, clock, MaintenanceFilterConfig.newBuilder().build())) {
            f.service.enable(Mode.FULL, null, "test");
            try (Socket socket = new Socket("127.0.0.1", f.app.port())) {
                socket.setSoTimeout(10_000);
                // The headers promise a body that never comes: the container cannot keep the connection.
                socket.getOutputStream().write(("POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Length: 5\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                String status = in.readLine();
                List<String> headers = new ArrayList<>();
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    headers.add(line.toLowerCase(Locale.ROOT));
                }
                assertTrue(status.startsWith("HTTP/1.1 503"), status);
                assertTrue(headers.contains("connection: close"), headers.toString());
            }
            if (container == Container.JETTY) {
                // (Tomcat closes the connection after every 503 by its own design.)
                HttpResponse<String> get = f.get("/api/orders");
                assertEquals(503, get.statusCode());
                assertFalse(get.headers().firstValue("Connection").orElse("").contains("close"),
                        "no body, no reason to close: " + get.headers().map());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void refusal_byInitParams_templateResourceAndDefaultRetryAfter(Container container) {
        Map<String, String> params = Map.of(
                MaintenanceFilterConfig.PARAM_JDBC_URL, Databases.newH2Url(),
                MaintenanceFilterConfig.PARAM_HTML_TEMPLATE_RESOURCE, "/WEB-INF/maintenance.html",
                MaintenanceFilterConfig.PARAM_DEFAULT_RETRY_AFTER, "2m");
        try (FilterFixture f = FilterFixture.byInitParams(container, "/shop", params,
                app -> app.resource("/WEB-INF/maintenance.html", "<p>Closed: {{message}}</p>"))) {
            f.service.enable(Mode.FULL, "a & b", "test");
            HttpResponse<String> html = f.get("/", "Accept", BROWSER);
            assertRefusalHeaders(html, "full", "120");
            assertEquals("<p>Closed: a &amp; b</p>", html.body());
            assertEquals("a & b\n", f.get("/api/x").body());
        }
    }
}
