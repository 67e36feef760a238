package dev.intermission.example.boot;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The shop's API: list and place orders. */
@RestController
@RequestMapping("/api/orders")
class OrdersController {

    private final JdbcTemplate jdbc;

    OrdersController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping
    List<Map<String, Object>> list() {
        return jdbc.query("SELECT id, item, quantity FROM orders ORDER BY id DESC LIMIT 50",
                (rs, i) -> Map.of("id", rs.getLong(1), "item", rs.getString(2), "quantity", rs.getInt(3)));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> place(@RequestBody Map<String, Object> order) {
        Object item = order.get("item");
        if (!(item instanceof String text) || text.isBlank() || text.length() > 200) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "item: give 1 to 200 characters");
        }
        int quantity = order.get("quantity") instanceof Number n ? n.intValue() : 1;
        if (quantity < 1 || quantity > 1000) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "quantity: give 1 to 1000");
        }
        jdbc.update("INSERT INTO orders (item, quantity) VALUES (?, ?)", text.strip(), quantity);
        return Map.of("item", text.strip(), "quantity", quantity);
    }
}
