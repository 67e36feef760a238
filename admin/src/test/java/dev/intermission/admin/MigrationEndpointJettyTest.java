package dev.intermission.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.intermission.HistoryEntry;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.migration.DrainPolicy;
import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.migration.MigrationContext;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationHook;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.admin.AdminAuthorizer;
import dev.intermission.admin.MaintenanceAdminConfig;
import dev.intermission.admin.MaintenanceAdminServlet;
import dev.intermission.admin.Http.Answer;
import dev.intermission.testing.Databases;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;

/**
 * The migrations routes of the admin endpoint in a real Jetty 12 over HTTP, backed by H2, running the application's
 * Flyway migrations from the test resources. A filter in front of the servlet counts every request it lets
 * through, the admin requests included, as the maintenance filter does, and the windows wait for that count.
 */
class MigrationEndpointJettyTest {

    static final String TOKEN = "ci-token-0123456789abcdef";
    static final String SHOP = "classpath:db/shop";
    static final String BROKEN = "classpath:db/shop-broken";
    static final String JSON = "application/json";

    private DataSource dataSource;
    private MaintenanceService service;
    private AdminJetty jetty;
    private SchemaMigrator migrator;

    /** Requests the filter lets through that are still running. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The count the filter saw as each request entered, the request itself included. */
    private final List<Integer> countedOnEntry = new CopyOnWriteArrayList<>();
    /** Holds a window before it migrates, while maintenance is on and the lock is held; open unless a test shuts it. */
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch atGate = new CountDownLatch(1);

    private final Filter countingFilter = (request, response, chain) -> {
        countedOnEntry.add(inFlight.incrementAndGet());
        try {
            chain.doFilter(request, response);
        } finally {
            inFlight.decrementAndGet();
        }
    };

    private final MigrationHook gateHook = new MigrationHook() {
        @Override
        public void beforeMigrate(MigrationContext context) throws Exception {
            atGate.countDown();
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
        }
    };

    private final UnaryOperator<MigrationWindow.Builder> shortTimings = b -> b
            .propagationMargin(Duration.ofMillis(50))
            .leaseDuration(Duration.ofSeconds(2))
            .drainTimeout(Duration.ofSeconds(5))
            .drainPolicy(DrainPolicy.ABORT)
            .addHook(gateHook);

    @BeforeEach
    void database() {
        dataSource = Databases.newH2();
        service = Maintenance.newBuilder().dataSource(dataSource).refreshInterval(Duration.ofMillis(100)).build();
    }

    @AfterEach
    void stop() {
        gate.countDown();
        if (jetty != null) {
            jetty.close();
        }
        service.close();
    }

    private void start(String... locations) {
        start(MaintenanceAdminConfig.newBuilder().token("ci", TOKEN), locations);
    }

    private void start(MaintenanceAdminConfig.Builder config, String... locations) {
        migrator = FlywayMigrator.newBuilder().dataSource(dataSource).locations(locations).build();
        jetty = AdminJetty.start(new MaintenanceAdminServlet(service, config
                .migrations(migrator)
                .migrationWindow(shortTimings)
                .inFlightRequests(inFlight::get)
                .build()), countingFilter);
    }

    private URI at(String path) {
        return URI.create(jetty.base() + path);
    }

    private Answer post(String body, String... headers) {
        return Http.send("POST", at("/migrations"), body, headers);
    }

    private Answer postAuthorized(String body) {
        return body == null ? post(null, "Authorization", "Bearer " + TOKEN)
                : post(body, "Content-Type", JSON, "Authorization", "Bearer " + TOKEN);
    }

    private Answer get(String path) {
        return Http.send("GET", at(path), null, "Authorization", "Bearer " + TOKEN);
    }

    private MigrationRecord awaitFinished(String id) throws InterruptedException {
        return Windows.awaitFinished(service, id);
    }

    private static List<String> versions(JsonNode list) {
        List<String> versions = new ArrayList<>();
        list.forEach(m -> versions.add(m.get("version").asText()));
        return versions;
    }

