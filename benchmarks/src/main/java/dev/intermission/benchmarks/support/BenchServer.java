package dev.intermission.benchmarks.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty 12 server on 127.0.0.1 that answers every path with a small text response, optionally
 * behind one filter mapped to {@code /*}.
 */
public final class BenchServer implements AutoCloseable {

    /** The body of every successful response. */
    public static final byte[] BODY = "hello\n".getBytes(StandardCharsets.US_ASCII);

    private final Server server;
    private final int port;

    private BenchServer(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts a server.
     *
     * @param filter the filter in front of the servlet, or {@code null} for none
     * @return the running server
     * @throws Exception when Jetty cannot start
     */
    public static BenchServer start(Filter filter) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        if (filter != null) {
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(new HelloServlet()), "/*");
        server.setHandler(context);
        server.start();
        return new BenchServer(server, connector.getLocalPort());
    }

    /**
     * Returns the URL of a path on this server.
     *
     * @param path starting with {@code /}
     * @return the URL
     */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Stops the server. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop Jetty", e);
        }
    }

    /** The application: a small fixed response. */
    static final class HelloServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=us-ascii");
            response.setContentLength(BODY.length);
            response.getOutputStream().write(BODY);
        }
    }
}
