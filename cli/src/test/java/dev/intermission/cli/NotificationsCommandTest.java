package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.cli.CliRunner.Result;
import dev.intermission.internal.Json;
import dev.intermission.notify.Notifier;
import dev.intermission.notify.Webhook;
import dev.intermission.notify.internal.NotificationJson;
import dev.intermission.testing.Databases;

/**
 * {@code notifications}: every delivery and attempt of a service's notifications, read straight from the database
 * after a real notifier delivered to a receiver that failed once; on H2 and PostgreSQL.
 */
class NotificationsCommandTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private record Db(String url, String user) {
    }

    private static Db database(String kind) {
        return kind.equals("h2") ? new Db(Databases.newH2Url(), "sa")
                : new Db(Databases.newPostgresDatabase(), "postgres");
    }

    private static Result cli(Db db, String... args) {
        List<String> all = new ArrayList<>(List.of("--jdbc-url", db.url(), "--user", db.user(), "--service", "shop"));
        all.addAll(List.of(args));
        return CliRunner.run(all.toArray(String[]::new));
    }

    /** Starts a receiver that answers 500 to the first post and 204 to the rest. */
    private static HttpServer receiver(AtomicInteger posts) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.sendResponseHeaders(posts.incrementAndGet() == 1 ? 500 : 204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> i = node.fieldNames(); i.hasNext(); ) {
            names.add(i.next());
        }
        return names;
    }

    /** The output docs/notifications.md shows for {@code intermission notifications}, without the command line. */
    private static List<String> documented() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path page = dir.resolve("docs/notifications.md");
            if (Files.isRegularFile(page) && Files.isRegularFile(dir.resolve("docs/pom.xml"))) {
                String text = Files.readString(page);
                int start = text.indexOf("$ intermission --service shop notifications\n");
                String block = text.substring(text.indexOf('\n', start) + 1, text.indexOf("```", start));
                return block.lines().toList();
            }
        }
        throw new IllegalStateException("cannot find docs/notifications.md above " + Path.of("").toAbsolutePath());
    }

    /** Times, ids, instances and durations, which differ from run to run, as placeholders. */
    private static List<String> masked(List<String> lines) {
        return lines.stream()
                .map(l -> l.replaceAll("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z", "<time>")
                        .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
                        .replaceAll("\\S+@\\S+#[0-9a-f]+", "<instance>")
                        .replaceAll("\\b\\d+(\\.\\d+)?m?s\\b", "<duration>"))
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void notifications_showEachDeliveryAndEveryAttempt_asTextAndJson(String kind) throws Exception {
        Db db = database(kind);
        AtomicInteger posts = new AtomicInteger();
        HttpServer server = receiver(posts);
        String id;
        String adminShape;
        try (MaintenanceService service = Maintenance.newBuilder().jdbcUrl(db.url(), db.user(), null)
                .serviceName("shop").build();
                Notifier notifier = Notifier.newBuilder(service)
                        .webhook(Webhook.newBuilder("team-chat")
                                .url("http://127.0.0.1:" + server.getAddress().getPort() + "/hook")
                                .secret("0123456789abcdef0123").build())
                        .pollInterval(Duration.ofMillis(50))
                        .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(50)).build()) {
            service.enable(Mode.FULL, "Upgrading the database", "alice");
            assertTrue(notifier.awaitIdle(PATIENCE), "delivered within " + PATIENCE);
            id = notifier.log().recent(1).get(0).id();
            adminShape = Json.write(NotificationJson.of(notifier.log().recent(1).get(0)));
        } finally {
            server.stop(0);
        }
        assertEquals(2, posts.get());

        Result text = cli(db, "notifications");
        assertEquals(0, text.exit(), text.toString());
        List<String> lines = text.out().lines().toList();
        assertEquals("database: " + db.url() + " as " + db.user(), lines.get(0), text.out());
        assertEquals("service:  shop", lines.get(1));
        assertTrue(lines.get(3).contains("  started  "), text.out());
        assertTrue(lines.get(4).startsWith("  id " + id + ", recorded by "), text.out());
        assertEquals("  team-chat: delivered, 2 attempts", lines.get(5).replaceAll(", delivered \\S+$", ""),
                text.out());
        assertTrue(lines.get(6).startsWith("    #1  ") && lines.get(6).contains("  HTTP 500  "), text.out());
        assertTrue(lines.get(7).startsWith("    #2  ") && lines.get(7).contains("  HTTP 204  "), text.out());
        assertEquals("", text.err());
        assertEquals(masked(documented().subList(1, 8)), masked(lines.subList(1, 8)),
                "docs/notifications.md shows what the command prints");

        Result json = cli(db, "notifications", "--json");
        assertEquals(0, json.exit(), json.toString());
        assertEquals(1, json.out().lines().count(), json.out());
        JsonNode body = json.json();
        assertEquals(List.of("database", "service", "notifications"), names(body));
        JsonNode first = body.path("notifications").get(0);
        assertEquals(names(new ObjectMapper().readTree(adminShape)), names(first), "the admin endpoint's shape");
        assertEquals(id, first.path("id").asText());
        assertEquals(2, first.path("deliveries").get(0).path("attempts").size());
        assertEquals(500, first.path("deliveries").get(0).path("attempts").get(0).path("statusCode").asInt());

        Result one = cli(db, "notifications", id);
        assertEquals(0, one.exit(), one.toString());
        assertTrue(one.out().contains("\ntext sent to chat webhooks:\n"), one.out());
        assertTrue(one.out().contains("Upgrading the database"), one.out());
        Result oneJson = cli(db, "notifications", id, "--json");
        assertTrue(oneJson.json().path("body").asText().contains(id), oneJson.toString());

        Result limited = cli(db, "notifications", "--limit", "1", "--json");
        assertEquals(1, limited.json().path("notifications").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void notifications_noneRecorded_orBadInput_saySo(String kind) {
        Db db = database(kind);
        CliRunner.createTables(db.url(), db.user());
        Result none = cli(db, "notifications");
        assertEquals(0, none.exit(), none.toString());
        assertTrue(none.out().contains("no notifications recorded for 'shop'"), none.out());
        assertEquals(0, cli(db, "notifications", "--json").json().path("notifications").size());

        CliRunner.assertUsageError(cli(db, "notifications", "not-an-id"), "ID", "not a notification id");
        CliRunner.assertUsageError(cli(db, "notifications", "--limit", "0"), "--limit");
        CliRunner.assertFailure(cli(db, "notifications", "0b6a8f1e-7d6c-4c9a-9d0e-2f3a4b5c6d7e"),
                "no notification 0b6a8f1e-7d6c-4c9a-9d0e-2f3a4b5c6d7e of 'shop'");
    }
}
