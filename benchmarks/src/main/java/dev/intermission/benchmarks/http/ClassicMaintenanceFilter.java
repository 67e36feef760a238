package dev.intermission.benchmarks.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The design Intermission replaces: a filter that asks the database for the {@code maintenance} flag on every
 * request, through the application's connection pool, and answers 503 when it is set.
 */
public final class ClassicMaintenanceFilter implements Filter {

    /** The query the classic design runs per request. */
    public static final String QUERY = "SELECT maintenance FROM service_context WHERE service_name = ?";
    /** The table it reads, in its simplest form. */
    public static final String DDL = "CREATE TABLE service_context (service_name VARCHAR(100) PRIMARY KEY, "
            + "maintenance BOOLEAN NOT NULL)";

    private static final byte[] REFUSAL = "Service under maintenance\n".getBytes(StandardCharsets.US_ASCII);

    private final DataSource dataSource;
    private final String serviceName;

    /**
     * Creates the filter.
     *
     * @param dataSource  the pool the flag is read through
     * @param serviceName the row to read
     */
    public ClassicMaintenanceFilter(DataSource dataSource, String serviceName) {
        this.dataSource = dataSource;
        this.serviceName = serviceName;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean maintenance;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setString(1, serviceName);
            try (ResultSet rs = ps.executeQuery()) {
                maintenance = rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new ServletException("cannot read the maintenance flag", e);
        }
        if (maintenance) {
            HttpServletResponse http = (HttpServletResponse) response;
            http.setStatus(503);
            http.setContentType("text/plain;charset=us-ascii");
            http.setContentLength(REFUSAL.length);
            http.getOutputStream().write(REFUSAL);
            return;
        }
        chain.doFilter(request, response);
    }
}