    private String started(Answer a) {
        assertEquals(202, a.status(), a.body());
        assertEquals(JSON, a.contentType());
        String id = a.json().get("id").asText();
        assertTrue(MigrationHistory.isWindowId(id), a.body());
        String status = AdminJetty.MOUNT + "/migrations/" + id;
        assertEquals(status, a.json().get("status").asText());
        assertEquals(status, a.header("Location"));
        return id;
    }

    /** Checks a refusal: the status, a problem naming the field, and that nothing started or changed. */
    private void refused(int status, String field, Answer a) {
        assertEquals(status, a.status(), a.body());
        assertEquals("application/problem+json", a.contentType(), a.body());
        if (field != null) {
            assertEquals(field, a.json().path("field").asText(), a.body());
        }
        assertEquals(0, service.status().version(), "a refused request changed maintenance");
        assertEquals(List.of(), MigrationHistory.of(service).recent(10), "a refused request recorded a window");
        assertEquals(2, migrator.plan().pending().size(), "a refused request migrated");
    }

    // ---- POST starts a window, GET reads it

    @Test
    void post_pendingMigrations_202ThenRecordShowsSucceededWithAppliedAndMaintenanceBackOff() throws Exception {
        start(SHOP);

        String id = started(postAuthorized(null));
        awaitFinished(id);

        Answer a = get("/migrations/" + id);
        assertEquals(200, a.status(), a.body());
        JsonNode record = a.json();
        assertEquals(id, record.get("id").asText());
        assertEquals("SUCCEEDED", record.get("outcome").asText(), a.body());
        assertEquals("ci", record.get("actor").asText());
        assertEquals("full", record.get("mode").asText());
        assertTrue(record.get("versionBefore").isNull(), a.body());
        assertEquals("2", record.get("versionAfter").asText());
        assertEquals(List.of("1", "2"), versions(record.get("applied")));
        assertEquals(List.of("1", "2"), versions(record.get("planned")));
        assertFalse(record.get("endedAt").isNull());
        assertTrue(record.get("phaseMillis").has("MIGRATE"), a.body());
        assertTrue(record.get("heldUpBy").isArray(), "the instances that held the window up: " + a.body());
        for (var wait : record.get("heldUpBy")) {
            // Only this instance exists; a request still finishing here may hold the window a moment, never fail it.
            assertEquals("READY", wait.get("outcome").asText(), "nothing timed out: " + a.body());
        }
        assertFalse(service.status().maintenance(), "switched off after success");
        List<HistoryEntry> history = service.history(10);
        assertEquals(2, history.size());
        for (HistoryEntry entry : history) {
            assertEquals("ci", entry.actor());
            assertEquals(Origin.MIGRATION, entry.origin());
            assertEquals("127.0.0.1", entry.clientAddress());
        }
        assertEquals(Mode.FULL, history.get(1).newMode());
        assertEquals(Mode.OFF, history.get(0).newMode());
    }

    @Test
    void post_requestCountedInFlightByTheFilter_answeredBeforeTheWindowDrainsSoTheDrainDoesNotAbort()
            throws Exception {
        start(SHOP);

        String id = started(postAuthorized(null));

        assertEquals(List.of(1), countedOnEntry, "the POST itself was counted in flight while it ran");
        MigrationRecord record = awaitFinished(id);
        // Had the POST waited for the window, it would still be in flight when the window drains: the drain
        // policy ABORT would fail the window after its timeout with "1 request(s) still in flight".
        assertEquals(MigrationOutcome.SUCCEEDED, record.outcome(), record.error());
        assertTrue(record.phaseMillis().containsKey(dev.intermission.migration.MigrationPhase.DRAIN));
        assertEquals(0, inFlight.get());
    }

