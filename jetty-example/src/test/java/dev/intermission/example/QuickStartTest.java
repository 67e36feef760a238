package dev.intermission.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import javax.sql.DataSource;

import jakarta.servlet.DispatcherType;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.admin.MaintenanceAdminConfig;
import dev.intermission.admin.MaintenanceAdminServlet;
import dev.intermission.servlet.MaintenanceFilter;
import dev.intermission.servlet.MaintenanceFilterConfig;
import dev.intermission.testing.Databases;

/** The README's quick start, line for line, on a real Jetty: the docs check finds these lines here. */
class QuickStartTest {

    @Test
    void readmeQuickStart_refusesThenReopens() throws Exception {
        DataSource dataSource = Databases.newH2();
        String adminToken = "quick-start-token-0123456789";
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new HealthServlet()), "/api/orders");
        // tag::quick-start[]
        MaintenanceService maintenance = Maintenance.newBuilder()
                .dataSource(dataSource)              // or .jdbcUrl(url, user, password): a 2-connection pool of its own
                .serviceName("shop")                 // several services can share one database
                .build();                            // creates its own tables if missing (plain DDL, no migration tool)
        MaintenanceFilterConfig filterConfig = MaintenanceFilterConfig.newBuilder()
                .allowPaths("/health", "/static/*").adminPath("/service-context").build();
        context.addFilter(new FilterHolder(new MaintenanceFilter(maintenance, filterConfig)), "/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new MaintenanceAdminServlet(maintenance,
                MaintenanceAdminConfig.newBuilder().token("deploy", adminToken).build())), "/service-context/*");

        maintenance.enable(Mode.FULL, "Upgrading the database", "alice");  // 503 everywhere within one refresh
        maintenance.disable("alice");
        // end::quick-start[]
        server.setHandler(context);
        server.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest orders = HttpRequest.newBuilder(server.getURI().resolve("/api/orders")).build();
            assertEquals(200, http.send(orders, HttpResponse.BodyHandlers.discarding()).statusCode());
            maintenance.enable(Mode.FULL, "Upgrading the database", "alice");
            assertEquals(503, http.send(orders, HttpResponse.BodyHandlers.discarding()).statusCode());
            HttpRequest off = HttpRequest.newBuilder(server.getURI().resolve("/service-context"))
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"maintenance\": false}"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken)
                    .build();
            assertEquals(200, http.send(off, HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals(200, http.send(orders, HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals("deploy", maintenance.history(1).get(0).actor());
        } finally {
            server.stop();
            maintenance.close();
        }
    }
}
