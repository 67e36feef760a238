package dev.intermission.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import dev.intermission.MaintenanceService;
import dev.intermission.boot.app.TestApplication;
import dev.intermission.boot.internal.OutcomeListeners;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * What the starter does for an application over real HTTP on embedded Tomcat, run on each database by a
 * subclass that starts the application on it.
 */
@TestPropertySource(properties = {
    "intermission.admin.tokens.ops=" + StarterHttpContract.TOKEN,
    "intermission.admin.role=OPS",
    "intermission.filter.allow-paths=/status",
    "intermission.refresh-interval=200ms",
    "management.endpoints.web.exposure.include=health,maintenance,prometheus",
    "management.endpoint.maintenance.access=unrestricted",
    "management.endpoint.health.show-details=always",
    "management.endpoint.health.probes.enabled=true",
})
abstract class StarterHttpContract {

    static final String TOKEN = "ops-token-0123456789abcdef";

    @LocalServerPort
    int port;

    @Autowired
    MaintenanceService service;

    @Autowired
    MeterRegistry meters;

    Http http;

    @BeforeEach
    void switchOff() {
        http = new Http(port);
        if (service.status().mode().isMaintenance()) {
            service.disable("test");
        }
    }

    @Test
    void classicPatch_togglesServiceUnavailableOnTheApplicationsControllers() {
        assertEquals(200, http.get("/hello").statusCode());

        HttpResponse<String> on = http.send("PATCH", "/service-context", "{\"maintenance\": true}",
                Http.bearer(TOKEN));
        assertEquals(200, on.statusCode(), on.body());
        HttpResponse<String> refused = http.get("/hello");
        assertEquals(503, refused.statusCode());
        assertEquals("full", refused.headers().firstValue("Intermission-Mode").orElse(null));
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());

