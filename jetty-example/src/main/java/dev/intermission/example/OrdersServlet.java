package dev.intermission.example;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The example's small business API: {@code GET /api/orders} lists orders, {@code POST /api/orders} places one. */
public final class OrdersServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

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
        List<Map<String, Object>> orders = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, item, quantity, created_at FROM orders ORDER BY created_at DESC, id LIMIT 100");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> order = new LinkedHashMap<>();
                order.put("id", rs.getLong("id"));
                order.put("item", rs.getString("item"));
                order.put("quantity", rs.getInt("quantity"));
                Timestamp created = rs.getTimestamp("created_at");
                order.put("createdAt", created == null ? null : created.toInstant().toString());
                orders.add(order);
            }
        } catch (SQLException e) {
            unavailable(resp, e);
            return;
        }
        json(resp, HttpServletResponse.SC_OK, Map.of("orders", orders));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(req.getInputStream().readNBytes(10_000));
        } catch (JsonProcessingException e) {
            json(resp, HttpServletResponse.SC_BAD_REQUEST, Map.of("error", "body: not valid JSON"));
            return;
        }
        if (body == null || !body.path("item").isTextual() || body.path("item").asText().isBlank()
                || body.path("item").asText().length() > 200) {
            json(resp, HttpServletResponse.SC_BAD_REQUEST, Map.of("error", "item: a text of 1 to 200 characters"));
            return;
        }
        JsonNode quantityNode = body.path("quantity");
        int quantity = quantityNode.isMissingNode() ? 1 : quantityNode.isInt() ? quantityNode.asInt() : -1;
        if (quantity < 1 || quantity > 1000) {
            json(resp, HttpServletResponse.SC_BAD_REQUEST, Map.of("error", "quantity: a whole number from 1 to 1000"));
            return;
        }
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO orders (id, item, quantity, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, body.get("item").asText());
            ps.setInt(3, quantity);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.executeUpdate();
        } catch (SQLException e) {
            unavailable(resp, e);
            return;
        }
        resp.setHeader("Location", "/api/orders/" + id);
        json(resp, HttpServletResponse.SC_CREATED, Map.of("id", id, "item", body.get("item").asText(),
                "quantity", quantity, "createdAt", now.toString()));
    }

    private static void unavailable(HttpServletResponse resp, SQLException e) throws IOException {
        json(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, Map.of("error", "database unavailable"));
    }

    private static void json(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        JSON.writeValue(resp.getOutputStream(), body);
    }
}
