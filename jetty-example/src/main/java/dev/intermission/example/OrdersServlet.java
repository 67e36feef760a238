package dev.intermission.example;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The example's small business API: {@code GET /api/orders} lists orders, {@code POST /api/orders} places one and
 * answers 201 with its {@code Location}, {@code GET /api/orders/<id>} reads one. Errors are problem details; when
 * the database cannot be reached within {@link #STATEMENT_TIMEOUT} (plus the pool's connection timeout) the answer
 * is a 503 that says so, and the reason goes to the log, not to the client.
 */
public final class OrdersServlet extends HttpServlet {

    /** The longest one statement of this API may run before it is cancelled and the request answered 503. */
    public static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(2);
    /** The {@code Retry-After} of a 503 caused by the database. */
    public static final int RETRY_AFTER_SECONDS = 5;
    /** What a client reads when the database is unavailable. */
    public static final String UNAVAILABLE = "The orders cannot be reached right now. Please try again in a few "
            + "seconds.";

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(OrdersServlet.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,18}");

    private final transient DataSource dataSource;

    /**
     * Creates the servlet on the application's DataSource.
     *
     * @param dataSource where the orders table lives
     */
    public OrdersServlet(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String pathInfo = req.getPathInfo();
        if (pathInfo == null || pathInfo.equals("/")) {
            list(req, resp);
            return;
        }
        String idText = pathInfo.substring(1);
        if (!ID.matcher(idText).matches() || idText.length() == 19 && idText.compareTo("9223372036854775807") > 0) {
            Problems.send(resp, HttpServletResponse.SC_NOT_FOUND,
                    "id: no order has the id '" + shorten(idText) + "' (ids are whole numbers from 1)");
            return;
        }
        long id = Long.parseLong(idText);
        Map<String, Object> order;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, item, quantity, created_at FROM orders WHERE id = ?")) {
            ps.setQueryTimeout(timeoutSeconds());
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                order = rs.next() ? row(rs) : null;
            }
        } catch (SQLException e) {
            unavailable(req, resp, e);
            return;
        }
        if (order == null) {
            Problems.send(resp, HttpServletResponse.SC_NOT_FOUND, "id: no order has the id " + id);
            return;
        }
        json(resp, HttpServletResponse.SC_OK, order);
    }

    private void list(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<Map<String, Object>> orders = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, item, quantity, created_at FROM orders ORDER BY created_at DESC, id LIMIT 100")) {
            ps.setQueryTimeout(timeoutSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    orders.add(row(rs));
                }
            }
        } catch (SQLException e) {
            unavailable(req, resp, e);
            return;
        }
        json(resp, HttpServletResponse.SC_OK, Map.of("orders", orders));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getPathInfo() != null && !req.getPathInfo().equals("/")) {
            resp.setHeader("Allow", "GET");
            Problems.send(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    "an order cannot be changed; POST /api/orders places a new one");
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(req.getInputStream().readNBytes(10_000));
        } catch (JacksonException e) {
            Problems.send(resp, HttpServletResponse.SC_BAD_REQUEST, "body: not valid JSON");
            return;
        }
        if (body == null || !body.path("item").isTextual() || body.path("item").asText().isBlank()
                || body.path("item").asText().length() > 200) {
            Problems.send(resp, HttpServletResponse.SC_BAD_REQUEST, "item: a text of 1 to 200 characters");
            return;
        }
        JsonNode quantityNode = body.path("quantity");
        int quantity = quantityNode.isMissingNode() ? 1 : quantityNode.isInt() ? quantityNode.asInt() : -1;
        if (quantity < 1 || quantity > 1000) {
            Problems.send(resp, HttpServletResponse.SC_BAD_REQUEST, "quantity: a whole number from 1 to 1000");
            return;
        }
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String item = body.get("item").asText();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO orders (id, item, quantity, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setQueryTimeout(timeoutSeconds());
            ps.setLong(1, id);
            ps.setString(2, item);
            ps.setInt(3, quantity);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.executeUpdate();
        } catch (SQLException e) {
            unavailable(req, resp, e);
            return;
        }
        resp.setHeader("Location", req.getContextPath() + "/api/orders/" + id);
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", id);
        order.put("item", item);
        order.put("quantity", quantity);
        order.put("createdAt", now.toString());
        json(resp, HttpServletResponse.SC_CREATED, order);
    }

    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", rs.getLong("id"));
        order.put("item", rs.getString("item"));
        order.put("quantity", rs.getInt("quantity"));
        Timestamp created = rs.getTimestamp("created_at");
        order.put("createdAt", created == null ? null : created.toInstant().toString());
        return order;
    }

    private static int timeoutSeconds() {
        return (int) Math.max(1, STATEMENT_TIMEOUT.toSeconds());
    }

    private static void unavailable(HttpServletRequest req, HttpServletResponse resp, SQLException e)
            throws IOException {
        LOG.log(Level.WARNING, "Orders database unavailable, answering 503{0}: {1}",
                " to " + req.getMethod() + " " + req.getRequestURI(), reason(e));
        resp.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        resp.setHeader("Cache-Control", "no-store");
        Problems.send(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, UNAVAILABLE);
    }

    /** The one-line reason of a database error, for the operator's log. */
    private static String reason(SQLException e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        if (e.getSQLState() != null) {
            b.append(" (SQL state ").append(e.getSQLState()).append(')');
        }
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !b.toString().contains(cause.getMessage())) {
            b.append("; caused by ").append(cause.getMessage());
        }
        return b.toString().replace('\n', ' ');
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private static void json(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        JSON.writeValue(resp.getOutputStream(), body);
    }
}
