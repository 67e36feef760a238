package dev.intermission.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.servlet.MaintenanceFilter;
import dev.intermission.servlet.testing.Container;
import dev.intermission.servlet.testing.Containers;
import dev.intermission.servlet.testing.LogCapture;
import dev.intermission.servlet.testing.RunningApp;
import dev.intermission.servlet.testing.WebApp;
import dev.intermission.testing.Databases;

/**
 * The admin servlet set up by {@code web.xml} init-params in Jetty and Tomcat: as strict as the filter (an
 * unknown or wrongly cased name in the namespace fails the start naming it), and a mistyped prefix is warned about.
 */
class AdminInitParamsTest {

    static final String TOKEN = "deploy-token-0123456789abcdef";

    private MaintenanceService service;

    /** Runs the real servlet as the container's servlet, and records why its init failed. */
    static final class Probe extends HttpServlet {
        private static final long serialVersionUID = 1L;
        final transient MaintenanceAdminServlet delegate = new MaintenanceAdminServlet();
        transient volatile ServletException failure;

        @Override
        public void init(ServletConfig config) throws ServletException {
            super.init(config);
            try {
                delegate.init(config);
            } catch (ServletException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
            delegate.service(request, response);
        }
    }

    @BeforeEach
    void database() {
        service = Maintenance.newBuilder().dataSource(Databases.newH2()).build();
    }

    @AfterEach
    void close() {
        service.close();
    }