    @Test
    void post_fullBody_windowRunsInThatModeWithMessageAndExpectedEnd() throws Exception {
        start(SHOP);
        gate = new CountDownLatch(1);
        Instant before = Instant.now();

        String id = started(postAuthorized(
                "{\"mode\": \"READ_ONLY\", \"message\": \"Upgrading the shop\", \"estimate\": \"PT10M\"}"));
        assertTrue(atGate.await(30, TimeUnit.SECONDS), "the window reached its before hooks");

        JsonNode status = Http.send("GET", jetty.base(), null).json();
        assertTrue(status.get("maintenance").asBoolean(), status.toString());
        assertEquals("read-only", status.get("mode").asText());
        assertEquals("Upgrading the shop", status.get("message").asText());
        Instant until = Instant.parse(status.get("until").asText());
        assertFalse(until.isBefore(before.plus(Duration.ofMinutes(10))), "until is the estimate from the start");
        JsonNode running = get("/migrations/" + id).json();
        assertTrue(running.get("endedAt").isNull(), running.toString());
        assertTrue(running.get("running").asBoolean(), running.toString());
        assertEquals("read-only", running.get("mode").asText());

        gate.countDown();
        assertEquals(MigrationOutcome.SUCCEEDED, awaitFinished(id).outcome());
        assertFalse(service.status().maintenance());
    }

    @Test
    void post_chunkedEmptyBodyWithoutContentType_startsWithDefaults() throws Exception {
        start(SHOP);
        HttpRequest chunked = HttpRequest.newBuilder(at("/migrations"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[0])))
                .header("Authorization", "Bearer " + TOKEN)
                .build();

        String id = started(Http.send(chunked));

