package dev.intermission.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.intermission.MaintenanceChange;
import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.testing.Databases;

/** The example on port 0, on H2 and on PostgreSQL: the deploy pipeline, the API, the page, the CLI, bad settings. */
class ExampleServerTest {

    static final String TOKEN = "example-admin-token-0123456789";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path home;

    private Map<String, String> env(String database) {
        Map<String, String> env = new HashMap<>();
        env.put("INTERMISSION_HOME", home.toString());
        if (!database.equals("default")) {
            env.put("INTERMISSION_JDBC_URL", database.equals("h2") ? Databases.newH2Url()
                    : Databases.newPostgresDatabase());
            env.put("INTERMISSION_JDBC_USER", database.equals("h2") ? "sa" : "postgres");
        }
        env.put("INTERMISSION_ADMIN_TOKEN", TOKEN);
        return env;
    }

    private static ExampleApp start(Map<String, String> env) throws Exception {
        ExampleApp app = ExampleServer.newServer(ExampleConfig.fromEnvironment(env).withPort(0));
        assertEquals(MigrationOutcome.SUCCEEDED, app.startupMigration().orElseThrow().join().outcome(),
                "the app's own migrations run in a window at start");
        awaitTrue(app::serving, "the application was never served");
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
            assertEquals("full", get.headers().firstValue("Intermission-Mode").orElseThrow());
            assertTrue(get.body().contains("\"mode\":\"full\""), get.body());
            HttpResponse<String> post = send(app, "POST", "/api/orders", "{\"item\":\"pen\"}",
                    "Content-Type", "application/json");
            assertEquals(503, post.statusCode());
            assertTrue(post.headers().firstValue("Retry-After").isPresent());
            assertEquals(200, send(app, "GET", "/health", null).statusCode());
            HttpResponse<String> status = send(app, "GET", "/service-context", null);
            assertEquals(200, status.statusCode());
            assertTrue(status.body().contains("\"full\""), status.body());

            assertEquals(200, patch(app, "{\"maintenance\": false}").statusCode());
            assertEquals(200, send(app, "GET", "/api/orders", null).statusCode());
            assertEquals(200, send(app, "GET", "/", null).statusCode());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void placedOrder_itsLocationAnswersWithTheOrder(String database) throws Exception {
        try (ExampleApp app = start(env(database))) {
            HttpResponse<String> created = send(app, "POST", "/api/orders", "{\"item\":\"lamp\",\"quantity\":3}",
                    "Content-Type", "application/json");
            assertEquals(201, created.statusCode(), created.body());
            String location = created.headers().firstValue("Location").orElseThrow();
            assertTrue(location.matches("/api/orders/[0-9]+"), location);

            HttpResponse<String> order = send(app, "GET", location, null);
            assertEquals(200, order.statusCode(), order.body());
            assertTrue(order.body().contains("\"item\":\"lamp\"") && order.body().contains("\"quantity\":3"),
                    order.body());
            assertEquals(created.body(), order.body(), "the Location answers what the POST answered");

            HttpResponse<String> missing = send(app, "GET", "/api/orders/1", null);
            assertEquals(404, missing.statusCode());
            assertTrue(missing.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
            assertTrue(missing.body().contains("id: no order has the id 1"), missing.body());
            for (String bad : List.of("/api/orders/abc", "/api/orders/-1", "/api/orders/99999999999999999999",
                    "/api/orders/1/2")) {
                HttpResponse<String> response = send(app, "GET", bad, null);
                assertEquals(404, response.statusCode(), bad);
                assertTrue(response.body().contains("\"detail\":\"id: "), response.body());
            }
            HttpResponse<String> malformed = send(app, "POST", "/api/orders", "{", "Content-Type",
                    "application/json");
            assertEquals(400, malformed.statusCode());
            assertTrue(malformed.body().contains("body: not valid JSON"), malformed.body());
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

    @Test
    void demoPage_saysEachModeInWords_andAnnouncesAPlannedWindow() throws Exception {
        try (ExampleApp app = start(env("h2"))) {
            String open = send(app, "GET", "/", null).body();
            assertTrue(open.contains(">Open for business.<"), open);

            app.maintenance().apply(MaintenanceChange.enable(Mode.READ_ONLY).message("Moving warehouses")
                    .actor("alice").build());
            HttpResponse<String> readOnly = send(app, "GET", "/", null);
            assertEquals(200, readOnly.statusCode(), "a read-only shop still shows its page");
            assertTrue(readOnly.body().contains("Read-only for maintenance: you can look around, but orders cannot "
                    + "be placed right now. Moving warehouses."), readOnly.body());
            app.maintenance().disable("alice");

            Instant start = Instant.parse("2099-03-04T14:00:00Z");
            app.maintenance().apply(MaintenanceChange.schedule(new ScheduledWindow(start,
                    start.plus(Duration.ofMinutes(30)), Mode.FULL, "New payment provider")).actor("alice").build());
            String planned = send(app, "GET", "/", null).body();
            assertTrue(planned.contains("Open for business. Planned maintenance (closed) on Wednesday 4 March 2099 "
                    + "from 14:00 to 14:30 UTC: New payment provider."), planned);
            for (String page : List.of(open, readOnly.body(), planned)) {
                for (Mode mode : Mode.values()) {
                    assertFalse(page.contains(mode.name()), "no enum name on the page: " + mode.name());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void cliChange_isReflectedByTheRunningServer(String database) throws Exception {
        Map<String, String> env = env(database);
        try (ExampleApp app = start(env)) {
            Run enable = cli(env, "maintenance", "enable", "--message", "from the CLI");
            assertEquals(0, enable.exit(), enable.err());
            // The CLI wrote through its own connection: the server learns it from its refresher.
            awaitTrue(() -> statusOf(app, "/api/orders") == 503, "the server never refused after the CLI's enable");
            assertEquals("from the CLI", app.maintenance().status().message());

            Run disable = cli(env, "maintenance", "disable");
            assertEquals(0, disable.exit(), disable.err());
            awaitTrue(() -> statusOf(app, "/api/orders") == 200, "the server never reopened after the CLI's disable");
        }
    }

    @Test
    void cliOnTheDefaultDatabase_usesTheServersFile_givenTheSameHome() throws Exception {
        Map<String, String> env = env("default");
        try (ExampleApp app = start(env)) {
            assertTrue(app.config().defaultDatabase());
            assertEquals(ExampleConfig.defaultJdbcUrl(home), app.config().jdbcUrl());
            assertTrue(Files.isRegularFile(ExampleConfig.defaultDatabaseFile(home)));
            Run enable = cli(Map.of("INTERMISSION_HOME", home.toString()), "maintenance", "enable", "--message",
                    "found it");
            assertEquals(0, enable.exit(), enable.err());
            awaitTrue(() -> statusOf(app, "/api/orders") == 503, "the CLI changed another database");
            assertEquals(0, cli(Map.of("INTERMISSION_HOME", home.toString()), "maintenance", "disable").exit());
        }
    }

    @Test
    void cliOnAMissingDefaultDatabase_saysWhereItLooked_andCreatesNothing(@TempDir Path empty) {
        Run status = cli(Map.of("INTERMISSION_HOME", empty.toString()), "maintenance", "status");
        assertEquals(1, status.exit(), status.out());
        assertEquals("", status.out());
        assertTrue(status.err().startsWith("error: no database at " + ExampleConfig.defaultDatabaseFile(empty)),
                status.err());
        assertTrue(status.err().contains("INTERMISSION_JDBC_URL"), status.err());
        assertFalse(Files.exists(empty.resolve("data")), "the CLI invented a database");
    }

    @Test
    void cliOnAMissingDefaultDatabase_withJson_printsTheReasonAsJsonToo(@TempDir Path empty) throws Exception {
        Run status = cli(Map.of("INTERMISSION_HOME", empty.toString()), "maintenance", "status", "--json");
        assertEquals(1, status.exit(), status.err());
        JsonNode json = new ObjectMapper().readTree(status.out());
        assertEquals(status.err().lines().findFirst().orElseThrow(), "error: " + json.get("error").asText());
        assertEquals(ExampleConfig.defaultJdbcUrl(empty) + " as sa", json.get("database").asText());
        assertFalse(Files.exists(empty.resolve("data")), "the CLI invented a database");
    }

    @Test
    void cliOnADefaultDatabaseWithoutTheLibrarysTables_saysItIsTheDefault(@TempDir Path other) throws Exception {
        // Some other H2 file where the default database would be: it has none of the library's tables.
        Files.createDirectories(ExampleConfig.defaultDatabaseFile(other).getParent());
        String base = ExampleConfig.defaultDatabaseFile(other).toString().replaceFirst("\\.mv\\.db$", "");
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base, "sa", "")) {
            c.createStatement().execute("CREATE TABLE unrelated (id INT)");
        }
        Run status = cli(Map.of("INTERMISSION_HOME", other.toString()), "maintenance", "status");
        assertEquals(1, status.exit(), status.err());
        assertTrue(status.err().startsWith("error: no Intermission tables in " + ExampleConfig.defaultJdbcUrl(other)),
                status.err());
        assertTrue(status.err().contains("this is the default database"), status.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PORT|eighty",
        "PORT|70000",
        "INTERMISSION_ADMIN_TOKEN|short",
        "INTERMISSION_ADMIN_TOKEN|exclamation!0123456789",
        "INTERMISSION_ALLOW_IPS|10.0.0.0/33",
        "INTERMISSION_TRUSTED_PROXIES|proxy.example",
        "INTERMISSION_ALLOW_PATHS|no-slash",
        "INTERMISSION_BYPASS_SECRET|tooshort",
        "INTERMISSION_MIGRATE_ON_START|maybe",
        "INTERMISSION_SHUTDOWN_GRACE|soon",
        "INTERMISSION_SHUTDOWN_GRACE|2h",
        "INTERMISSION_REFRESH_INTERVAL|often",
        "INTERMISSION_REFRESH_INTERVAL|1ms",
        "INTERMISSION_JDBC_URL|postgres://localhost/x",
        "INTERMISSION_JDBC_URL|jdbc:oracle:thin:@db:1521/shop",
    })
    void invalidSetting_isRefusedBeforeAnythingOpens_namingTheVariable(String variable, String value) {
        Map<String, String> env = env("h2");
        env.put(variable, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExampleConfig.fromEnvironment(env));
        assertTrue(e.getMessage().startsWith(variable + ": "), e.getMessage());
        assertFalse(e.getMessage().substring(variable.length() + 2).matches("^[a-zA-Z]+: .*"),
                "names the variable, not a builder option: " + e.getMessage());
    }

    @Test
    void homeThatIsAFile_isRefused() throws IOException {
        Path file = Files.writeString(home.resolve("not-a-directory"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExampleConfig.fromEnvironment(Map.of("INTERMISSION_HOME", file.toString())));
        assertTrue(e.getMessage().startsWith("INTERMISSION_HOME: must be a directory"), e.getMessage());
    }

    @Test
    void shutdownGrace_defaultsToAFewSeconds_andIsConfigurable() {
        assertEquals(ExampleConfig.DEFAULT_SHUTDOWN_GRACE, ExampleConfig.fromEnvironment(env("h2")).shutdownGrace());
        Map<String, String> env = env("h2");
        env.put("INTERMISSION_SHUTDOWN_GRACE", "12s");
        assertEquals(Duration.ofSeconds(12), ExampleConfig.fromEnvironment(env).shutdownGrace());
    }

    @Test
    void databasePasswordInTheUrl_isNeverPrinted() {
        Map<String, String> env = env("h2");
        env.put("INTERMISSION_JDBC_URL", "jdbc:postgresql://db/shop?user=app&password=s3cret&ssl=true");
        ExampleConfig config = ExampleConfig.fromEnvironment(env);
        assertEquals("jdbc:postgresql://db/shop?user=app&password=***&ssl=true", config.jdbcUrlForDisplay());
        assertFalse(config.toString().contains("s3cret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "--help", "-h"})
    void help_exitsZero_withUsageNamingEveryVariable(String word) {
        Run help = cli(Map.of(), word);
        assertEquals(0, help.exit());
        assertEquals("", help.err());
        assertTrue(help.out().startsWith("usage: "), help.out());
        for (String variable : ExampleConfig.VARIABLES.keySet()) {
            assertTrue(help.out().contains("\n  " + variable + " "), "usage names " + variable);
        }
        assertTrue(help.out().contains("PORT"));
        help.out().lines().forEach(line -> assertTrue(line.length() <= 120, "too wide: " + line));
    }

    @Test
    void cli_unknownCommand_isAUsageError() {
        Run run = cli(Map.of(), "frobnicate");
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("error: unknown command 'frobnicate'\nusage:"), run.err());
    }

    @Test
    void startingServer_listensFirst_andAnswers503WithTheStartUpMessageUntilServing() throws Exception {
        ExampleConfig config = ExampleConfig.fromEnvironment(env("h2")).withPort(0);
        try (ExampleApp app = ExampleApp.listen(config, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8))) {
            // Listening, no database opened yet: a client gets an answer, never "connection refused".
            HttpResponse<String> json = send(app, "GET", "/api/orders", null, "Accept", "application/json");
            assertEquals(503, json.statusCode());
            assertTrue(json.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
            assertTrue(json.body().contains("\"detail\":\"" + ExampleApp.STARTUP_MESSAGE + "\""), json.body());
            assertTrue(json.body().contains("\"mode\":\"full\""), json.body());
            assertTrue(json.headers().firstValue("Retry-After").isPresent());
            HttpResponse<String> html = send(app, "GET", "/", null, "Accept", "text/html");
            assertEquals(503, html.statusCode());
            assertTrue(html.body().contains(ExampleApp.STARTUP_MESSAGE), html.body());
            assertEquals(503, send(app, "POST", "/api/orders", "{\"item\":\"pen\"}").statusCode());
            assertEquals(200, send(app, "GET", "/health", null).statusCode());
            assertFalse(app.serving());

            app.startServices();
            assertEquals(MigrationOutcome.SUCCEEDED, app.startupMigration().orElseThrow().join().outcome());
            awaitTrue(app::serving, "the gate never opened");
            awaitTrue(() -> statusOf(app, "/api/orders") == 200, "the application was never served");
        }
    }

    private int statusOf(ExampleApp app, String path) {
        try {
            return send(app, "GET", path, null).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ExampleServer.runCli(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
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

    static String firstGroup(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