    private RunningApp start(Container container, HttpServlet servlet, Map<String, String> params) {
        WebApp app = WebApp.at("").attribute(MaintenanceAdminServlet.SERVICE_ATTRIBUTE, service);
        if (servlet == null) {
            app.servlet("admin", MaintenanceAdminServlet.class, params, "/service-context/*");
        } else {
            app.servlet("admin", servlet, "/service-context/*");
        }
        return Containers.start(container, app);
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void unknownOrWronglyCasedParam_failsTheStartNamingIt(Container container) {
        for (String name : List.of("intermission.admin.token", "intermission.admin.publicstatus",
                "Intermission.Admin.Tokens")) {
            Probe probe = new Probe();
            WebApp app = WebApp.at("").attribute(MaintenanceAdminServlet.SERVICE_ATTRIBUTE, service)
                    .servlet("admin", probe, Map.of(name, "ci:" + TOKEN), "/service-context/*");
            try (RunningApp running = Containers.start(container, app)) {
                if (probe.failure == null) {
                    // A servlet instance is initialised on first use: ask for it.
                    Http.send("GET", running.uri("/service-context"), null);
                }
                assertNotNull(probe.failure, name + " must fail the start");
                assertTrue(probe.failure.getMessage().contains(name + ": unknown init-param"),
                        probe.failure.getMessage());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void unknownParam_byClassName_servletNeverServes(Container container) {
        try (RunningApp running = start(container, null, Map.of(MaintenanceAdminConfig.TOKENS_PARAM, "ci:" + TOKEN,
                "intermission.admin.publicstatus", "false"))) {
            assertFalse(running.available() && Http.send("GET", running.uri("/service-context"), null).status()
                    == 200, "a mistyped name must not leave the status public");
        }
    }

    /**
     * Tomcat starts a webapp whose load-on-startup servlet failed its init (unless its context says
     * failCtxIfServletStartFails): the application's pages would be served with the admin endpoint broken. The
     * initializer the admin jar declares, found as a container finds it, fails the whole webapp instead.
     */
    @Test
    void badInitParam_onTomcatWithTheJarsInitializers_failsTheWholeWebapp_notOnlyTheEndpoint() {
        List<ServletContainerInitializer> initializers = ServiceLoader.load(ServletContainerInitializer.class,
                MaintenanceAdminServlet.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();
        for (Map<String, String> params : List.of(Map.of("intermission.admin.token", "ci:" + TOKEN),
                Map.of(MaintenanceAdminConfig.TOKENS_PARAM, "ci:too-short"),
                Map.of(MaintenanceAdminConfig.PUBLIC_STATUS_PARAM, "maybe"))) {
            WebApp app = WebApp.at("").attribute(MaintenanceAdminServlet.SERVICE_ATTRIBUTE, service)
                    .servlet("admin", MaintenanceAdminServlet.class, params, "/service-context/*")
                    .servlet("page", new HttpServlet() {
                        private static final long serialVersionUID = 1L;

                        @Override
                        public void service(ServletRequest request, ServletResponse response) throws IOException {
                            response.getWriter().write("a page of the application");
                        }
                    }, "/page")
                    .onTomcat((tomcat, context) -> initializers.forEach(i ->
                            context.addServletContainerInitializer(i, null)));
            List<String> failures = new CopyOnWriteArrayList<>();
            Handler tomcatLog = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    if (record.getThrown() != null) {
                        failures.add(String.valueOf(record.getThrown().getMessage()));
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            Logger catalina = Logger.getLogger("org.apache.catalina");
            catalina.addHandler(tomcatLog);
            try (RunningApp running = Containers.start(Container.TOMCAT, app)) {
                assertFalse(running.available(), params + ": the webapp must not start");
                assertFalse(Http.send("GET", running.uri("/page"), null).status() == 200,
                        params + ": no page is served by a half-started webapp");
                String named = params.keySet().iterator().next();
                assertTrue(failures.stream().anyMatch(f -> f.startsWith("MaintenanceAdminServlet 'admin': " + named)),
                        () -> "Tomcat logs the failure naming " + named + ": " + failures);
            } finally {
                catalina.removeHandler(tomcatLog);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void mistypedPrefix_warnedOnceAndTheServletStarts(Container container) {
        try (LogCapture log = LogCapture.start();
             RunningApp running = start(container, null, Map.of(MaintenanceAdminConfig.TOKENS_PARAM, "ci:" + TOKEN,
                     "intermision.admin.publicStatus", "false"))) {
            assertTrue(running.available());
            List<LogCapture.Line> warnings = log.lines(Level.WARNING, "intermision.admin.publicStatus");
            assertEquals(1, warnings.size(), log.lines().toString());
            assertTrue(warnings.get(0).message().contains("did you mean 'intermission.admin.publicStatus'"),
                    warnings.get(0).message());
            assertEquals(1, log.lines(Level.INFO, "Maintenance admin endpoint 'admin'").size(), log.lines().toString());
            assertEquals(200, Http.send("GET", running.uri("/service-context"), null).status(),
                    "the mistyped parameter was not read: the status stays public");
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void filterWithoutTheAdminPath_warnsOnceThatOperatorsWouldBeLockedOut(Container container) {
        WebApp app = WebApp.at("").attribute(MaintenanceAdminServlet.SERVICE_ATTRIBUTE, service)
                .filter("maintenance", MaintenanceFilter.class, Map.of("intermission.allowPaths", "/health"), "/*")
                .servlet("admin", MaintenanceAdminServlet.class, Map.of(MaintenanceAdminConfig.TOKENS_PARAM,
                        "ci:" + TOKEN), "/service-context/*");
        try (LogCapture log = LogCapture.start(); RunningApp running = Containers.start(container, app)) {
            assertTrue(running.available());
            List<LogCapture.Line> warnings = log.lines(Level.WARNING, "refuses the admin endpoint 'admin'");
            assertEquals(1, warnings.size(), log.lines().toString());
            assertTrue(warnings.get(0).message().contains("set intermission.adminPath to /service-context"),
                    warnings.get(0).message());
            service.enable(dev.intermission.Mode.FULL, null, "test");
            assertEquals(503, Http.send("PATCH", running.uri("/service-context"), "{\"maintenance\": false}",
                    "Content-Type", "application/json", "Authorization", "Bearer " + TOKEN).status(),
                    "what the warning is about: the endpoint is refused during maintenance");
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void filterWithTheAdminPath_warnsNothingAboutIt(Container container) {
        WebApp app = WebApp.at("").attribute(MaintenanceAdminServlet.SERVICE_ATTRIBUTE, service)
                .filter("maintenance", MaintenanceFilter.class, Map.of("intermission.adminPath", "/service-context"),
                        "/*")
                .servlet("admin", MaintenanceAdminServlet.class, Map.of(MaintenanceAdminConfig.TOKENS_PARAM,
                        "ci:" + TOKEN), "/service-context/*");
        try (LogCapture log = LogCapture.start(); RunningApp running = Containers.start(container, app)) {
            assertTrue(running.available());
            assertEquals(List.of(), log.lines(Level.WARNING, "refuses the admin endpoint"));
            service.enable(dev.intermission.Mode.FULL, null, "test");
            assertEquals(200, Http.send("PATCH", running.uri("/service-context"), "{\"maintenance\": false}",
                    "Content-Type", "application/json", "Authorization", "Bearer " + TOKEN).status());
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void noTokenNorRoles_warnedThatEveryChangeIsRefused(Container container) {
        try (LogCapture log = LogCapture.start();
             RunningApp running = start(container, null, Map.of())) {
            assertTrue(running.available());
            assertEquals(1, log.lines(Level.WARNING, "every change answers 403").size(), log.lines().toString());
            assertEquals(403, Http.send("PATCH", running.uri("/service-context"), "{\"maintenance\": true}",
                    "Content-Type", "application/json", "Authorization", "Bearer " + TOKEN).status());
        }
    }
}