        MigrationRecord record = awaitFinished(id);
        assertEquals(MigrationOutcome.SUCCEEDED, record.outcome());
        assertEquals(Mode.FULL, record.mode());
    }

    @Test
    void post_nothingPending_200WithUpToDateResultAndNothingRecorded() throws Exception {
        start(SHOP);
        awaitFinished(started(postAuthorized(null)));
        long version = service.status().version();

        Answer a = postAuthorized("{}");

        assertEquals(200, a.status(), a.body());
        assertNull(a.header("Location"));
        assertEquals("UP_TO_DATE", a.json().get("outcome").asText(), a.body());
        assertEquals("2", a.json().get("versionAfter").asText());
        assertTrue(a.json().get("windowId").isNull());
        assertEquals(version, service.status().version(), "maintenance untouched");
        assertEquals(1, MigrationHistory.of(service).recent(10).size());
    }

    @Test
    void post_whileAWindowRuns_409NamingTheRunningWindow() throws Exception {
        start(SHOP);
        gate = new CountDownLatch(1);
        String first = started(postAuthorized(null));
        assertTrue(atGate.await(30, TimeUnit.SECONDS));
        long version = service.status().version();

        Answer second = postAuthorized(null);

        assertEquals(409, second.status(), second.body());
        assertEquals("application/problem+json", second.contentType());
        assertEquals(first, second.json().get("id").asText(), second.body());
        assertEquals(AdminJetty.MOUNT + "/migrations/" + first, second.json().get("statusUrl").asText());
        assertEquals(409, second.json().get("status").asInt(), "the problem's own status member stays its code");
        assertTrue(second.json().get("detail").asText().contains(first));
        assertEquals(version, service.status().version(), "the refused window changed nothing");
        gate.countDown();
        assertEquals(MigrationOutcome.SUCCEEDED, awaitFinished(first).outcome());
        assertEquals(1, MigrationHistory.of(service).recent(10).size(), "one window recorded");
    }

    @Test
    void post_failingMigration_maintenanceStaysOnAndRecordShowsFailedWithTheError() throws Exception {
        start(SHOP, BROKEN);

        String id = started(postAuthorized(null));
        awaitFinished(id);

        JsonNode record = get("/migrations/" + id).json();
        assertEquals("FAILED", record.get("outcome").asText(), record.toString());
        assertEquals("MIGRATE", record.get("failedPhase").asText());
        assertTrue(record.get("error").asText().toUpperCase(java.util.Locale.ROOT).contains("NO_SUCH_PRODUCTS"),
                record.toString());
        assertEquals(List.of("1", "2"), versions(record.get("applied")), "what was applied before V3 failed");
        JsonNode status = Http.send("GET", jetty.base(), null).json();
        assertTrue(status.get("maintenance").asBoolean(), "maintenance stays on");
        assertEquals(MigrationWindow.DEFAULT_MESSAGE, status.get("message").asText(),
                "users keep the window's words; the reason is in the record: " + status);
    }

    // ---- listing and reading

    @Test
    void getList_newestFirstWithinTheLimit() throws Exception {
        start(SHOP);
        String id = started(postAuthorized(null));
        awaitFinished(id);

        Answer a = get("/migrations?limit=5");
        assertEquals(200, a.status(), a.body());
        assertEquals("default", a.json().get("service").asText());
        assertEquals(1, a.json().get("windows").size());
        assertEquals(id, a.json().get("windows").get(0).get("id").asText());
        assertEquals("SUCCEEDED", a.json().get("windows").get(0).get("outcome").asText());
        assertEquals(200, get("/migrations").status());
        assertEquals(200, get("/migrations/").status());
        Answer head = Http.send("HEAD", at("/migrations"), null, "Authorization", "Bearer " + TOKEN);
        assertEquals(200, head.status());
        assertEquals("", head.body());
        assertEquals(400, get("/migrations?limit=0").status());
        assertEquals("limit", get("/migrations?limit=abc").json().get("field").asText());
        assertEquals(400, get("/migrations?limit=1001").status());
    }

    @Test
    void getOne_unknownId404AndMalformedId400() {
        start(SHOP);
        String unknown = java.util.UUID.randomUUID().toString();
        Answer missing = get("/migrations/" + unknown);
        assertEquals(404, missing.status(), missing.body());
        assertEquals("application/problem+json", missing.contentType());
        assertTrue(missing.json().get("detail").asText().contains(unknown));
        for (String bad : List.of("nope", unknown.toUpperCase(java.util.Locale.ROOT), unknown + "0", "1%202",
                unknown + "/x")) {
            Answer a = get("/migrations/" + bad);
            assertEquals(400, a.status(), bad + ": " + a.body());
            assertEquals("id", a.json().get("field").asText());
        }
    }

    // ---- authorization

    @Test
    void migrationsRoutes_withoutOrWithWrongCredentials_401AndNothingStarted() {
        start(SHOP);
        refused(401, null, post(null));
        Answer wrong = post(null, "Authorization", "Bearer " + TOKEN + "x");
        refused(401, null, wrong);
        assertTrue(wrong.header("WWW-Authenticate").startsWith("Bearer"));
        refused(401, null, post(null, "Cookie", "token=" + TOKEN));
        refused(401, null, Http.send("GET", at("/migrations"), null));
        refused(401, null, Http.send("GET", at("/migrations/" + java.util.UUID.randomUUID()), null));
    }

    @Test
    void post_noCredentialsConfigured_403AndNothingStarted() {
        start(MaintenanceAdminConfig.newBuilder(), SHOP);
        Answer a = post(null, "Authorization", "Bearer " + TOKEN);
        refused(403, null, a);
        assertTrue(a.json().get("detail").asText().contains("disabled"), a.body());
    }

    @Test
    void post_containerRoleAuthorizer_recordsThePrincipalAsActor() throws Exception {
        migrator = FlywayMigrator.newBuilder().dataSource(dataSource).locations(SHOP).build();
        jetty = AdminJetty.start(new ServletHolder(new MaintenanceAdminServlet(service,
                MaintenanceAdminConfig.newBuilder()
                        .authorizer(AdminAuthorizer.containerRoles("ops"))
                        .migrations(migrator)
                        .migrationWindow(shortTimings)
                        .build())), true, null);
        String alice = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:secret".getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        String bob = "Basic " + java.util.Base64.getEncoder().encodeToString("bob:secret".getBytes(
                java.nio.charset.StandardCharsets.UTF_8));

        refused(403, null, post(null, "Authorization", bob));
        Answer a = post(null, "Authorization", alice);

        String id = started(a);
        assertEquals("alice", awaitFinished(id).actor());
        assertEquals("alice", service.history(1).get(0).actor());
    }

    // ---- bad input

    @Test
    void post_badBodies_400NamingTheField415413AndNothingStarted() {
        start(SHOP);
        refused(400, "mode", postAuthorized("{\"mode\": \"OFF\"}"));
        refused(400, "mode", postAuthorized("{\"mode\": \"SOMETIMES\"}"));
        refused(400, "mode", postAuthorized("{\"mode\": 1}"));
        refused(400, "estimate", postAuthorized("{\"estimate\": \"ten minutes\"}"));
        refused(400, "estimate", postAuthorized("{\"estimate\": \"PT0S\"}"));
        refused(400, "estimate", postAuthorized("{\"estimate\": \"-PT5M\"}"));
        refused(400, "estimate", postAuthorized("{\"estimate\": \"PT25H\"}"));
        refused(400, "estimate", postAuthorized("{\"estimate\": 600}"));
        refused(400, "message", postAuthorized("{\"message\": \"" + "x".repeat(1001) + "\"}"));
        refused(400, "message", postAuthorized("{\"message\": \"line\\u0000break\"}"));
        refused(400, "message", postAuthorized("{\"message\": [\"a\"]}"));
        refused(400, "force", postAuthorized("{\"force\": true}"));
        refused(400, "body", postAuthorized("[{}]"));
        refused(400, "body", postAuthorized("{\"mode\": "));
        refused(400, "mode", postAuthorized("{\"mode\": \"FULL\", \"mode\": \"READ_ONLY\"}"));
        refused(415, null, post("{}", "Content-Type", "text/plain", "Authorization", "Bearer " + TOKEN));
        refused(415, null, post("{}", "Authorization", "Bearer " + TOKEN));
        refused(413, null, postAuthorized("{\"message\": \"" + "x".repeat(20_000) + "\"}"));
    }

    @Test
    void migrationsRoutes_otherMethods405WithAllowAndOptionsListsThem() {
        start(SHOP);
        Answer options = Http.send("OPTIONS", at("/migrations"), null);
        assertEquals(204, options.status());
        assertEquals("GET, HEAD, POST, OPTIONS", options.header("Allow"));
        Answer put = Http.send("PUT", at("/migrations"), "{}", "Content-Type", JSON, "Authorization",
                "Bearer " + TOKEN);
        refused(405, null, put);
        assertEquals("GET, HEAD, POST, OPTIONS", put.header("Allow"));
        Answer post = Http.send("POST", at("/migrations/" + java.util.UUID.randomUUID()), null, "Authorization",
                "Bearer " + TOKEN);
        refused(405, null, post);
        assertEquals("GET, HEAD, OPTIONS", post.header("Allow"));
    }

    @Test
    void migrationsRoutes_noMigratorConfigured_404SayingSo() {
        jetty = AdminJetty.start(new MaintenanceAdminServlet(service, MaintenanceAdminConfig.newBuilder()
                .token("ci", TOKEN).build()));
        for (Answer a : List.of(postAuthorized(null), get("/migrations"),
                get("/migrations/" + java.util.UUID.randomUUID()))) {
            assertEquals(404, a.status(), a.body());
            assertEquals("application/problem+json", a.contentType());
            assertTrue(a.json().get("detail").asText().contains("migrations are not configured"), a.body());
        }
        assertFalse(get("/nope").json().get("detail").asText().contains("/migrations"));
        assertEquals(0, service.status().version());
    }

    @Test
    void init_customizerThatFails_refusesToStartNamingIt() {
        MaintenanceAdminServlet servlet = new MaintenanceAdminServlet(service, MaintenanceAdminConfig.newBuilder()
                .token("ci", TOKEN)
                .migrations(FlywayMigrator.newBuilder().dataSource(dataSource).locations(SHOP).build())
                .migrationWindow(b -> b.drainTimeout(Duration.ofDays(2)))
                .build());
        ServletException e = assertThrows(ServletException.class, servlet::init);
        assertTrue(e.getMessage().contains("migrationWindow"), e.getMessage());
        assertTrue(e.getMessage().contains("drainTimeout"), e.getMessage());
    }
}
