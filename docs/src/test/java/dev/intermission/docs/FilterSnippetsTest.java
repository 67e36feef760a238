package dev.intermission.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import javax.sql.DataSource;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ContextResource;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.orders.HealthServlet;
import com.example.orders.OrdersServlet;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.migration.MigrationContext;
import dev.intermission.migration.MigrationHook;
import dev.intermission.migration.MigrationLaunch;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.admin.MaintenanceAdminConfig;
import dev.intermission.admin.MaintenanceAdminServlet;
import dev.intermission.servlet.MaintenanceFilter;
import dev.intermission.servlet.MaintenanceFilterConfig;
import dev.intermission.testing.Databases;
import jakarta.servlet.DispatcherType;

/**
 * The filter set-ups of docs/getting-started.md and docs/configuration.md, line for line: the web.xml examples in
 * a real Tomcat 10.1 (parsed from the files the page shows), and the code set-ups in real Jetty 12 and Tomcat.
 */
class FilterSnippetsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path baseDir;

    // ------------------------------------------------------------------------------------------- web.xml

    @Test
    void webXml_filterPublishesItsService_adminServletSharesIt_switchOverHttp() throws Exception {
        String h2 = Databases.newH2Url();
        try (WebappTomcat tomcat = WebappTomcat.deploy(baseDir, webapp("webapp"), h2)) {
            URI orders = tomcat.uri("/api/orders");
            assertEquals(200, status("GET", orders, null));
            String token = "replace-with-a-long-random-token";                // as the page's web.xml says
            assertEquals(401, status("PATCH", tomcat.uri("/service-context"), "{\"maintenance\": true}"));
            assertEquals(200, status("PATCH", tomcat.uri("/service-context"), "{\"maintenance\": true}",
                    "Authorization", "Bearer " + token));
            assertEquals(503, status("GET", orders, null));
            HttpResponse<String> refused = send("GET", orders, null);
            assertEquals("120", refused.headers().firstValue("Retry-After").orElse(null), "defaultRetryAfter 2m");
            assertEquals(200, status("GET", tomcat.uri("/health"), null));
            assertEquals(200, status("GET", tomcat.uri("/service-context"), null));
            assertEquals(200, status("PATCH", tomcat.uri("/service-context"), "{\"maintenance\": false}",
                    "Authorization", "Bearer " + token));
            assertEquals(200, status("GET", orders, null));
        }
        try (MaintenanceService same = Maintenance.newBuilder().jdbcUrl(h2, "sa", "").serviceName("orders")
                .build()) {
            assertEquals("deploy", same.history(1).get(0).actor(), "the filter built the service of 'orders' that the servlet switched");
        }
    }

    @Test
    void webXml_filterAlone_buildsItsOwnServiceFromInitParams() throws Exception {
        String h2 = Databases.newH2Url();
        try (WebappTomcat tomcat = WebappTomcat.deploy(baseDir, webapp("webapp-filter-only"), h2);
             MaintenanceService operator = Maintenance.newBuilder().jdbcUrl(h2, "sa", "").serviceName("orders")
                     .build()) {
            URI orders = tomcat.uri("/api/orders");
            assertEquals(200, status("GET", orders, null));
            operator.enable(Mode.FULL, "Upgrading", "alice");                 // another instance, or the CLI
            awaitStatus(503, () -> status("GET", orders, null));
            assertEquals(200, status("GET", tomcat.uri("/health"), null));
            operator.disable("alice");
            awaitStatus(200, () -> status("GET", orders, null));
        }
    }

    private static Path webapp(String name) throws URISyntaxException {
        return Path.of(FilterSnippetsTest.class.getResource("/" + name + "/WEB-INF/web.xml").toURI())
                .getParent().getParent();
    }

    /** Tomcat 10.1 deploying a webapp directory with its web.xml, and jdbc/orders (H2) in JNDI. */
    private static final class WebappTomcat implements AutoCloseable {
        private final Tomcat tomcat;
        private final int port;

        private WebappTomcat(Tomcat tomcat, int port) {
            this.tomcat = tomcat;
            this.port = port;
        }

        static WebappTomcat deploy(Path baseDir, Path webapp, String h2Url) throws Exception {
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(baseDir.toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.getService().addConnector(connector);
            tomcat.setConnector(connector);
            tomcat.enableNaming();
            tomcat.setAddDefaultWebXmlToWebapp(false);
            Files.createDirectories(baseDir.resolve("webapps"));
            ContextConfig config = new ContextConfig();
            config.setDefaultWebXml(Constants.NoDefaultWebXml);
            Context context = tomcat.addWebapp(tomcat.getHost(), "", webapp.toString(), config);
            StandardJarScanner scanner = new StandardJarScanner();
            scanner.setScanClassPath(false);
            context.setJarScanner(scanner);
            context.setParentClassLoader(FilterSnippetsTest.class.getClassLoader());
            ContextResource dataSource = new ContextResource();             // what a context.xml would declare
            dataSource.setName("jdbc/orders");
            dataSource.setType("org.h2.jdbcx.JdbcDataSource");
            dataSource.setProperty("factory", "org.h2.jdbcx.JdbcDataSourceFactory");
            dataSource.setProperty("url", h2Url);
            dataSource.setProperty("user", "sa");
            dataSource.setProperty("password", "");
            dataSource.setProperty("description", "orders");
            dataSource.setProperty("loginTimeout", "0");
            context.getNamingResources().addResource(dataSource);
            tomcat.start();
            if (context.getState() != LifecycleState.STARTED) {
                tomcat.stop();
                tomcat.destroy();
                throw new IllegalStateException("the webapp did not start: " + context.getState());
            }
            return new WebappTomcat(tomcat, connector.getLocalPort());
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        @Override
        public void close() throws LifecycleException {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    // ------------------------------------------------------------------------------------------- in code

    @Test
    void jetty_inCode_filterAdminAndApplication() throws Exception {
        DataSource dataSource = Databases.newH2();
        String deployToken = SampleServer.TOKEN;
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        // tag::jetty[]
        MaintenanceService maintenance = Maintenance.newBuilder()
                .dataSource(dataSource)
                .serviceName("orders")
                .build();
        MaintenanceFilter filter = new MaintenanceFilter(maintenance, MaintenanceFilterConfig.newBuilder()
                .allowPaths("/health", "/static/*")
                .adminPath("/service-context")
                .build());
        MaintenanceAdminConfig admin = MaintenanceAdminConfig.newBuilder()
                .token("deploy", deployToken)
                .build();

        ServletContextHandler context = new ServletContextHandler();
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new MaintenanceAdminServlet(maintenance, admin)), "/service-context/*");
        context.addServlet(new ServletHolder(new OrdersServlet()), "/api/orders/*");
        context.addServlet(new ServletHolder(new HealthServlet()), "/health");
        server.setHandler(context);
        server.start();
        // end::jetty[]
        try {
            URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
            assertEquals(200, status("GET", base.resolve("/api/orders"), null));
            maintenance.enable(Mode.FULL, "Upgrading", "alice");
            assertEquals(503, status("GET", base.resolve("/api/orders"), null));
            assertEquals(200, status("GET", base.resolve("/health"), null));
            assertEquals(200, status("PATCH", base.resolve("/service-context"), "{\"maintenance\": false}",
                    "Authorization", "Bearer " + deployToken));
            assertEquals(200, status("GET", base.resolve("/api/orders"), null));
            assertEquals(0, filter.inFlight());
        } finally {
            server.stop();
            maintenance.close();
        }
    }

    @Test
    @SuppressWarnings("deprecation") // Tomcat 10.1 marks addServletMappingDecoded deprecated ahead of 11.
    void tomcat_inCode_filterDefAndFilterMap() throws Exception {
        DataSource dataSource = Databases.newH2();
        Files.createDirectories(baseDir.resolve("docroot"));
        String docBase = baseDir.resolve("docroot").toString();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        MaintenanceService maintenance = Maintenance.newBuilder().dataSource(dataSource).build();
        MaintenanceAdminConfig admin = MaintenanceAdminConfig.newBuilder().token("deploy", SampleServer.TOKEN)
                .build();
        // tag::tomcat[]
        MaintenanceFilter filter = new MaintenanceFilter(maintenance, MaintenanceFilterConfig.newBuilder()
                .allowPaths("/health")
                .adminPath("/service-context")
                .build());
        Context context = tomcat.addContext("", docBase);
        FilterDef def = new FilterDef();
        def.setFilterName("maintenance");
        def.setFilter(filter);
        def.setFilterClass(MaintenanceFilter.class.getName());
        def.setAsyncSupported("true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("maintenance");
        map.addURLPattern("/*");
        context.addFilterMap(map);
        Tomcat.addServlet(context, "admin", new MaintenanceAdminServlet(maintenance, admin));
        context.addServletMappingDecoded("/service-context/*", "admin");
        Tomcat.addServlet(context, "orders", new OrdersServlet());
        context.addServletMappingDecoded("/api/orders/*", "orders");
        tomcat.start();
        // end::tomcat[]
        try {
            URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
            assertEquals(200, status("GET", base.resolve("/api/orders"), null));
            maintenance.enable(Mode.READ_ONLY, null, "alice");
            assertEquals(200, status("GET", base.resolve("/api/orders"), null));
            assertEquals(503, status("POST", base.resolve("/api/orders"), "{}"));
            assertEquals(200, status("GET", base.resolve("/service-context"), null));
        } finally {
            tomcat.stop();
            tomcat.destroy();
            maintenance.close();
        }
    }

    // ------------------------------------------------------------------------------------------- start-up

    @Test
    void migrateOnStart_servesOnlyAllowListedUntilTheWindowEnds() throws Exception {
        DataSource dataSource = Databases.newH2();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        MaintenanceService maintenance = Maintenance.newBuilder().dataSource(dataSource).serviceName("orders")
                .refreshInterval(Duration.ofMillis(100)).build();
        MaintenanceFilter filter = new MaintenanceFilter(maintenance, MaintenanceFilterConfig.newBuilder()
                .allowPaths("/health").adminPath("/service-context").build());
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new OrdersServlet()), "/api/orders/*");
        context.addServlet(new ServletHolder(new HealthServlet()), "/health");
        server.setHandler(context);
        CountDownLatch seen = new CountDownLatch(1);
        MigrationHook backup = new MigrationHook() {                         // holds the window open until the
            @Override                                                        // test has seen the 503
            public void beforeMigrate(MigrationContext c) throws InterruptedException {
                assertTrue(seen.await(30, TimeUnit.SECONDS));
            }
        };
        // tag::migrate-on-start[]
        SchemaMigrator migrator = FlywayMigrator.newBuilder().dataSource(dataSource).build();   // db/migration
        MigrationLaunch launch = MigrationWindow.newBuilder(maintenance, migrator)
                .inFlightRequests(filter)                 // the window waits for requests the filter let through
                .addHook(backup)
                .actor("startup")
                .build()
                .migrateOnStart();                        // returns once maintenance is on, or nothing is pending
        server.start();                                   // 503 except /health and the admin endpoint, until done
        launch.completion().thenAccept(result -> {
            if (result.failed()) {                        // maintenance stays on, with the window's message
                System.err.println("migration failed in " + result.failedPhase() + ": " + result.error());
            }
        });
        // end::migrate-on-start[]
        try {
            URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
            assertEquals(503, status("GET", base.resolve("/api/orders"), null));
            assertEquals(200, status("GET", base.resolve("/health"), null));
            seen.countDown();
            MigrationResult result = launch.join();
            assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
            assertEquals(200, status("GET", base.resolve("/api/orders"), null));
        } finally {
            server.stop();
            maintenance.close();
        }
    }

    // ------------------------------------------------------------------------------------------- migrations routes

    @Test
    void adminMigrations_postStartsWindow_getReadsIt_secondPostIsUpToDate() throws Exception {
        DataSource dataSource = Databases.newH2();
        String deployToken = SampleServer.TOKEN;
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        MaintenanceService maintenance = Maintenance.newBuilder().dataSource(dataSource).serviceName("orders")
                .refreshInterval(Duration.ofMillis(100)).build();
        MaintenanceFilter filter = new MaintenanceFilter(maintenance, MaintenanceFilterConfig.newBuilder()
                .allowPaths("/health").adminPath("/service-context").build());
        MigrationHook backup = new MigrationHook() {
        };
        // tag::admin-migrations[]
        SchemaMigrator migrator = FlywayMigrator.newBuilder().dataSource(dataSource).build();   // db/migration
        MaintenanceAdminConfig admin = MaintenanceAdminConfig.newBuilder()
                .token("deploy", deployToken)
                .migrations(migrator)                     // turns on POST/GET <base>/migrations
                .migrationWindow(window -> window         // every window started over HTTP
                        .drainTimeout(Duration.ofSeconds(30))
                        .addHook(backup))
                .inFlightRequests(filter)                 // the window waits for requests the filter let through
                .build();
        // end::admin-migrations[]
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new MaintenanceAdminServlet(maintenance, admin)), "/service-context/*");
        context.addServlet(new ServletHolder(new OrdersServlet()), "/api/orders/*");
        server.setHandler(context);
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
            URI migrations = base.resolve("/service-context/migrations");
            assertEquals(401, status("POST", migrations, "{}"));
            HttpResponse<String> started = send("POST", migrations,
                    "{\"mode\": \"FULL\", \"message\": \"Upgrading\", \"estimate\": \"PT10M\"}",
                    "Authorization", "Bearer " + deployToken);
            assertEquals(202, started.statusCode(), started.body());
            String location = started.headers().firstValue("Location").orElseThrow();
            assertTrue(location.startsWith("/service-context/migrations/"), location);
            String id = location.substring(location.lastIndexOf('/') + 1);
            assertTrue(started.body().contains(id), started.body());
            HttpResponse<String> record = null;
            for (int i = 0; i < 200; i++) {
                record = send("GET", base.resolve(location), null, "Authorization", "Bearer " + deployToken);
                if (record.body().contains("\"running\":false")) {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals(200, record.statusCode());
            assertTrue(record.body().contains("\"outcome\":\"SUCCEEDED\""), record.body());
            HttpResponse<String> again = send("POST", migrations, null, "Authorization", "Bearer " + deployToken);
            assertEquals(200, again.statusCode(), again.body());
            assertTrue(again.body().contains("UP_TO_DATE"), again.body());
            assertEquals(400, status("GET", base.resolve("/service-context/migrations/not-an-id"), null,
                    "Authorization", "Bearer " + deployToken));
            assertEquals(404, status("GET",
                    base.resolve("/service-context/migrations/00000000-0000-4000-8000-000000000000"), null,
                    "Authorization", "Bearer " + deployToken));
            HttpResponse<String> list = send("GET", base.resolve("/service-context/migrations?limit=5"), null,
                    "Authorization", "Bearer " + deployToken);
            assertEquals(200, list.statusCode());
            assertTrue(list.body().contains(id), list.body());
            assertEquals(200, status("GET", base.resolve("/api/orders"), null), "maintenance is off again");
        } finally {
            server.stop();
            maintenance.close();
        }
    }

    // ------------------------------------------------------------------------------------------- configuration

    @Test
    void filterConfig_everyOption() {
        String bypassSecret = "preview-0123456789abcdef";
        String template = "<!doctype html><title>Back soon</title><p>{{message}}</p><p>Back by {{until}}</p>";
        // tag::filter-all[]
        MaintenanceFilterConfig config = MaintenanceFilterConfig.newBuilder()
                .allowPaths("/health", "/static/*", "*.css")          // default none
                .adminPath("/service-context")                        // default none
                .allowIps("10.20.0.0/16", "2001:db8::/32")            // default none
                .trustedProxies("10.0.0.10", "10.0.0.11")              // default none (loopback neither)
                .bypassSecret(bypassSecret)                           // default none: no bypass
                .bypassPath("/_intermission/bypass")                  // default /_intermission/bypass
                .bypassHeader("Intermission-Bypass")                  // default Intermission-Bypass
                .bypassCookieName("intermission_bypass")              // default intermission_bypass
                .bypassCookieTtl(Duration.ofHours(12))                // default 12 h
                .safeMethods("GET", "HEAD", "OPTIONS")                // default GET, HEAD, OPTIONS
                .defaultRetryAfter(Duration.ofMinutes(5))             // default 5 min
                .htmlTemplate(template)                               // default the built-in page
                .outcomeListener(outcome -> { })                      // default none; for metrics
                .build();
        // end::filter-all[]
        assertTrue(config.bypassEnabled());
        assertFalse(config.toString().contains(bypassSecret), "the secret never shows");
        MaintenanceFilterConfig defaults = MaintenanceFilterConfig.newBuilder().build();
        assertTrue(defaults.allowPaths().isEmpty());
        assertTrue(defaults.adminPath().isEmpty());
        assertTrue(defaults.allowIps().isEmpty());
        assertTrue(defaults.trustedProxies().isEmpty());
        assertFalse(defaults.bypassEnabled());
        assertEquals("/_intermission/bypass", defaults.bypassPath());
        assertEquals("Intermission-Bypass", defaults.bypassHeader());
        assertEquals("intermission_bypass", defaults.bypassCookieName());
        assertEquals(Duration.ofHours(12), defaults.bypassCookieTtl());
        assertEquals(java.util.Set.of("GET", "HEAD", "OPTIONS"), defaults.safeMethods());
        assertEquals(Duration.ofMinutes(5), defaults.defaultRetryAfter());
        assertTrue(defaults.htmlTemplate().contains("{{message}}"), "the built-in page");
        assertTrue(config.outcomeListener().isPresent());
        assertTrue(defaults.outcomeListener().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> MaintenanceFilterConfig.newBuilder().allowPaths("/*"));
        assertThrows(IllegalArgumentException.class,
                () -> MaintenanceFilterConfig.newBuilder().bypassSecret("fifteen-chars-x"));
        assertThrows(IllegalArgumentException.class,
                () -> MaintenanceFilterConfig.newBuilder().allowIps("10.0.0.0/33"));
    }

    @Test
    void htmlTemplate_placeholdersAndSections_renderAsTheConfigurationPageSays() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T10:00:00Z"));
        String template = "<p>{{message}}</p>{{#until}}<p>Back {{backIn}}, by <time datetime=\"{{until}}\">"
                + "{{untilText}}</time>.</p>{{/until}}{{#overdue}}<p>Overdue since {{untilText}}.</p>{{/overdue}}"
                + "<p>{{mode}} {{retryAfter}}</p>{{#reload}}<script src=\"{{reloadScript}}\"></script>{{/reload}}";
        try (MaintenanceService maintenance = Maintenance.newBuilder().dataSource(Databases.newH2())
                .timeSource(now::get).build()) {
            MaintenanceFilter filter = new MaintenanceFilter(maintenance, MaintenanceFilterConfig.newBuilder()
                    .adminPath("/service-context").htmlTemplate(template).build());
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler();
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new OrdersServlet()), "/api/orders/*");
            server.setHandler(context);
            server.start();
            try {
                URI orders = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/api/orders");
                maintenance.apply(MaintenanceChange.enable(Mode.FULL).message("Moving to the new database")
                        .until(Instant.parse("2030-01-01T10:20:00Z")).actor("alice").build());
                String ahead = send("GET", orders, null, "Accept", "text/html").body();
                assertEquals("<p>Moving to the new database</p><p>Back in about 20 minutes, by "
                        + "<time datetime=\"2030-01-01T10:20:00Z\">1 January 2030, 10:20 UTC</time>.</p>"
                        + "<p>full 1200</p><script src=\"/service-context/reload.js\"></script>", ahead);
                String post = send("POST", orders, "{}", "Accept", "text/html").body();
                assertFalse(post.contains("<script"), "only a GET reloads itself: " + post);

                now.set(Instant.parse("2030-01-01T10:30:00Z"));
                maintenance.refresh();
                String overdue = send("GET", orders, null, "Accept", "text/html").body();
                assertTrue(overdue.startsWith("<p>Moving to the new database</p><p>Overdue since 1 January 2030, "
                        + "10:20 UTC.</p><p>full "), overdue);
                assertFalse(overdue.contains("Back in"), overdue);
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void filterConfig_fromInitParameters_namesTheBadOne() {
        Map<String, String> params = Map.of(
                "intermission.allowPaths", "/health, /static/*",
                "intermission.adminPath", "/service-context",
                "intermission.allowIps", "10.20.0.0/16",
                "intermission.trustedProxies", "10.0.0.10",
                "intermission.bypassSecret", "preview-0123456789abcdef",
                "intermission.bypassCookieTtl", "2h",
                "intermission.safeMethods", "GET",
                "intermission.defaultRetryAfter", "PT90S");
        MaintenanceFilterConfig config = MaintenanceFilterConfig.fromInitParameters(params);
        assertEquals(Duration.ofHours(2), config.bypassCookieTtl());
        assertEquals(Duration.ofSeconds(90), config.defaultRetryAfter());
        assertEquals(java.util.Set.of("GET"), config.safeMethods());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaintenanceFilterConfig.fromInitParameters(Map.of("intermission.allowIps", "10.0.0.0/33")));
        assertTrue(e.getMessage().startsWith("intermission.allowIps: "), e.getMessage());
        IllegalArgumentException secret = assertThrows(IllegalArgumentException.class,
                () -> MaintenanceFilterConfig.fromInitParameters(
                        Map.of("intermission.bypassSecret", "too-short")));
        assertFalse(secret.getMessage().contains("too-short"), "the secret is never echoed");
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static HttpResponse<String> send(String method, URI uri, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(String method, URI uri, String body, String... headers) {
        try {
            return send(method, uri, body, headers).statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the status is seen; another instance's change arrives within one refresh interval (1 s). */
    private static void awaitStatus(int expected, IntSupplier status) throws InterruptedException {
        int last = -1;
        for (int i = 0; i < 100; i++) {
            last = status.getAsInt();
            if (last == expected) {
                return;
            }
            Thread.sleep(50);
        }
        assertEquals(expected, last, "not within 5 s");
    }
}
