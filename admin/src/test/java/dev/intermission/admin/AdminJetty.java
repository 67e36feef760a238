package dev.intermission.admin;

import java.net.URI;
import java.util.EnumSet;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;

import dev.intermission.MaintenanceService;
import dev.intermission.admin.MaintenanceAdminServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;

/** An embedded Jetty 12 (ee10) on 127.0.0.1 and a free port, serving one servlet at {@code /service-context/*}. */
final class AdminJetty implements AutoCloseable {

    static final String MOUNT = "/service-context";

    private final Server server;
    private final URI base;

    private AdminJetty(Server server, URI base) {
        this.server = server;
        this.base = base;
    }

    /** Starts Jetty with the servlet. */
    static AdminJetty start(HttpServlet servlet) {
        return start(new ServletHolder(servlet), false, null);
    }

    /** Starts Jetty with the servlet behind a filter mapped to the same path. */
    static AdminJetty start(HttpServlet servlet, Filter filter) {
        return start(new ServletHolder(servlet), false, null, filter);
    }

    /** Starts Jetty; see {@link #start(ServletHolder, boolean, MaintenanceService, Filter)}. */
    static AdminJetty start(ServletHolder holder, boolean basicUsers, MaintenanceService serviceAttribute) {
        return start(holder, basicUsers, serviceAttribute, null);
    }

    /**
     * Starts Jetty with the servlet; with {@code basicUsers}, HTTP Basic authentication knows alice (role ops) and
     * bob (role viewer), password "secret" for both, without any constraint (authentication happens on
     * demand); a non-null {@code serviceAttribute} is set as the ServletContext attribute the no-arg servlet reads;
     * a non-null {@code filter} runs in front of the servlet.
     */
    static AdminJetty start(ServletHolder holder, boolean basicUsers, MaintenanceService serviceAttribute,
            Filter filter) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        if (serviceAttribute != null) {
            context.setAttribute(MaintenanceAdminServlet.SERVICE_ATTRIBUTE, serviceAttribute);
        }
        context.addServlet(holder, MOUNT + "/*");
        if (filter != null) {
            context.addFilter(new FilterHolder(filter), MOUNT + "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        if (basicUsers) {
            UserStore users = new UserStore();
            users.addUser("alice", Credential.getCredential("secret"), new String[] {"ops"});
            users.addUser("bob", Credential.getCredential("secret"), new String[] {"viewer"});
            HashLoginService login = new HashLoginService("intermission");
            login.setUserStore(users);
            ConstraintSecurityHandler security = new ConstraintSecurityHandler();
            security.setAuthenticator(new BasicAuthenticator());
            security.setLoginService(login);
            server.addBean(login);
            context.setSecurityHandler(security);
        }
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Jetty", e);
        }
        return new AdminJetty(server, URI.create("http://127.0.0.1:" + connector.getLocalPort() + MOUNT));
    }

    /** Returns the admin endpoint's base URI (no trailing slash). */
    URI base() {
        return base;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop Jetty", e);
        }
    }
}
