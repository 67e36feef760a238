package dev.intermission.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.intermission.Mode;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.testing.Databases;

/** The example on port 0, on H2 and on PostgreSQL: the deploy pipeline, the CLI, and bad configuration. */
class ExampleServerTest {

    private static final String TOKEN = "example-admin-token-0123456789";
    private final HttpClient http = HttpClient.newHttpClient();

    private static Map<String, String> env(String database) {
        Map<String, String> env = new HashMap<>();
        env.put("INTERMISSION_JDBC_URL", database.equals("h2") ? Databases.newH2Url()
                : Databases.newPostgresDatabase());
        env.put("INTERMISSION_JDBC_USER", database.equals("h2") ? "sa" : "postgres");
        env.put("INTERMISSION_ADMIN_TOKEN", TOKEN);
        return env;
    }

    private static ExampleApp start(Map<String, String> env) throws Exception {
        ExampleApp app = ExampleServer.newServer(ExampleConfig.fromEnvironment(env).withPort(0));
        assertEquals(MigrationOutcome.SUCCEEDED, app.startupMigration().orElseThrow().join().outcome(),
                "the app's own migrations run in a window at start");
        return app;
    }

    private HttpResponse<String> send(ExampleApp app, String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.server().getURI().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> patch(ExampleApp app, String body) throws Exception {
        return send(app, "PATCH", "/service-context", body, "Content-Type", "application/json",
                "Authorization", "Bearer " + TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void pipeline_enableRefusesTheApiButNotHealth_thenDisableReopens(String database) throws Exception {
        try (ExampleApp app = start(env(database))) {
            assertEquals(200, send(app, "GET", "/api/orders", null).statusCode());
            assertEquals(201, send(app, "POST", "/api/orders", "{\"item\":\"book\",\"quantity\":2}",
                    "Content-Type", "application/json").statusCode());

            // The classic pipeline call, verbatim but for the Authorization header.
            assertEquals(200, patch(app, "{\"maintenance\": true}").statusCode());

            HttpResponse<String> get = send(app, "GET", "/api/orders", null, "Accept", "application/json");
            assertEquals(503, get.statusCode());
            assertTrue(get.headers().firstValue("Retry-After").isPresent());
            assertTrue(get.body().contains("\"message\""), get.body());
            HttpResponse<String> post = send(app, "POST", "/api/orders", "{\"item\":\"pen\"}",
                    "Content-Type", "application/json");
            assertEquals(503, post.statusCode());
            assertTrue(post.headers().firstValue("Retry-After").isPresent());
            assertEquals(200, send(app, "GET", "/health", null).statusCode());
            assertEquals(200, send(app, "GET", "/service-context", null).statusCode());

            assertEquals(200, patch(app, "{\"maintenance\": false}").statusCode());
            assertEquals(200, send(app, "GET", "/api/orders", null).statusCode());
            assertEquals(200, send(app, "GET", "/", null).statusCode());
        }
    }

    @Test
    void migrationsEndpoint_afterStartUp_reportsUpToDate_andListsTheStartUpWindow() throws Exception {
        try (ExampleApp app = start(env("h2"))) {
            HttpResponse<String> post = send(app, "POST", "/service-context/migrations", null,
                    "Authorization", "Bearer " + TOKEN);
            assertEquals(200, post.statusCode(), post.body());
            assertTrue(post.body().contains("UP_TO_DATE"), post.body());
            HttpResponse<String> list = send(app, "GET", "/service-context/migrations", null,
                    "Authorization", "Bearer " + TOKEN);
            assertEquals(200, list.statusCode(), list.body());
            assertTrue(list.body().contains("SUCCEEDED") && list.body().contains("startup"), list.body());
            assertEquals(401, send(app, "POST", "/service-context/migrations", null).statusCode());
        }
    }

    @Test
    void adminChange_withoutToken_isRefused() throws Exception {
        try (ExampleApp app = start(env("h2"))) {
            HttpResponse<String> response = send(app, "PATCH", "/service-context", "{\"maintenance\": true}",
                    "Content-Type", "application/json");
            assertEquals(401, response.statusCode());
            assertEquals(Mode.OFF, app.maintenance().effectiveMode());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void cliChange_isReflectedByTheRunningServer(String database) throws Exception {
        Map<String, String> env = env(database);
        try (ExampleApp app = start(env)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = ExampleServer.runCli(new String[] {"maintenance", "enable", "--message", "from the CLI"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    env);
            assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
            // The CLI wrote through its own connection: the server learns it from its refresher.
            awaitTrue(() -> statusOf(app, "/api/orders") == 503, "the server never refused after the CLI's enable");
            assertEquals("from the CLI", app.maintenance().status().message());

            exit = ExampleServer.runCli(new String[] {"maintenance", "disable"}, new PrintStream(out, true,
                    StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env);
            assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
            awaitTrue(() -> statusOf(app, "/api/orders") == 200, "the server never reopened after the CLI's disable");
        }
    }

    @Test
    void invalidSettings_stopStartUpNamingTheVariable() {
        Map<String, String> env = env("h2");
        env.put("PORT", "eighty");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ExampleConfig.fromEnvironment(env))
                .getMessage().startsWith("PORT:"));
        Map<String, String> badToken = env("h2");
        badToken.put("INTERMISSION_ADMIN_TOKEN", "short");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ExampleConfig.fromEnvironment(badToken))
                .getMessage().startsWith("INTERMISSION_ADMIN_TOKEN:"));
        Map<String, String> oddToken = env("h2");
        oddToken.put("INTERMISSION_ADMIN_TOKEN", "exclamation!0123456789");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ExampleConfig.fromEnvironment(oddToken))
                .getMessage().startsWith("INTERMISSION_ADMIN_TOKEN:"));
        Map<String, String> badIps = env("h2");
        badIps.put("INTERMISSION_ALLOW_IPS", "10.0.0.0/33");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ExampleServer.newServer(ExampleConfig.fromEnvironment(badIps).withPort(0)))
                .getMessage().startsWith("INTERMISSION_ALLOW_IPS:"));
        Map<String, String> badSecret = env("h2");
        badSecret.put("INTERMISSION_BYPASS_SECRET", "tooshort");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ExampleServer.newServer(ExampleConfig.fromEnvironment(badSecret).withPort(0)))
                .getMessage().startsWith("INTERMISSION_BYPASS_SECRET:"));
    }

    @Test
    void cli_unknownCommand_isAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ExampleServer.runCli(new String[] {"frobnicate"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        assertEquals(2, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage:"));
    }

    private int statusOf(ExampleApp app, String path) {
        try {
            return send(app, "GET", path, null).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static void awaitTrue(BooleanSupplier condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure);
            }
            Thread.sleep(20);
        }
    }
}
