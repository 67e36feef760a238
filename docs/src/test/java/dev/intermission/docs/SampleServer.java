package dev.intermission.docs;

import java.io.IOException;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.servlet.MaintenanceAdminConfig;
import dev.intermission.servlet.MaintenanceAdminServlet;
import dev.intermission.testing.Databases;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The server the pages' commands talk to: embedded Jetty 12 on 127.0.0.1 and a free port, with the admin
 * endpoint at {@code /service-context} (one token, named {@code deploy}), a small orders API and {@code /health},
 * on a fresh H2 database that the command line can open too.
 */
final class SampleServer implements AutoCloseable {

    static final String TOKEN = "s3cr3t-deploy-token-0123456789";

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
        MaintenanceAdminConfig admin = MaintenanceAdminConfig.newBuilder().token("deploy", TOKEN).build();
        context.addServlet(new ServletHolder(new MaintenanceAdminServlet(service, admin)), "/service-context/*");
        context.addServlet(new ServletHolder(new Orders()), "/api/orders/*");
        context.addServlet(new ServletHolder(new Health()), "/health");
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

    /** A stand-in for the application: lists orders, and takes new ones. */
    static final class Orders extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.getWriter().write("[{\"id\":1,\"item\":\"tea\",\"quantity\":2}]");
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setStatus(HttpServletResponse.SC_CREATED);
            response.setContentType("application/json");
            response.getWriter().write("{\"id\":2}");
        }
    }

    /** Always 200: the load balancer's health check. */
    static final class Health extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write("ok\n");
        }
    }
}
