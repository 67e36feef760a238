package dev.intermission.example.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.intermission.example.ExampleApp;
import dev.intermission.example.ExampleConfig;
import dev.intermission.example.ExampleServer;

/**
 * One instance of the example application ({@link ExampleServer#newServer(ExampleConfig)}) on its own port, and
 * what a client or an operator asks it over real HTTP.
 */
final class Instance implements AutoCloseable {

    static final String TOKEN = "faults-admin-token-0123456789";
    /** The refresh interval of every instance these tests start. */
    static final Duration REFRESH = Duration.ofMillis(200);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final ExampleApp app;
    private final URI base;

    private Instance(String name, ExampleApp app) {
        this.name = name;
        this.app = app;
        this.base = app.server().getURI();
    }

    /** Starts instances "a" and "b" on a database and waits until both serve the application. */
    static List<Instance> startTwo(FaultPostgres pg, String database) throws Exception {
        List<Instance> instances = new ArrayList<>();
        instances.add(start("a", pg, database, Map.of()));
        instances.add(start("b", pg, database, Map.of()));
        for (Instance i : instances) {
            Faults.await(i::servesOrders, i + " never served");
        }
        return instances;
    }

    /**
     * Starts an instance on a database: listens, opens the maintenance state (the database may be down) and starts
     * its start-up migration window; returns without waiting for that window.
     */
    static Instance start(String name, FaultPostgres pg, String database, Map<String, String> extra)
            throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("INTERMISSION_HOME", System.getProperty("java.io.tmpdir"));
        env.put("INTERMISSION_JDBC_URL", pg.jdbcUrl(database));
        env.put("INTERMISSION_JDBC_USER", "postgres");
        env.put("INTERMISSION_ADMIN_TOKEN", TOKEN);
        env.put("INTERMISSION_REFRESH_INTERVAL", REFRESH.toMillis() + "ms");
        env.put("INTERMISSION_SHUTDOWN_GRACE", "1s");
        env.putAll(extra);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        ExampleApp app = ExampleApp.listen(ExampleConfig.fromEnvironment(env).withPort(0), quiet);
        try {
            app.startServices();
        } catch (RuntimeException | Error e) {
            app.close();
            throw e;
        }
        return new Instance(name, app);
    }

    String name() {
        return name;
    }

    ExampleApp app() {
        return app;
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    /** Sends a request and returns the answer; an I/O failure is an {@link IOException}. */
    HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The operator's change over the admin endpoint, e.g. {@code {"maintenance": true}}. */
    HttpResponse<String> patch(String body) throws IOException, InterruptedException {
        return send("PATCH", ExampleConfig.ADMIN_PATH, body, "Content-Type", "application/json",
                "Authorization", "Bearer " + TOKEN, "Accept", "application/json");
    }

    /** The operator's view of the state over the admin endpoint (authorized: versions included). */
    Map<String, Object> status() throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", ExampleConfig.ADMIN_PATH, null, "Authorization",
                "Bearer " + TOKEN, "Accept", "application/json");
        if (response.statusCode() != 200) {
            throw new IOException(name + ": status " + response.statusCode() + " " + response.body());
        }
        return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
    }

    /** What any client reads (no database query behind it): mode in force and staleness, no version. */
    Map<String, Object> publicStatus() throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", ExampleConfig.ADMIN_PATH, null, "Accept", "application/json");
        if (response.statusCode() != 200) {
            throw new IOException(name + ": status " + response.statusCode() + " " + response.body());
        }
        return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
    }

    /** The public status, or an empty map when the instance cannot answer it. */
    Map<String, Object> statusOrEmpty() {
        try {
            return publicStatus();
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    /** Whether this instance reports a fresh state (read from the database within the last intervals). */
    boolean fresh() {
        return Boolean.FALSE.equals(statusOrEmpty().get("stale"));
    }

    /** The mode in force on this instance, as its status reports it ({@code off}, {@code read-only}, {@code full}). */
    String effectiveMode() {
        return String.valueOf(statusOrEmpty().get("effectiveMode"));
    }

    /** The stored version this instance holds, or -1 when unknown. */
    long version() {
        try {
            Object v = status().get("version");
            return v instanceof Number n ? n.longValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Whether a GET of the orders is served by the application with 200 right now. */
    boolean servesOrders() {
        try {
            return send("GET", "/api/orders", null, "Accept", "application/json").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        app.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
