package dev.intermission.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.servlet.testing.Container;
import dev.intermission.servlet.testing.Containers;
import dev.intermission.servlet.testing.LogCapture;
import dev.intermission.servlet.testing.RunningApp;
import dev.intermission.servlet.testing.WebApp;
import dev.intermission.testing.Databases;

/**
 * The filter declared without {@code <async-supported>} in a webapp with an asynchronous servlet: the mistake is
 * logged once with its fix, at start when {@code web.xml} shows it, else at the first async request it breaks.
 */
class AsyncSetupTest {

    static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <filter>
                <filter-name>maintenance</filter-name>
                <filter-class>dev.intermission.servlet.MaintenanceFilter</filter-class>
              </filter>
              <servlet>
                <servlet-name>reports</servlet-name>
                <servlet-class>example.Reports</servlet-class>
                <async-supported>true</async-supported>
              </servlet>
            </web-app>
            """;

    /** Answers asynchronously, as a report generator or a long poll would. */
    static final class AsyncServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            AsyncContext async = req.startAsync();
            async.start(() -> {
                try {
                    async.getResponse().getWriter().write("async done");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } finally {
                    async.complete();
                }
            });
        }
    }

    private static WebApp app(MaintenanceService service, boolean asyncFilter, boolean withWebXml) {
        WebApp app = FilterFixture.standardApp("")
                .servlet("reports", new AsyncServlet(), "/reports")
                .attribute(MaintenanceFilter.SERVICE_ATTRIBUTE, service);
        if (asyncFilter) {
            app.filter("maintenance", MaintenanceFilter.class, Map.of(), "/*");
        } else {
            app.syncFilter("maintenance", MaintenanceFilter.class, Map.of(), "/*");
        }
        if (withWebXml) {
            app.resource("/WEB-INF/web.xml", asyncFilter ? WEB_XML.replace("</filter-class>",
                    "</filter-class>\n    <async-supported>true</async-supported>") : WEB_XML);
        }
        return app;
    }

    private static List<LogCapture.Line> asyncWarnings(LogCapture log) {
        return log.lines().stream().filter(l -> l.level().equals(Level.WARNING)
                && l.message().contains("<async-supported>true</async-supported>")).toList();
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void syncFilterInWebXml_asyncServlet_warnedOnceAtStartWithTheFix(Container container) {
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2()).build();
             LogCapture log = LogCapture.start();
             RunningApp app = Containers.start(container, app(service, false, true))) {
            assertTrue(app.available());
            List<LogCapture.Line> warnings = asyncWarnings(log);
            assertEquals(1, warnings.size(), log.lines().toString());
            String line = warnings.get(0).message();
            assertTrue(line.contains("'maintenance'") && line.contains("[reports]"), line);
            assertEquals(200, FilterFixture.CLIENT.sendAsync(java.net.http.HttpRequest.newBuilder(app.uri("/api/x"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).join().statusCode());
            assertTrue(get(app, "/reports") >= 500, "the async servlet fails behind a sync filter");
            assertEquals(1, asyncWarnings(log).size(), "logged once: " + log.lines());
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void syncFilterWithoutWebXml_firstAsyncRequestThatFails_warnedOnceWithTheFix(Container container) {
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2()).build();
             LogCapture log = LogCapture.start();
             RunningApp app = Containers.start(container, app(service, false, false))) {
            assertTrue(app.available());
            assertEquals(List.of(), asyncWarnings(log), "nothing tells at start");
            assertTrue(get(app, "/reports") >= 500);
            assertTrue(get(app, "/reports") >= 500);
            List<LogCapture.Line> warnings = asyncWarnings(log);
            assertEquals(1, warnings.size(), log.lines().toString());
            assertTrue(warnings.get(0).message().contains("IllegalStateException"), warnings.get(0).message());
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void asyncFilter_asyncServletWorksAndNothingIsWarned(Container container) {
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2()).build();
             LogCapture log = LogCapture.start();
             RunningApp app = Containers.start(container, app(service, true, true))) {
            assertEquals(200, get(app, "/reports"));
            assertEquals(List.of(), asyncWarnings(log));
        }
    }

    private static int get(RunningApp app, String path) {
        return FilterFixture.CLIENT.sendAsync(java.net.http.HttpRequest.newBuilder(app.uri(path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).join().statusCode();
    }
}