        assertEquals(200, http.send("PATCH", "/service-context", "{\"maintenance\": false}",
                Http.bearer(TOKEN)).statusCode());
        assertEquals(200, http.get("/hello").statusCode());
    }

    @Test
    void filterRunsBeforeSpringSecurity_soAnUnauthenticatedRequestDuringMaintenanceGets503() {
        assertEquals(401, http.get("/private/report").statusCode());
        assertEquals(200, http.get("/private/report", Http.basic("bob", TestApplication.PASSWORD)).statusCode());
        service.enable(dev.intermission.Mode.FULL, null, "test");
        assertEquals(503, http.get("/private/report").statusCode());
    }

    @Test
    void patchWithoutCredentials_isRefusedAndChangesNothing() {
        long version = service.status().version();
        HttpResponse<String> answer = http.send("PATCH", "/service-context", "{\"maintenance\": true}");
        assertEquals(401, answer.statusCode(), answer.body());
        assertEquals(version, service.status().version());
        assertEquals(200, http.get("/hello").statusCode());
    }

    @Test
    void springSecurityRole_authorizesAdminChanges_andOtherUsersAreRefused() {
        HttpResponse<String> bob = http.send("PATCH", "/service-context", "{\"maintenance\": true}",
                Http.basic("bob", TestApplication.PASSWORD));
        assertEquals(403, bob.statusCode(), bob.body());
        assertEquals(200, http.get("/hello").statusCode());

        HttpResponse<String> alice = http.send("PATCH", "/service-context", "{\"maintenance\": true}",
                Http.basic("alice", TestApplication.PASSWORD));
        assertEquals(200, alice.statusCode(), alice.body());
        assertEquals("alice", service.status().changedBy());
        assertEquals(503, http.get("/hello").statusCode());
    }

    @Test
    void aSession_neverAuthorizesAdminChanges_evenBesideAnAuthorizationHeader() {
        HttpResponse<String> login = http.send("POST", "/test/session-login", null);
        assertEquals(200, login.statusCode(), login.body());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        assertEquals(200, http.get("/private/report", "Cookie", cookie).statusCode(), "the session authenticates");
        long version = service.status().version();

        HttpResponse<String> sessionOnly = http.send("PATCH", "/service-context", "{\"maintenance\": true}",
                "Cookie", cookie);
        assertEquals(401, sessionOnly.statusCode(), sessionOnly.body());
        HttpResponse<String> wrongToken = http.send("PATCH", "/service-context", "{\"maintenance\": true}",
                "Cookie", cookie, "Authorization", "Bearer not-the-token-0123456789abcdef");
        assertEquals(401, wrongToken.statusCode(), wrongToken.body());
        assertEquals(version, service.status().version());
        assertEquals(200, http.get("/hello").statusCode());
    }

    @Test
    void duringMaintenance_allowListedPathsAdminStatusAndActuatorHealthPass_andLivenessStaysUp() {
        service.enable(dev.intermission.Mode.FULL, "Upgrading", "test");
        assertEquals(503, http.get("/hello").statusCode());
        assertEquals(200, http.get("/status").statusCode());
        assertEquals(200, http.get("/service-context").statusCode());

        HttpResponse<String> health = http.get("/actuator/health");
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
        assertTrue(health.body().contains("\"maintenance\":{"), health.body());
        assertTrue(health.body().contains("\"mode\":\"full\""), health.body());
        assertTrue(health.body().contains("\"stale\":false"), health.body());

        HttpResponse<String> liveness = http.get("/actuator/health/liveness");
        assertEquals(200, liveness.statusCode(), liveness.body());
        assertTrue(liveness.body().contains("\"status\":\"UP\""), liveness.body());
        assertEquals(200, http.get("/actuator/health/readiness").statusCode());
    }

    @Test
    void adminMigrationRoutes_runBootsFlywayInAWindow_andNeedAuthorization() {
        assertEquals(401, http.get("/service-context/migrations").statusCode());
        assertEquals(401, http.send("POST", "/service-context/migrations", "{}").statusCode());
        long version = service.status().version();

        HttpResponse<String> run = http.send("POST", "/service-context/migrations", "{}", Http.bearer(TOKEN));
        assertEquals(200, run.statusCode(), run.body());
        assertTrue(run.body().toLowerCase(java.util.Locale.ROOT).contains("up"), run.body());
        assertEquals(version, service.status().version());
        assertEquals(200, http.get("/service-context/migrations", Http.bearer(TOKEN)).statusCode());
    }

    @Test
    void actuatorEndpoint_readsAndChangesTheState() {
        HttpResponse<String> read = http.get("/actuator/maintenance");
        assertEquals(200, read.statusCode(), read.body());
        assertTrue(read.body().contains("\"effectiveMode\":\"off\""), read.body());

        HttpResponse<String> readOnly = http.send("POST", "/actuator/maintenance",
                "{\"mode\": \"read-only\", \"message\": \"Reindexing\", \"duration\": \"20m\"}",
                Http.basic("alice", TestApplication.PASSWORD));
        assertEquals(200, readOnly.statusCode(), readOnly.body());
        assertTrue(readOnly.body().contains("\"effectiveMode\":\"read-only\""), readOnly.body());
        assertEquals("alice", service.status().changedBy());
        assertEquals(200, http.get("/hello").statusCode());
        assertEquals(503, http.send("POST", "/orders", "{\"item\": \"tea\"}").statusCode());

        assertEquals(200, http.send("POST", "/actuator/maintenance", "{\"mode\": \"off\"}").statusCode());
        assertEquals(201, http.send("POST", "/orders", "{\"item\": \"tea\"}").statusCode());
    }

    @Test
    void actuatorEndpoint_refusesBadInputNamingTheField_andChangesNothing() {
        long version = service.status().version();
        HttpResponse<String> badMode = http.send("POST", "/actuator/maintenance", "{\"mode\": \"closed\"}");
        assertEquals(400, badMode.statusCode(), badMode.body());
        assertTrue(badMode.body().contains("\"field\":\"mode\""), badMode.body());

        HttpResponse<String> badUntil = http.send("POST", "/actuator/maintenance",
                "{\"mode\": \"full\", \"until\": \"tomorrow\"}");
        assertEquals(400, badUntil.statusCode(), badUntil.body());
        assertTrue(badUntil.body().contains("\"field\":\"until\""), badUntil.body());

        HttpResponse<String> conflict = http.send("POST", "/actuator/maintenance",
                "{\"mode\": \"full\", \"expectedVersion\": " + (version + 100) + "}");
        assertEquals(409, conflict.statusCode(), conflict.body());

        HttpResponse<String> missing = http.send("POST", "/actuator/maintenance", "{}");
        assertEquals(400, missing.statusCode(), missing.body());
        assertEquals(version, service.status().version());
        assertEquals(200, http.get("/hello").statusCode());
    }

    @Test
    void metrics_countRefusedPassedAndAllowListedRequests() {
        Assumptions.assumeTrue(OutcomeListeners.supported(), "the filter on the class path reports no outcomes");
        double passed = requests("passed");
        double refused = requests("refused");
        double allowListed = requests("allow-listed");
        http.get("/hello");
        http.get("/hello");
        service.enable(dev.intermission.Mode.FULL, null, "test");
        http.get("/hello");
        http.get("/status");
        assertEquals(passed + 2, requests("passed"));
        assertEquals(refused + 1, requests("refused"));
        assertEquals(allowListed + 1, requests("allow-listed"));
    }

    private double requests(String outcome) {
        return meters.get("intermission.requests").tag("outcome", outcome).counter().count();
    }

    @Test
    void prometheus_showsTheModeGaugeAndStaleness() {
        service.enable(dev.intermission.Mode.FULL, null, "test");
        String scrape = http.get("/actuator/prometheus").body();
        assertTrue(scrape.contains("intermission_mode{mode=\"full\",service=\"" + service.serviceName()
                + "\"} 1"), scrape);
        assertTrue(scrape.contains("intermission_mode{mode=\"off\",service=\"" + service.serviceName()
                + "\"} 0"), scrape);
        assertTrue(scrape.contains("intermission_state_staleness_seconds{"), scrape);
        assertTrue(scrape.contains("intermission_state_stale{"), scrape);
        assertTrue(scrape.contains("intermission_requests_active{"), scrape);
    }
}
