package dev.intermission.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The application's database goes away under a running example (PostgreSQL stopped): the orders API answers a
 * clear 503 problem at once, from its own short connection timeout, instead of holding the client until it gives up.
 */
class AppDatabaseOutageTest {

    /** Far longer than the example's own timeouts, far shorter than a connection pool's default 30 seconds. */
    private static final Duration CLIENT_PATIENCE = Duration.ofSeconds(15);

    @TempDir
    Path home;

    @Test
    void outageOfTheAppDatabase_ordersAnswer503ProblemsNotHangs() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        ExampleApp app = null;
        try {
            app = ExampleServer.newServer(ExampleConfig.fromEnvironment(Map.of(
                    "INTERMISSION_HOME", home.toString(),
                    "INTERMISSION_JDBC_URL", postgres.getJdbcUrl("postgres", "postgres"),
                    "INTERMISSION_JDBC_USER", "postgres",
                    "INTERMISSION_ADMIN_TOKEN", ExampleServerTest.TOKEN)).withPort(0));
            app.startupMigration().orElseThrow().join();
            ExampleApp running = app;
            HttpClient http = HttpClient.newBuilder().connectTimeout(CLIENT_PATIENCE).build();
            ExampleServerTest.awaitTrue(() -> send(http, running, "GET", "/api/orders", null) == 200,
                    "the API never served before the outage");
            assertEquals(201, send(http, app, "POST", "/api/orders", "{\"item\":\"before\"}"));

            postgres.close();

            AtomicInteger problems = new AtomicInteger();
            AtomicInteger timeouts = new AtomicInteger();
            List<String> other = new ArrayList<>();
            List<CompletableFuture<Void>> requests = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String method = i % 2 == 0 ? "GET" : "POST";
                String path = i == 4 ? "/api/orders/42" : "/api/orders";
                String body = method.equals("POST") ? "{\"item\":\"during " + i + "\"}" : null;
                HttpRequest.Builder request = HttpRequest.newBuilder(app.server().getURI().resolve(path))
                        .timeout(CLIENT_PATIENCE).header("Accept", "application/json")
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body));
                requests.add(http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                        .handle((response, failure) -> {
                            if (failure != null) {
                                if (failure.getCause() instanceof HttpTimeoutException) {
                                    timeouts.incrementAndGet();
                                } else {
                                    synchronized (other) {
                                        other.add(String.valueOf(failure));
                                    }
                                }
                            } else if (response.statusCode() == 503
                                    && response.headers().firstValue("Content-Type").orElse("")
                                            .startsWith("application/problem+json")
                                    && response.headers().firstValue("Retry-After").isPresent()
                                    && response.body().contains("\"detail\":\"" + OrdersServlet.UNAVAILABLE + "\"")
                                    && !response.body().matches("(?is).*(sql|jdbc|exception|hikari|postgres).*")) {
                                problems.incrementAndGet();
                            } else {
                                synchronized (other) {
                                    other.add(response.statusCode() + " " + response.body());
                                }
                            }
                            return null;
                        }));
            }
            CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
            assertEquals(0, timeouts.get(), "requests held until the client gave up");
            assertTrue(other.isEmpty(), "other outcomes: " + other);
            assertEquals(6, problems.get(), "every request answered with the 503 problem");
        } finally {
            if (app != null) {
                app.close();
            }
            postgres.close();
        }
    }

    private static int send(HttpClient http, ExampleApp app, String method, String path, String body) {
        try {
            return http.send(HttpRequest.newBuilder(app.server().getURI().resolve(path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
