package dev.intermission.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.admin.Http.Answer;
import dev.intermission.notify.Notifier;
import dev.intermission.notify.Webhook;
import dev.intermission.testing.Databases;

/**
 * {@code GET <base>/notifications} and {@code /notifications/{id}} over HTTP in a real Jetty, with a real notifier
 * delivering to a receiver that fails once: operators read every delivery and attempt; nobody else reads them;
 * without a notifier the routes do not exist.
 */
class NotificationsRouteJettyTest {

    private static final String TOKEN = "notify-token-0123456789";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private MaintenanceService service;
    private AdminJetty jetty;

    @BeforeEach
    void start() {
        service = Maintenance.newBuilder().dataSource(Databases.newH2()).refreshInterval(Duration.ofMillis(200))
                .build();
        jetty = AdminJetty.start(new MaintenanceAdminServlet(service,
                MaintenanceAdminConfig.newBuilder().token("ops", TOKEN).build()));
    }

    @AfterEach
    void stop() {
        jetty.close();
        service.close();
    }

    private Answer get(String path, String... headers) {
        return Http.send("GET", URI.create(jetty.base() + path), null, headers);
    }

    private Answer operator(String path) {
        return get(path, "Authorization", "Bearer " + TOKEN);
    }

    static Notifier notifier(MaintenanceService service, HookReceiver receiver) {
        return Notifier.newBuilder(service)
                .webhook(Webhook.newBuilder("team-chat").url(receiver.url()).secret("0123456789abcdef0123").build())
                .pollInterval(Duration.ofMillis(50))
                .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(50))
                .build();
    }

    /** The sample of docs/rest-api.md's section on notifications. */
    private static JsonNode documented() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path page = dir.resolve("docs/rest-api.md");
            if (Files.isRegularFile(page) && Files.isRegularFile(dir.resolve("docs/pom.xml"))) {
                String text = Files.readString(page);
                String section = text.substring(text.indexOf("\n## Notifications\n"));
                int start = section.indexOf("```json\n") + "```json\n".length();
                return new ObjectMapper().readTree(section.substring(start, section.indexOf("```", start)));
            }
        }
        throw new IllegalStateException("cannot find docs/rest-api.md above " + Path.of("").toAbsolutePath());
    }

    /** Every field's path, array items by index. */
    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        collect("$", node, names);
        return names;
    }

    private static void collect(String path, JsonNode node, Set<String> names) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                names.add(path + "." + name);
                collect(path + "." + name, node.get(name), names);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(path + "[" + i + "]", node.get(i), names);
            }
        }
    }

    @Test
    void withoutANotifier_theRoutesAnswer404_toOperators_and401ToOthers() {
        assertEquals(404, operator("/notifications").status());
        assertEquals(404, operator("/notifications/0b6a8f1e-7d6c-4c9a-9d0e-2f3a4b5c6d7e").status());
        assertEquals(401, get("/notifications").status());
    }

    @Test
    void operatorsReadEveryDeliveryAndAttempt_andNobodyElseDoes() throws Exception {
        try (HookReceiver receiver = new HookReceiver(1); Notifier notifier = notifier(service, receiver)) {
            service.enable(Mode.FULL, "Upgrading <db>", "alice");
            assertTrue(notifier.awaitIdle(PATIENCE), "delivered within " + PATIENCE);

            Answer list = operator("/notifications");
            assertEquals(200, list.status(), list.body());
            JsonNode n = list.json().path("notifications").get(0);
            assertEquals("default", list.json().path("service").asText());
            assertEquals("started", n.path("type").asText(), list.body());
            JsonNode delivery = n.path("deliveries").get(0);
            assertEquals("team-chat", delivery.path("webhook").asText());
            assertEquals("delivered", delivery.path("status").asText(), list.body());
            assertEquals(2, delivery.path("attemptCount").asInt());
            JsonNode attempts = delivery.path("attempts");
            assertEquals(2, attempts.size());
            assertEquals(500, attempts.get(0).path("statusCode").asInt());
            assertFalse(attempts.get(0).path("succeeded").asBoolean());
            assertEquals(204, attempts.get(1).path("statusCode").asInt());
            assertTrue(attempts.get(1).path("succeeded").asBoolean());
            assertFalse(n.has("body"), "the list leaves out what was sent");

            String id = n.path("id").asText();
            Answer one = operator("/notifications/" + id);
            assertEquals(200, one.status(), one.body());
            assertTrue(one.json().path("body").asText().contains("\"id\":\"" + id + "\""), one.body());
            assertEquals(2, one.json().path("deliveries").get(0).path("attempts").size());

            assertEquals(401, get("/notifications").status(), "the status is public, the notifications are not");
            assertEquals(401, get("/notifications/" + id).status());
            assertEquals(401, get("/notifications", "Authorization", "Bearer wrong-token-0123456789").status());
            Answer badId = operator("/notifications/not-an-id");
            assertEquals(400, badId.status(), badId.body());
            assertEquals("id", badId.json().path("field").asText());
            assertEquals(404, operator("/notifications/0b6a8f1e-7d6c-4c9a-9d0e-2f3a4b5c6d7e").status());
            Answer badLimit = operator("/notifications?limit=0");
            assertEquals(400, badLimit.status(), badLimit.body());
            assertEquals("limit", badLimit.json().path("field").asText());
            assertEquals(1, operator("/notifications?limit=1").json().path("notifications").size());
            assertEquals(names(documented()), names(list.json()), "docs/rest-api.md shows the fields sent");
        }
        assertEquals(404, operator("/notifications").status(), "gone with its notifier");
    }
}
