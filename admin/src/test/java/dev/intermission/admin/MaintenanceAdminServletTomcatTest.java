package dev.intermission.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.intermission.HistoryEntry;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.admin.MaintenanceAdminConfig;
import dev.intermission.admin.MaintenanceAdminServlet;
import dev.intermission.admin.Http.Answer;
import dev.intermission.testing.Databases;

/** The admin endpoint in a real Tomcat 10.1, set up as web.xml would: the no-arg servlet, init-params, attribute. */
class MaintenanceAdminServletTomcatTest {

    private static final String TOKEN = "tomcat-token-0123456789abcdef";

    @TempDir
    static Path baseDir;

    private static MaintenanceService service;
    private static Tomcat tomcat;
    private static URI base;

    @BeforeAll
    @SuppressWarnings("deprecation") // Tomcat 10.1 marks every servlet-mapping method deprecated ahead of 11.
    static void start() throws Exception {
        service = Maintenance.newBuilder().dataSource(Databases.newH2()).build();
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", new File(baseDir.toFile(), "docroot").getAbsolutePath());
        new File(baseDir.toFile(), "docroot").mkdirs();
        context.addServletContainerInitializer((classes, servletContext) ->
                servletContext.setAttribute(MaintenanceAdminServlet.SERVICE_ATTRIBUTE, service), Set.of());
        Wrapper wrapper = Tomcat.addServlet(context, "admin", MaintenanceAdminServlet.class.getName());
        wrapper.addInitParameter(MaintenanceAdminConfig.TOKENS_PARAM, "deploy:" + TOKEN);
        wrapper.addInitParameter(MaintenanceAdminConfig.MAX_BODY_BYTES_PARAM, "512");
        wrapper.setLoadOnStartup(1);
        context.addServletMappingDecoded("/service-context/*", "admin");
        tomcat.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/service-context");
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        service.close();
    }

    @Test
    void classicPatch_withToken_switchesMaintenanceOnAndRecordsTheActor() {
        Answer a = Http.send("PATCH", base, "{\"maintenance\": true}", "Content-Type", "application/json",
                "Authorization", "Bearer " + TOKEN);
        assertEquals(200, a.status(), a.body());
        assertTrue(a.json().get("maintenance").asBoolean());
        assertEquals(Mode.FULL, service.effectiveMode());
        HistoryEntry entry = service.history(1).get(0);
        assertEquals("deploy", entry.actor());
        assertEquals(Origin.HTTP, entry.origin());
        assertEquals("127.0.0.1", entry.clientAddress());
        Answer off = Http.send("PATCH", base, "{\"maintenance\": false}", "Content-Type", "application/json",
                "Authorization", "Bearer " + TOKEN);
        assertEquals(200, off.status(), off.body());
        assertEquals(Mode.OFF, service.effectiveMode());
    }

    @Test
    void statusAndHistory_publicStatusButProtectedHistory() {
        assertEquals(200, Http.send("GET", base, null).status());
        assertEquals(401, Http.send("GET", URI.create(base + "/history"), null).status());
        assertEquals(200, Http.send("GET", URI.create(base + "/history?limit=5"), null, "Authorization",
                "Bearer " + TOKEN).status());
    }

    @Test
    void refusals_sameCodesAsInJetty() {
        long version = service.status().version();
        Answer noToken = Http.send("PATCH", base, "{\"maintenance\": true}", "Content-Type", "application/json");
        assertEquals(401, noToken.status());
        assertEquals("Bearer realm=\"intermission\"", noToken.header("WWW-Authenticate"));
        assertEquals(415, Http.send("PATCH", base, "maintenance=true", "Content-Type",
                "application/x-www-form-urlencoded", "Authorization", "Bearer " + TOKEN).status());
        assertEquals(413, Http.send("PATCH", base, "{\"message\": \"" + "x".repeat(600) + "\"}", "Content-Type",
                "application/json", "Authorization", "Bearer " + TOKEN).status());
        Answer unknown = Http.send("PATCH", base, "{\"maintenance\": true, \"force\": true}", "Content-Type",
                "application/json", "Authorization", "Bearer " + TOKEN);
        assertEquals(400, unknown.status());
        assertEquals("application/problem+json", unknown.contentType());
        assertEquals("force", unknown.json().get("field").asText());
        Answer odd = Http.send("FOO", base, null);
        assertEquals(405, odd.status());
        assertEquals("GET, HEAD, PATCH, OPTIONS", odd.header("Allow"));
        assertEquals(405, Http.send("POST", base, "{}", "Content-Type", "application/json").status());
        assertEquals(404, Http.send("GET", URI.create(base + "/elsewhere"), null).status());
        assertEquals(version, service.status().version(), "refusals changed nothing");
    }
}
