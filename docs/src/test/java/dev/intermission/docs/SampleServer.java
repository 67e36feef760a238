package dev.intermission.docs;

import java.util.EnumSet;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import com.example.orders.HealthServlet;
import com.example.orders.OrdersServlet;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.admin.MaintenanceAdminConfig;
import dev.intermission.admin.MaintenanceAdminServlet;
import dev.intermission.servlet.MaintenanceFilter;
import dev.intermission.servlet.MaintenanceFilterConfig;
import dev.intermission.testing.Databases;
import jakarta.servlet.DispatcherType;

/**
 * The server the pages' commands talk to: embedded Jetty 12 on 127.0.0.1 and a free port, with the maintenance
 * filter in front of everything ({@code /health} allow-listed, the admin endpoint's path, 203.0.113.0/24
 * allow-listed, a bypass secret, no trusted proxy), the admin endpoint at {@code /service-context} (one token,
 * named {@code admin}, as in the example application), and a small orders API, on a fresh H2 database that the
 * command line can open too.
 */
final class SampleServer implements AutoCloseable {

    static final String TOKEN = "s3cr3t-deploy-token-0123456789";
    static final String BYPASS_SECRET = "preview-0123456789abcdef";

    private final Server server;
    private final MaintenanceService service;
    private final String jdbcUrl;
    private final int port;

    private SampleServer(Server server, MaintenanceService service, String jdbcUrl, int port) {
        this.server = server;
        this.service = service;
        this.jdbcUrl = jdbcUrl;
        this.port = port;
    }

    static SampleServer start() {
        String jdbcUrl = Databases.newH2Url();
        MaintenanceService service = Maintenance.newBuilder().jdbcUrl(jdbcUrl, "sa", "").build();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        MaintenanceFilter filter = new MaintenanceFilter(service, MaintenanceFilterConfig.newBuilder()
                .allowPaths("/health")
                .adminPath("/service-context")
                .allowIps("203.0.113.0/24")
                .bypassSecret(BYPASS_SECRET)
                .build());
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        MaintenanceAdminConfig admin = MaintenanceAdminConfig.newBuilder().token("admin", TOKEN).build();
        context.addServlet(new ServletHolder(new MaintenanceAdminServlet(service, admin)), "/service-context/*");
        context.addServlet(new ServletHolder(new OrdersServlet()), "/api/orders/*");
        context.addServlet(new ServletHolder(new HealthServlet()), "/health");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            service.close();
            throw new IllegalStateException("cannot start Jetty", e);
        }
        return new SampleServer(server, service, jdbcUrl, connector.getLocalPort());
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    MaintenanceService service() {
        return service;
    }

    /** Reads the state now, as the next refresh would within one interval. */
    void refresh() {
        service.refresh();
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
}
