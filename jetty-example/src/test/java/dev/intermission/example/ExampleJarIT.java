package dev.intermission.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as a user runs it: {@code java -jar} with no arguments serves on the default H2 file under
 * {@code ./data}, and the same jar's CLI changes that database while the server runs.
 */
class ExampleJarIT {

    private static final Path JAR = Path.of("target/intermission-jetty-example.jar").toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path workDir;

    private ProcessBuilder jar(String... args) {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("INTERMISSION_") || k.equals("PORT"));
        return builder;
    }

    private record Run(int exit, String output) {
    }

    private Run cli(String... args) throws IOException, InterruptedException {
        Process process = jar(args).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the CLI did not exit");
        return new Run(process.exitValue(), output);
    }

    @Test
    void jarServesOnTheDefaultDatabase_andItsCliSwitchesTheRunningServer() throws Exception {
        assertTrue(Files.exists(JAR), "build the jar first: " + JAR);
        ProcessBuilder serverBuilder = jar();
        serverBuilder.environment().put("PORT", "0");
        Process server = serverBuilder.start();
        try {
            URI base = awaitListening(server);
            HttpClient http = HttpClient.newHttpClient();
            ExampleServerTest.awaitTrue(() -> status(http, base.resolve("/api/orders")) == 200,
                    "the server never served its API");
            assertTrue(Files.isDirectory(workDir.resolve("data")), "the default database lives under ./data");

            Run enable = cli("maintenance", "enable", "--message", "Upgrading", "--for", "30m", "--actor", "ops");
            assertEquals(0, enable.exit(), enable.output());
            ExampleServerTest.awaitTrue(() -> status(http, base.resolve("/api/orders")) == 503,
                    "the running server never saw the CLI's change");
            assertEquals(200, status(http, base.resolve("/health")));

            Run status = cli("maintenance", "status", "--json");
            assertEquals(0, status.exit(), status.output());
            assertTrue(status.output().contains("\"full\""), status.output());

            Run history = cli("maintenance", "history", "--limit", "5");
            assertEquals(0, history.exit(), history.output());
            assertTrue(history.output().contains("ops"), history.output());

            Run disable = cli("maintenance", "disable");
            assertEquals(0, disable.exit(), disable.output());
            ExampleServerTest.awaitTrue(() -> status(http, base.resolve("/api/orders")) == 200,
                    "the running server never reopened");

            Run dryRun = cli("migrate", "--dry-run");
            assertEquals(0, dryRun.exit(), dryRun.output());

            Run usage = cli("maintenance", "enable", "--for", "soon");
            assertEquals(2, usage.exit(), usage.output());
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
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

    /** Reads the server's output until it prints where it listens; the rest is drained in the background. */
    private static URI awaitListening(Process server) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("Listening on (http://\\S+)");
        CompletableFuture<URI> uri = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                StringBuilder seen = new StringBuilder();
                while ((line = reader.readLine()) != null) {
                    seen.append(line).append('\n');
                    Matcher m = listening.matcher(line);
                    if (m.find()) {
                        Thread drain = new Thread(() -> reader.lines().forEach(l -> { }));
                        drain.setDaemon(true);
                        drain.start();
                        return URI.create(m.group(1));
                    }
                }
                throw new IllegalStateException("the server exited before listening:\n" + seen);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return uri.get(60, TimeUnit.SECONDS);
    }
}
