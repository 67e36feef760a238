package dev.intermission.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.Reference;
import javax.naming.spi.ObjectFactory;
import javax.sql.DataSource;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import org.apache.tomcat.util.descriptor.web.ContextResource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.servlet.testing.Container;
import dev.intermission.servlet.testing.Containers;
import dev.intermission.servlet.testing.LogCapture;
import dev.intermission.servlet.testing.RunningApp;
import dev.intermission.servlet.testing.WebApp;
import dev.intermission.testing.Databases;

/** The {@code web.xml} set-ups: the filter's own service, a shared one, JNDI, and configuration errors. */
class InitParamsSetupTest {

    @ParameterizedTest
    @EnumSource(Container.class)
    void ownService_fromJdbcUrl_publishedAndClosedWithTheFilter(Container container) {
        String url = Databases.newH2Url();
        Map<String, String> params = Map.of(
                MaintenanceFilterConfig.PARAM_JDBC_URL, url,
                MaintenanceFilterConfig.PARAM_JDBC_USER, "sa",
                MaintenanceFilterConfig.PARAM_JDBC_PASSWORD, "",
                MaintenanceFilterConfig.PARAM_SERVICE_NAME, "shop",
                MaintenanceFilterConfig.PARAM_TABLE_PREFIX, "web_",
                MaintenanceFilterConfig.PARAM_ALLOW_PATHS, "/health");
        MaintenanceService own;
        try (FilterFixture f = FilterFixture.byInitParams(container, "/app", params, app -> { })) {
            own = f.service;
            assertNotNull(own, "the filter publishes the service it built");
            assertEquals("shop", own.serviceName());
            assertEquals(200, f.get("/api/x").statusCode());
            own.enable(Mode.FULL, "closed", "test");
            assertEquals(503, f.get("/api/x").statusCode());
            assertEquals(200, f.get("/health").statusCode());
            // Another instance on the same database and table prefix sees the state the filter's service wrote.
            try (MaintenanceService other = Maintenance.newBuilder().jdbcUrl(url, "sa", "").serviceName("shop")
                    .tablePrefix("web_").build()) {
                assertEquals(Mode.FULL, other.effectiveMode());
            }
        }
        assertThrows(IllegalStateException.class, () -> own.disable("test"), "closed with the filter");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void mistypedPrefix_warnedOnceNamingTheIntendedParameterAndStartIsLogged(Container container) {
        Map<String, String> params = Map.of(
                MaintenanceFilterConfig.PARAM_JDBC_URL, Databases.newH2Url() + ";IGNORECASE=FALSE",
                "intermision.allowPaths", "/health");
        try (LogCapture log = LogCapture.start();
             FilterFixture f = FilterFixture.byInitParams(container, "", params, app -> { })) {
            List<LogCapture.Line> warnings = log.lines(Level.WARNING, "intermision.allowPaths");
            assertEquals(1, warnings.size(), log.lines().toString());
            assertTrue(warnings.get(0).message().contains("did you mean 'intermission.allowPaths'"),
                    warnings.get(0).message());
            List<LogCapture.Line> started = log.lines(Level.INFO, "protects service 'default'");
            assertEquals(1, started.size(), log.lines().toString());
            assertFalse(started.get(0).message().contains("IGNORECASE"), "URL parameters are never logged: "
                    + started.get(0).message());
            f.service.enable(Mode.FULL, null, "test");
            assertEquals(503, f.get("/health").statusCode(), "the mistyped parameter was not read");
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void passwordInTheJdbcUrlsUserInfo_isNeverEchoed(Container container) {
        String secret = "s3cret-in-the-url";
        // MySQL's driver reads a user and password before the host; neither URL gets far enough to connect.
        for (String url : List.of("jdbc:nosuchdriver://orders:" + secret + "@db/orders",
                "mysql://orders:" + secret + "@db/orders")) {
            InitProbe probe = new InitProbe();
            WebApp app = FilterFixture.standardApp("/app").filter("maintenance", probe,
                    new HashMap<>(Map.of(MaintenanceFilterConfig.PARAM_JDBC_URL, url)), "/*");
            try (LogCapture log = LogCapture.start(); RunningApp running = Containers.start(container, app)) {
                assertNotNull(probe.failure, url + ": init must fail");
                assertFalse(running.available(), "the application must not start");
                assertTrue(probe.failure.getMessage().contains(MaintenanceFilterConfig.PARAM_JDBC_URL + ": "),
                        probe.failure.getMessage());
                for (Throwable t = probe.failure; t != null; t = t.getCause()) {
                    assertFalse(String.valueOf(t.getMessage()).contains(secret), t.toString());
                }
                assertTrue(probe.failure.getMessage().contains("//orders:***@db/orders"), probe.failure.getMessage());
                assertTrue(log.lines().stream().noneMatch(l -> l.message().contains(secret)), log.lines()::toString);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void sharedService_fromServletContextAttribute_usedAndLeftOpen(Container container) {
        try (MaintenanceService shared = Maintenance.newBuilder().dataSource(Databases.newH2()).build()) {
            Map<String, String> params = Map.of(MaintenanceFilterConfig.PARAM_ALLOW_PATHS, "/health");
            try (FilterFixture f = FilterFixture.byInitParams(container, "", params,
                    app -> app.attribute(MaintenanceFilter.SERVICE_ATTRIBUTE, shared))) {
                assertSame(shared, f.service);
                shared.enable(Mode.FULL, null, "test");
                assertEquals(503, f.get("/api/x").statusCode());
                assertEquals(200, f.get("/health").statusCode());
            }
            assertEquals(Mode.OFF, shared.disable("test").effectiveMode(), "the application's service stays open");
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void sharedService_withTheOwnServiceParameters_warnsOnceThatTheyAreNotUsed(Container container) {
        try (MaintenanceService shared = Maintenance.newBuilder().dataSource(Databases.newH2()).serviceName("orders")
                .build()) {
            // Copied from a web.xml where the filter built its own service: here the application's service is used.
            Map<String, String> params = Map.of(MaintenanceFilterConfig.PARAM_ALLOW_PATHS, "/health",
                    MaintenanceFilterConfig.PARAM_SERVICE_NAME, "billing",
                    MaintenanceFilterConfig.PARAM_REFRESH_INTERVAL, "5s",
                    MaintenanceFilterConfig.PARAM_JDBC_USER, "orders");
            try (LogCapture log = LogCapture.start();
                 FilterFixture f = FilterFixture.byInitParams(container, "", params,
                         app -> app.attribute(MaintenanceFilter.SERVICE_ATTRIBUTE, shared))) {
                assertSame(shared, f.service);
                List<LogCapture.Line> warnings = log.lines(Level.WARNING, "not used");
                assertEquals(1, warnings.size(), log.lines().toString());
                String warning = warnings.get(0).message();
                for (String name : List.of(MaintenanceFilterConfig.PARAM_SERVICE_NAME,
                        MaintenanceFilterConfig.PARAM_REFRESH_INTERVAL, MaintenanceFilterConfig.PARAM_JDBC_USER)) {
                    assertTrue(warning.contains(name), warning);
                }
                assertTrue(warning.contains("'orders'"), "names the service in use: " + warning);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void codeConstructed_serviceOfTheApplication_neverClosedByTheFilter(Container container) {
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2()).build()) {
            MaintenanceFilter filter = new MaintenanceFilter(service, MaintenanceFilterConfig.newBuilder().build());
            try (RunningApp app = Containers.start(container,
                    FilterFixture.standardApp("").filter("maintenance", filter, "/*"))) {
                assertTrue(app.available());
                assertNull(app.servletContext().getAttribute(MaintenanceFilter.SERVICE_ATTRIBUTE),
                        "only a service the filter built is published");
                assertSame(service, filter.service());
            }
            assertEquals(Mode.FULL, service.enable(Mode.FULL, null, "test").effectiveMode());
        }
    }

    @Test
    void jndi_dataSourceOnTomcat_filterBuildsItsServiceOnIt() {
        String url = Databases.newH2Url();
        Map<String, String> params = Map.of(MaintenanceFilterConfig.PARAM_DATA_SOURCE_JNDI, "jdbc/maintenance");
        try (FilterFixture f = FilterFixture.byInitParams(Container.TOMCAT, "/app", params,
                app -> app.onTomcat((tomcat, context) -> {
                    tomcat.enableNaming();
                    ContextResource resource = new ContextResource();
                    resource.setName("jdbc/maintenance");
                    resource.setType(DataSource.class.getName());
                    resource.setProperty("factory", H2Factory.class.getName());
                    resource.setProperty("url", url);
                    context.getNamingResources().addResource(resource);
                }))) {
            f.service.enable(Mode.FULL, null, "test");
            assertEquals(503, f.get("/api/x").statusCode());
            try (MaintenanceService other = Maintenance.newBuilder().jdbcUrl(url, "sa", "").build()) {
                assertEquals(Mode.FULL, other.effectiveMode(), "the JNDI DataSource is the one written to");
            }
        }
    }

    /** Builds the H2 DataSource for the JNDI test. */
    public static final class H2Factory implements ObjectFactory {
        @Override
        public Object getObjectInstance(Object obj, Name name, Context nameCtx, Hashtable<?, ?> environment) {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL((String) ((Reference) obj).get("url").getContent());
            ds.setUser("sa");
            return ds;
        }
    }

    /** Wraps the real filter to record why its init failed; the container still sees the failure. */
    static final class InitProbe implements Filter {
        final MaintenanceFilter delegate = new MaintenanceFilter();
        volatile ServletException failure;

        @Override
        public void init(FilterConfig config) throws ServletException {
            try {
                delegate.init(config);
            } catch (ServletException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            delegate.doFilter(request, response, chain);
        }

        @Override
        public void destroy() {
            delegate.destroy();
        }
    }

    static Stream<Arguments> badSetups() {
        String url = Databases.newH2Url();
        List<Object[]> cases = List.of(
                new Object[] {"intermission.allowPaths", Map.of("intermission.jdbcUrl", url,
                        "intermission.allowPaths", "/health, /static/../admin")},
                new Object[] {"intermission.allowPaths", Map.of("intermission.jdbcUrl", url,
                        "intermission.allowPaths", "/**")},
                new Object[] {"intermission.allowIps", Map.of("intermission.jdbcUrl", url,
                        "intermission.allowIps", "10.0.0.0/33")},
                new Object[] {"intermission.trustedProxies", Map.of("intermission.jdbcUrl", url,
                        "intermission.trustedProxies", "proxy.internal")},
                new Object[] {"intermission.bypassSecret", Map.of("intermission.jdbcUrl", url,
                        "intermission.bypassSecret", "too-short")},
                new Object[] {"intermission.htmlTemplate", Map.of("intermission.jdbcUrl", url,
                        "intermission.htmlTemplate", "<p>{{oops}}</p>")},
                new Object[] {"intermission.htmlTemplateResource", Map.of("intermission.jdbcUrl", url,
                        "intermission.htmlTemplateResource", "/WEB-INF/missing.html")},
                new Object[] {"intermission.refreshInterval", Map.of("intermission.jdbcUrl", url,
                        "intermission.refreshInterval", "0")},
                new Object[] {"intermission.alowPaths", Map.of("intermission.jdbcUrl", url,
                        "intermission.alowPaths", "/health")},
                new Object[] {"intermission.allowpaths", Map.of("intermission.jdbcUrl", url,
                        "intermission.allowpaths", "/health")},
                new Object[] {"Intermission.allowPaths", Map.of("intermission.jdbcUrl", url,
                        "Intermission.allowPaths", "/health")},
                new Object[] {"intermission.jdbcUrl", Map.of("intermission.allowPaths", "/health")},
                new Object[] {"intermission.jdbcUrl", Map.of("intermission.jdbcUrl", "postgres://db/app")},
                // No driver on the class path accepts it: the likeliest mistake in a WAR.
                new Object[] {"intermission.jdbcUrl", Map.of("intermission.jdbcUrl", "jdbc:nosuchdriver://db/app")},
                new Object[] {"intermission.dataSourceJndi", Map.of("intermission.jdbcUrl", url,
                        "intermission.dataSourceJndi", "jdbc/app")},
                new Object[] {"intermission.dataSourceJndi", Map.of("intermission.dataSourceJndi", "jdbc/missing")});
        List<Arguments> all = new ArrayList<>();
        for (Container container : Container.values()) {
            for (Object[] c : cases) {
                all.add(Arguments.of(container, c[0], c[1]));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1} in {2}")
    @MethodSource("badSetups")
    void badSetup_failsInitNamingTheParameterAndServesNothing(Container container, String parameter,
            Map<String, String> params) {
        InitProbe probe = new InitProbe();
        WebApp app = FilterFixture.standardApp("/app").filter("maintenance", probe, new HashMap<>(params), "/*");
        try (RunningApp running = Containers.start(container, app)) {
            assertNotNull(probe.failure, "init must fail");
            assertTrue(probe.failure.getMessage().contains(parameter + ":")
                            || probe.failure.getMessage().contains(parameter + " "),
                    probe.failure.getMessage());
            if (params.containsKey("intermission.bypassSecret")) {
                assertFalse(probe.failure.getMessage().contains(params.get("intermission.bypassSecret")));
            }
            assertServesNothing(running, "/health");
        }
    }

    /** The application is down: the container refused to start, or it answers but never with a 200. */
    private static void assertServesNothing(RunningApp running, String path) {
        assertFalse(running.available(), "the application must not start");
        if (running.port() < 0) {
            assertTrue(running.startFailure().isPresent(), "not listening, because the start failed");
            return;
        }
        HttpResponse<String> r = FilterFixture.CLIENT.sendAsync(HttpRequest.newBuilder(running.uri(path)).build(),
                HttpResponse.BodyHandlers.ofString()).join();
        assertNotEquals(200, r.statusCode(), "protection is never silently switched off: " + r.body());
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void badSetup_filterByClassName_applicationDoesNotStart(Container container) {
        WebApp app = FilterFixture.standardApp("/app").filter("maintenance", MaintenanceFilter.class,
                Map.of(MaintenanceFilterConfig.PARAM_JDBC_URL, Databases.newH2Url(),
                        MaintenanceFilterConfig.PARAM_ALLOW_IPS, "10.0.0.0/8, 10.0.0.1/8"), "/*");
        try (RunningApp running = Containers.start(container, app)) {
            assertServesNothing(running, "/api/x");
        }
    }
}
