package dev.intermission.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.intermission.testing.Databases;

/**
 * The runnable jar as a user runs it, each run its own process: the default database found from any directory,
 * a bad setting refused before any database opens, and SIGTERM under load acknowledging every write it made.
 */
class ExampleJarIT {

    private static final Path BUILT_JAR = Path.of("target/intermission-jetty-example.jar").toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Pattern ORDER_ID = Pattern.compile("\"id\":([0-9]+)");
    private static final Map<Process, Thread> drains = new ConcurrentHashMap<>();

    @TempDir
    Path tmp;

    private static ProcessBuilder jar(Path jar, Path workDir, String... args) {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("INTERMISSION_") || k.equals("PORT"));
        return builder;
    }

    private record Run(int exit, String output) {
    }

    private static Run run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process did not exit");
        return new Run(process.exitValue(), output);
    }

    private Path dir(String name) throws IOException {
        return Files.createDirectories(tmp.resolve(name));
    }

    @Test
    void jarServesOnItsOwnDefaultDatabase_andItsCliFindsItFromAnyDirectory() throws Exception {
        assertTrue(Files.exists(BUILT_JAR), "build the jar first: " + BUILT_JAR);
        // Installed as a user would: the jar in a directory of its own, run from elsewhere.
        Path install = dir("install");
        Path jar = Files.copy(BUILT_JAR, install.resolve("intermission-jetty-example.jar"));
        Path serverDir = dir("server-cwd");
        Path operatorDir = dir("operator-cwd");

        ProcessBuilder serverBuilder = jar(jar, serverDir);
        serverBuilder.environment().put("PORT", "0");
        Process server = serverBuilder.start();
        StringBuffer serverOutput = new StringBuffer();
        try {
            URI base = awaitListening(server, serverOutput);
            HttpClient http = HttpClient.newHttpClient();
            ExampleServerTest.awaitTrue(() -> status(http, base.resolve("/api/orders")) == 200,
                    "the server never served its API");
            Path database = ExampleConfig.defaultDatabaseFile(install);
            assertTrue(serverOutput.toString().contains("Database: " + ExampleConfig.defaultJdbcUrl(install)),
                    "the absolute default database is printed at start:\n" + serverOutput);
            assertTrue(Files.isRegularFile(database), "the default database lives beside the jar");
            assertFalse(Files.exists(serverDir.resolve("data")), "nothing under the working directory");

            Run enable = run(jar(jar, operatorDir, "maintenance", "enable", "--message", "Upgrading", "--for", "30m",
                    "--actor", "ops"));
            assertEquals(0, enable.exit(), enable.output());
            ExampleServerTest.awaitTrue(() -> status(http, base.resolve("/api/orders")) == 503,
                    "the running server never saw the CLI's change");
            assertEquals(200, status(http, base.resolve("/health")));

            Run status = run(jar(jar, operatorDir, "maintenance", "status", "--json"));
            assertEquals(0, status.exit(), status.output());
            assertTrue(status.output().contains("\"full\""), status.output());

            Run history = run(jar(jar, operatorDir, "maintenance", "history", "--limit", "5"));
            assertEquals(0, history.exit(), history.output());
            assertTrue(history.output().contains("ops"), history.output());

            Run disable = run(jar(jar, operatorDir, "maintenance", "disable"));
            assertEquals(0, disable.exit(), disable.output());
            ExampleServerTest.awaitTrue(() -> status(http, base.resolve("/api/orders")) == 200,
                    "the running server never reopened");

            Run dryRun = run(jar(jar, operatorDir, "migrate", "--dry-run"));
            assertEquals(0, dryRun.exit(), dryRun.output());

            Run usage = run(jar(jar, operatorDir, "maintenance", "enable", "--for", "soon"));
            assertEquals(2, usage.exit(), usage.output());
            assertFalse(Files.exists(operatorDir.resolve("data")), "the CLI invented a database where it ran");
        } finally {
            stop(server);
        }
    }

    private record Streams(int exit, String out, String err) {
    }

    /** Runs the jar with standard output and standard error apart. */
    private static Streams runApart(ProcessBuilder builder) throws IOException, InterruptedException {
        Path err = Files.createTempFile("jar-stderr", ".txt");
        try {
            Process process = builder.redirectErrorStream(false).redirectError(err.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process did not exit");
            return new Streams(process.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    @Test
    void cliOfTheJar_writesNothingToStandardErrorOnSuccess_andOnlyItsReasonOnFailure_unlessVerbose()
            throws Exception {
        Path home = dir("home");
        Path operatorDir = dir("operator-cwd");
        // The default database, as the server leaves it before its first start-up migration: the file alone.
        Files.createDirectories(ExampleConfig.defaultDatabaseFile(home).getParent());
        String base = ExampleConfig.defaultDatabaseFile(home).toString().replaceFirst("\\.mv\\.db$", "");
        DriverManager.getConnection("jdbc:h2:file:" + base, "sa", "").close();
        Path broken = Files.writeString(dir("migrations").resolve("V4__broken.sql"), "INSERT INTO nowhere VALUES (1);");

        Streams migrate = runApart(withHome(jar(BUILT_JAR, operatorDir, "migrate"), home));
        assertEquals(0, migrate.exit(), migrate.out() + migrate.err());
        assertEquals("", migrate.err(), "a successful migrate logs nothing on standard error");
        Streams status = runApart(withHome(jar(BUILT_JAR, operatorDir, "maintenance", "status"), home));
        assertEquals(0, status.exit(), status.out() + status.err());
        assertEquals("", status.err());

        Streams failed = runApart(withHome(jar(BUILT_JAR, operatorDir, "migrate", "--location",
                "filesystem:" + broken.getParent()), home));
        assertEquals(1, failed.exit(), failed.out() + failed.err());
        List<String> lines = failed.err().lines().toList();
        assertEquals(1, lines.size(), "the reason alone:\n" + failed.err());
        assertTrue(lines.get(0).startsWith("error: migration failed: V4__broken.sql"), lines.get(0));

        Streams verbose = runApart(withHome(jar(BUILT_JAR, operatorDir, "migrate", "--dry-run", "--verbose"), home));
        assertEquals(0, verbose.exit(), verbose.out() + verbose.err());
        assertTrue(verbose.err().contains("INFO"), "--verbose shows the log:\n" + verbose.err());
    }

    private static ProcessBuilder withHome(ProcessBuilder builder, Path home) {
        builder.environment().put("INTERMISSION_HOME", home.toString());
        return builder;
    }

    @Test
    void help_exitsZero_namingEveryVariable() throws Exception {
        for (String word : List.of("--help", "help")) {
            Run help = run(jar(BUILT_JAR, tmp, word));
            assertEquals(0, help.exit(), help.output());
            for (String variable : ExampleConfig.VARIABLES.keySet()) {
                assertTrue(help.output().contains("  " + variable + " "), variable + " in:\n" + help.output());
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PORT|eighty",
        "PORT|TAKEN",
        "INTERMISSION_ADMIN_TOKEN|short",
        "INTERMISSION_BYPASS_SECRET|tooshort",
        "INTERMISSION_ALLOW_IPS|10.0.0.0/33",
        "INTERMISSION_SHUTDOWN_GRACE|soon",
    })
    void badSetting_isOneErrorLine_exit2_beforeAnyDatabaseIsOpened(String variable, String value) throws Exception {
        Path home = dir("home");
        ProcessBuilder builder = jar(BUILT_JAR, tmp);
        builder.environment().put("INTERMISSION_HOME", home.toString());
        builder.environment().put("PORT", "0");
        Run run;
        if (value.equals("TAKEN")) {
            try (ServerSocket taken = new ServerSocket(0)) {
                builder.environment().put(variable, Integer.toString(taken.getLocalPort()));
                run = run(builder);
            }
        } else {
            builder.environment().put(variable, value);
            run = run(builder);
        }
        assertEquals(2, run.exit(), run.output());
        List<String> lines = run.output().lines().toList();
        assertEquals(1, lines.size(), "one line:\n" + run.output());
        assertTrue(lines.get(0).startsWith("error: " + variable + ": "), lines.get(0));
        assertFalse(Files.exists(home.resolve("data")), "a database was opened before the setting was checked");
    }

    /**
     * Under a steady load of POSTs, SIGTERM: the server stops accepting, finishes what it started, then exits. Every
     * order in the database was answered 201 to its client, and every 201 a client got is in the database.
     */
    @Test
    void sigtermUnderLoad_everyStoredOrderWasAcknowledged_andEveryAcknowledgedOrderIsStored() throws Exception {
        String url = Databases.newPostgresDatabase();
        ProcessBuilder builder = jar(BUILT_JAR, tmp);
        builder.environment().put("PORT", "0");
        builder.environment().put("INTERMISSION_HOME", dir("home").toString());
        builder.environment().put("INTERMISSION_JDBC_URL", url);
        builder.environment().put("INTERMISSION_JDBC_USER", "postgres");
        builder.environment().put("INTERMISSION_ADMIN_TOKEN", ExampleServerTest.TOKEN);
        builder.environment().put("INTERMISSION_SHUTDOWN_GRACE", "20s");
        Process server = builder.start();
        StringBuffer output = new StringBuffer();
        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        try {
            URI orders = awaitListening(server, output).resolve("/api/orders");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            ExampleServerTest.awaitTrue(() -> status(http, orders) == 200, "the API was never served");
            for (int t = 0; t < 8; t++) {
                int client = t;
                Thread thread = new Thread(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        String item = "load-" + client + "-" + n;
                        HttpRequest post = HttpRequest.newBuilder(orders).timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"" + item + "\"}")).build();
                        String outcome;
                        try {
                            HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());
                            outcome = Integer.toString(response.statusCode());
                            if (response.statusCode() == 201) {
                                Matcher id = ORDER_ID.matcher(response.body());
                                assertTrue(id.find(), response.body());
                                acknowledged.put(Long.parseLong(id.group(1)), item);
                            }
                        } catch (IOException e) {
                            outcome = e.getClass().getSimpleName();
                        } catch (InterruptedException e) {
                            return;
                        }
                        outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                        if (!server.isAlive() && !outcome.equals("201")) {
                            return;
                        }
                    }
                }, "load-" + t);
                thread.start();
                clients.add(thread);
            }
            ExampleServerTest.awaitTrue(() -> acknowledged.size() >= 300, "the load never got going: " + outcomes);

            // SIGTERM, as Process.destroy() sends it, but without closing our end of the server's output.
            assertTrue(server.toHandle().destroy());
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server did not stop");
            stop.set(true);
            for (Thread thread : clients) {
                thread.join(TimeUnit.SECONDS.toMillis(90));
            }
            assertEquals(143, server.exitValue(), "exit status after SIGTERM:\n" + output);
            drains.get(server).join(TimeUnit.SECONDS.toMillis(30));

            Map<Long, String> stored = new TreeMap<>();
            try (Connection c = DriverManager.getConnection(url, "postgres", null);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id, item FROM orders WHERE item LIKE 'load-%'")) {
                while (rs.next()) {
                    stored.put(rs.getLong(1), rs.getString(2));
                }
            }
            Map<Long, String> unacknowledged = new HashMap<>(stored);
            unacknowledged.keySet().removeAll(acknowledged.keySet());
            Map<Long, String> lost = new HashMap<>(acknowledged);
            lost.keySet().removeAll(stored.keySet());
            String story = "outcomes " + outcomes + "; stored " + stored.size() + ", acknowledged "
                    + acknowledged.size() + "\n" + tail(output);
            assertEquals(Map.of(), unacknowledged, "stored but acknowledged to nobody: " + story);
            assertEquals(Map.of(), lost, "acknowledged but not stored: " + story);
            assertEquals(Set.copyOf(acknowledged.values()), Set.copyOf(stored.values()));
            assertTrue(output.toString().contains("Stopping: no new connections; waiting up to 20s"), story);
            assertTrue(output.toString().contains("\nStopped"), story);
        } finally {
            stop.set(true);
            stop(server);
        }
    }

    private static String tail(StringBuffer output) {
        String text = output.toString();
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
    }

    private static int status(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Reads the server's output until it prints where it listens; the rest is collected in the background. */
    private static URI awaitListening(Process server, StringBuffer output) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("Listening on (http://\\S+)");
        CompletableFuture<URI> uri = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher m = listening.matcher(line);
                    if (m.find()) {
                        uri.complete(URI.create(m.group(1)));
                    }
                }
                uri.completeExceptionally(new IllegalStateException("the server exited before listening:\n"
                        + output));
            } catch (IOException e) {
                uri.completeExceptionally(e);
            }
        }, "server-output");
        drain.setDaemon(true);
        drain.start();
        drains.put(server, drain);
        return uri.get(60, TimeUnit.SECONDS);
    }
}
