package dev.intermission.example.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The example as its README shows it: orders, the classic PATCH, the health and the metrics. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:shop-example;DB_CLOSE_DELAY=-1",
    ShopApplication.TOKEN_PROPERTY + "=" + ShopApplicationTest.TOKEN,
    "logging.level.org.flywaydb=ERROR"})
class ShopApplicationTest {

    static final String TOKEN = "example-token-0123456789";

    private final HttpClient client = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void ordersPass_untilMaintenanceIsSwitchedOn_whileHealthAndMetricsStayReachable() throws Exception {
        assertEquals(201, send("POST", "/api/orders", "{\"item\": \"tea\", \"quantity\": 2}", null).statusCode());
        assertTrue(send("GET", "/api/orders", null, null).body().contains("\"quantity\":2"));

        assertEquals(200, send("PATCH", "/service-context", "{\"maintenance\": true}", TOKEN).statusCode());
        HttpResponse<String> refused = send("POST", "/api/orders", "{\"item\": \"tea\"}", null);
        assertEquals(503, refused.statusCode());
        assertEquals(200, send("GET", "/actuator/health", null, null).statusCode());
        assertTrue(send("GET", "/actuator/prometheus", null, null).body()
                .contains("intermission_mode{mode=\"full\",service=\"shop\"} 1"));
        assertTrue(send("GET", "/service-context", null, TOKEN).body().contains("\"effectiveMode\":\"full\""));
        // The operators' view is not exposed without the Actuator's protection.
        assertEquals(404, send("GET", "/actuator/maintenance", null, null).statusCode());

        assertEquals(200, send("PATCH", "/service-context", "{\"maintenance\": false}", TOKEN).statusCode());
        assertEquals(201, send("POST", "/api/orders", "{\"item\": \"cake\"}", null).statusCode());
    }

    private HttpResponse<String> send(String method, String path, String json, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
