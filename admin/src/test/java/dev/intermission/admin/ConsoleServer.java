package dev.intermission.admin;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import javax.sql.DataSource;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.servlet.MaintenanceFilter;
import dev.intermission.servlet.MaintenanceFilterConfig;
import dev.intermission.testing.Databases;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A small application in an embedded Jetty 12 as a user would set it up: the maintenance filter in front of
 * everything, the admin endpoint at {@code /service-context/*} (console, status, banner), and an order page at
 * {@code /app/orders} that includes the banner and takes orders by POST, under a strict Content-Security-Policy.
 */
final class ConsoleServer implements AutoCloseable {

    static final String ADMIN_PATH = "/service-context";
    static final String TOKEN = "console-ops-token-0123456789";
    /** The line a page adds to show the banner, as the docs show it. */
    static final String BANNER_TAG = "<script src=\"/service-context/banner.js\" defer></script>";
    static final String APP_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";
    static final String SHOP = "classpath:db/shop";
    static final String BROKEN = "classpath:db/shop-broken";

    final DataSource dataSource;
    final MaintenanceService service;
    /**
     * What {@code <endpoint>/instances} answers while set, standing in for data the test chooses; while
     * {@code null} the endpoint itself answers.
     */
    volatile String instancesJson;
    private final Server server;
    private final URI root;

    private ConsoleServer(DataSource dataSource, MaintenanceService service, Server server, URI root) {
        this.dataSource = dataSource;
        this.service = service;
        this.server = server;
        this.root = root;
    }

    /** Starts the application on a fresh H2 database, after one migration window that succeeded and one that failed. */
    static ConsoleServer start() {
        DataSource dataSource = Databases.newH2();
        MaintenanceService service = Maintenance.newBuilder().dataSource(dataSource)
                .refreshInterval(Duration.ofMillis(100)).build();
        SchemaMigrator shop = FlywayMigrator.newBuilder().dataSource(dataSource).locations(SHOP).build();
        expect(MigrationOutcome.SUCCEEDED, window(service, shop, "Adding prices to the catalogue"));
        SchemaMigrator broken = FlywayMigrator.newBuilder().dataSource(dataSource).locations(SHOP, BROKEN).build();
        expect(MigrationOutcome.FAILED, window(service, broken, "Creating the carts"));

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        MaintenanceFilter filter = new MaintenanceFilter(service, MaintenanceFilterConfig.newBuilder()
                .adminPath(ADMIN_PATH).build());
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        ConsoleServer[] self = new ConsoleServer[1];
        context.addFilter(new FilterHolder((Filter) (request, response, chain) -> {
            String json = self[0] == null ? null : self[0].instancesJson;
            if (json == null) {
                chain.doFilter(request, response);
                return;
            }
            HttpServletResponse http = (HttpServletResponse) response;
            http.setContentType("application/json");
            http.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
        }), ADMIN_PATH + "/instances", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new MaintenanceAdminServlet(service, MaintenanceAdminConfig.newBuilder()
                .token("ops", TOKEN).migrations(broken).inFlightRequests(filter).build())), ADMIN_PATH + "/*");
        context.addServlet(new ServletHolder(new OrdersServlet()), "/app/*");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Jetty", e);
        }
        self[0] = new ConsoleServer(dataSource, service, server,
                URI.create("http://127.0.0.1:" + connector.getLocalPort()));
        return self[0];
    }

    private static MigrationResult window(MaintenanceService service, SchemaMigrator migrator, String message) {
        return MigrationWindow.newBuilder(service, migrator).message(message).actor("deploy-pipeline")
                .propagationMargin(Duration.ofMillis(50)).build().run();
    }

    private static void expect(MigrationOutcome outcome, MigrationResult result) {
        if (result.outcome() != outcome) {
            throw new IllegalStateException("the set-up window ended " + result.outcome() + ": " + result.error());
        }
    }

    URI admin() {
        return URI.create(root + ADMIN_PATH);
    }

    URI console() {
        return URI.create(root + ADMIN_PATH + "/console");
    }

    URI statusJson() {
        return URI.create(root + ADMIN_PATH + "/status.json");
    }

    URI orders() {
        return URI.create(root + "/app/orders");
    }

    /** The order page with a banner that checks every 5 seconds. */
    URI board() {
        return URI.create(root + "/app/board");
    }

    /** Switches maintenance off and cancels any window, so each test starts open. */
    void reset() {
        MaintenanceStatus status = service.status();
        if (status.mode().isMaintenance()) {
            service.apply(MaintenanceChange.disable().actor("test-reset").build());
        }
        if (service.status().window() != null) {
            service.apply(MaintenanceChange.cancelSchedule().actor("test-reset").build());
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop Jetty", e);
        } finally {
            service.close();
        }
    }

    /** The application: an order form that includes the banner, and a POST that stores an order. */
    static final class OrdersServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            // /app/board checks every 5 s (the least the banner allows), so a window's notice time shows soon.
            String banner = "/board".equals(request.getPathInfo()) ? BANNER_TAG.replace(" defer>",
                    " data-interval=\"5\" defer>") : BANNER_TAG;
            html(response, 200, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    + "<title>Orders</title>\n" + banner + "\n</head>\n<body>\n<h1 id=\"app-title\">Orders</h1>\n"
                    + "<form method=\"post\" action=\"/app/orders\">\n"
                    + "<label for=\"item\">Item</label> <input id=\"item\" name=\"item\" value=\"tea\">\n"
                    + "<button id=\"order\" type=\"submit\">Order</button>\n</form>\n</body>\n</html>\n");
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            html(response, 201, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<title>Stored</title></head><body><h1 id=\"stored\">Order stored</h1></body></html>\n");
        }

        private static void html(HttpServletResponse response, int status, String body) throws IOException {
            response.setStatus(status);
            response.setContentType("text/html;charset=UTF-8");
            response.setHeader("Content-Security-Policy", APP_POLICY);
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
    }
}
