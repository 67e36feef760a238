package dev.intermission.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.intermission.MaintenanceService;
import dev.intermission.migration.MigrationContext;
import dev.intermission.migration.MigrationHook;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.testing.Databases;

/**
 * Keeps docs/notifications.md true: its set-up runs, and its samples (the body, the headers, the text) are what
 * the module sends, times, ids and durations masked on both sides.
 */
class NotificationDocsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?Z");
    private static final Pattern HUMAN_DURATION =
            Pattern.compile("\\b\\d+(\\.\\d+)?(ms|s)\\b|\\b(\\d+[hm])+(\\d+s)?\\b");
    private static final Pattern ISO_DURATION = Pattern.compile("^PT[0-9.HMS]+$");

    private Fixture fixture;
    private Receiver receiver;

    @BeforeEach
    void start() throws Exception {
        fixture = new Fixture(Databases.newH2());
        receiver = new Receiver();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        receiver.close();
    }

    static Path docs() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path page = dir.resolve("docs/notifications.md");
            if (Files.isRegularFile(page)) {
                return page;
            }
        }
        throw new IllegalStateException("cannot find docs/notifications.md");
    }

    /** The fenced block that follows a {@code <!-- sample: name -->} marker in the page. */
    static String sample(String name) throws IOException {
        String page = Files.readString(docs());
        Matcher m = Pattern.compile("<!-- sample: " + Pattern.quote(name) + " -->\\s*```[a-z]*\\n(.*?)```",
                Pattern.DOTALL).matcher(page);
        assertTrue(m.find(), "docs/notifications.md has no sample '" + name + "'");
        return m.group(1);
    }

    /** Masks what changes from run to run: ids, times, durations (named fields and inside text). */
    static JsonNode masked(JsonNode node, String field) {
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                copy.set(e.getKey(), masked(e.getValue(), e.getKey()));
            }
            return copy;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = JSON.createArrayNode();
            node.forEach(n -> copy.add(masked(n, field)));
            return copy;
        }
        if (node.isTextual()) {
            String text = node.asText();
            if (ISO_DURATION.matcher(text).matches() && (field.equals("duration") || field.equals("actualDuration"))) {
                return TextNode.valueOf("<duration>");
            }
            return TextNode.valueOf(maskedText(text));
        }
        return node;
    }

    static String maskedText(String text) {
        String t = UUID.matcher(text).replaceAll("<id>");
        t = INSTANT.matcher(t).replaceAll("<time>");
        return HUMAN_DURATION.matcher(t).replaceAll("<duration>");
    }

    /** Runs the window the samples show: two migrations, a backup, attributes; returns what the receiver got. */
    private List<Receiver.Request> runSampleWindow() {
        MaintenanceService maintenance = fixture.service();
        // An earlier window, before the notifier: the schema is at version 40 when the sample's window starts.
        MigrationWindow.newBuilder(maintenance, new TestMigrator(fixture.dataSource, "app_version")
                        .add("40", "CREATE TABLE customers (id INT)"))
                .actor("deploy")
                .propagationMargin(Duration.ofMillis(10))
                .build()
                .run();
        Notifier notifier = fixture.notifier(maintenance, receiver, "/hooks/intermission", b -> b
                .attribute("environment", "production")
                .attribute("contact", "#ops-oncall")
                .rollbackHint("Restore the backup with pg_restore --clean, then switch maintenance off."), w -> w);
        TestMigrator migrator = new TestMigrator(fixture.dataSource, "app_version")
                .add("40", "CREATE TABLE customers (id INT)")
                .add("41", "CREATE TABLE invoices (id INT)")
                .add("42", "ALTER TABLE invoices ADD COLUMN total INT");
        MigrationResult result = MigrationWindow.newBuilder(maintenance, migrator)
                .addHook(notifier.migrationHook())
                .addHook(new MigrationHook() {
                    @Override
                    public void beforeMigrate(MigrationContext context) {
                        notifier.recordBackup(context, Backup.newBuilder()
                                .location("s3://backups/billing/" + context.windowId() + ".dump")
                                .sizeBytes(48_213_504)
                                .checksum("sha256:9f2c41d0")
                                .verified(true)
                                .build());
                    }
                })
                .estimate(Duration.ofMinutes(5))
                .actor("deploy")
                .propagationMargin(Duration.ofMillis(10))
                .build()
                .run();
        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome());
        receiver.await(r -> Fixture.types(r).size() >= 4, WAIT, "the window's four events");
        assertTrue(notifier.awaitIdle(WAIT));
        assertEquals(List.of("started", "drained", "migrated", "ended"), Fixture.types(receiver.requests()));
        return receiver.requests();
    }

    @Test
    void sampleBody_textAndHeaders_areWhatTheModuleSends() throws IOException {
        List<Receiver.Request> got = runSampleWindow();
        Receiver.Request ended = got.get(got.size() - 1);
        Path out = Path.of("target", "docs-samples");
        Files.createDirectories(out);
        Files.writeString(out.resolve("ended.json"), JSON.writeValueAsString(JSON.readTree(ended.body())));
        String text = NotificationLog.of(fixture.service()).find(ended.eventId()).orElseThrow().text();
        Files.writeString(out.resolve("ended.txt"), text);

        assertEquals(JSON.writeValueAsString(masked(JSON.readTree(sample("ended body")), "")),
                JSON.writeValueAsString(masked(JSON.readTree(ended.body()), "")));
        assertEquals(maskedText(sample("ended text").strip()), maskedText(text));

        List<String> lines = sample("headers").lines().toList();
        assertEquals("POST /hooks/intermission HTTP/1.1", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String name = line.substring(0, line.indexOf(':'));
            String value = line.substring(line.indexOf(':') + 1).strip();
            String actual = ended.header(name);
            assertTrue(actual != null, "the module sends no " + name + " header");
            if (name.equals(Webhook.SIGNATURE_HEADER)) {
                assertTrue(value.matches("t=\\d{10},v1=[0-9a-f]{64}") && actual.matches("t=\\d{10},v1=[0-9a-f]{64}"),
                        value + " / " + actual);
            } else {
                assertEquals(maskedText(value), maskedText(actual), name);
            }
        }
    }

    @Test
    void defaultTemplate_isTheOneShown() throws IOException {
        assertEquals(Notifier.defaultTextTemplate(), sample("default template"));
    }

    @Test
    void dependency_isThisArtifact() throws IOException {
        String pom = Files.readString(docs().getParent().getParent().resolve("notify/pom.xml"));
        String dependency = sample("dependency");
        assertTrue(pom.contains("<artifactId>intermission-notify</artifactId>"));
        Matcher version = Pattern.compile("<version>([^<]+)</version>").matcher(pom);
        assertTrue(version.find());
        assertTrue(dependency.contains("<artifactId>intermission-notify</artifactId>"), dependency);
        assertTrue(dependency.contains("<version>" + version.group(1) + "</version>"), dependency);
    }

    @Test
    void shellSignature_isTheOneTheModuleComputes() throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(openssl), "openssl is not installed");
        String command = sample("shell").strip().replaceFirst("^\\$ ", "");
        String body = "{\"id\":\"x\",\"summary\":\"caf\u00e9 & <b>\"}";
        long t = 1796529821L;
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
        pb.environment().put("t", Long.toString(t));
        pb.environment().put("body", body);
        pb.environment().put("secret", Fixture.SECRET);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor());
        assertEquals(WebhookVerifier.signature(Fixture.SECRET, t, body.getBytes(StandardCharsets.UTF_8)),
                "t=" + t + ",v1=" + output);
    }

    // ---- the page's Java snippets, as they run

    /** Stands for the application's backup tool in the page's snippet. */
    private static final class Backups {
        private final Path dir;

        Backups(Path dir) {
            this.dir = dir;
        }

        Path dump(String windowId) throws IOException {
            return Files.writeString(dir.resolve(windowId + ".dump"), "a dump of the application's tables");
        }
    }

    @Test
    void setUpInCode_runsAsShown() throws Exception {
        MaintenanceService maintenance = fixture.service();
        String webhookSecret = Fixture.SECRET;
        String opsWebhookUrl = receiver.url("/ops");
        String slackWebhookUrl = receiver.url("/slack");
        Backups backups = new Backups(Files.createTempDirectory("backups"));
        TestMigrator migrator = new TestMigrator(fixture.dataSource, "app_version")
                .add("1", "CREATE TABLE orders (id INT)");

        Notifier notifier = Notifier.newBuilder(maintenance)
                .webhook(Webhook.newBuilder("ops")
                        .url(opsWebhookUrl)
                        .secret(webhookSecret)
                        .build())
                .webhook(Webhook.newBuilder("team-chat")
                        .url(slackWebhookUrl)
                        .format(Webhook.Format.CHAT)
                        .events(EventType.SCHEDULED, EventType.REMINDER, EventType.STARTED, EventType.FAILED,
                                EventType.ENDED)
                        .build())
                .remindBefore(Duration.ofDays(1), Duration.ofHours(1))
                .attribute("environment", "production")
                .attribute("contact", "#ops-oncall")
                .rollbackHint("Restore the backup with pg_restore --clean, then switch maintenance off.")
                .build();
        try (notifier) {
            MigrationWindow window = MigrationWindow.newBuilder(maintenance, migrator)
                    .addHook(notifier.migrationHook())
                    .addHook(new MigrationHook() {
                        @Override
                        public void beforeMigrate(MigrationContext context) throws Exception {
                            Path dump = backups.dump(context.windowId());
                            notifier.recordBackup(context, Backup.newBuilder()
                                    .location(dump.toString())
                                    .sizeBytes(Files.size(dump))
                                    .verified(true)
                                    .build());
                        }
                    })
                    .estimate(Duration.ofMinutes(5))
                    .actor("deploy")
                    .build();
            assertEquals(MigrationOutcome.SUCCEEDED, window.run().outcome());

            receiver.await(r -> r.size() >= 6, WAIT, "four events as JSON and two as text");
            assertTrue(notifier.awaitIdle(WAIT));
            assertEquals(List.of("started", "drained", "migrated", "ended"), Fixture.types(receiver.requests("/ops")));
            List<Receiver.Request> chat = receiver.requests("/slack");
            assertEquals(List.of("started", "ended"), Fixture.types(chat));
            String text = Fixture.json(chat.get(1)).get("text").asText();
            assertTrue(text.startsWith("[ENDED] Schema migration of billing succeeded"), text);
            assertTrue(text.contains("Contact: #ops-oncall"), text);
            assertEquals(null, chat.get(0).header(Webhook.SIGNATURE_HEADER), "the chat webhook has no secret");
            JsonNode backup = Fixture.json(receiver.requests("/ops").get(3)).get("report").get("backup");
            assertTrue(backup.get("location").asText().endsWith(".dump"), backup.toString());

            for (Notification n : NotificationLog.of(maintenance).recent(20)) {
                System.out.println(n.occurredAt() + " " + n.type().externalName() + ": " + n.summary());
                for (Delivery d : n.deliveries()) {
                    System.out.println("  " + d.webhook() + " " + d.status() + ", " + d.attemptCount()
                            + " attempt(s)" + (d.lastError() == null ? "" : ", last error: " + d.lastError()));
                }
            }
            assertEquals(4, NotificationLog.of(maintenance).recent(20).size());
        }
    }

    @Test
    void receiverSnippet_acceptsTheModulesRequests_andRefusesOthers() throws Exception {
        String webhookSecret = Fixture.SECRET;
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<byte[]> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 10);
        new ReceiverExample(handled::add).install(server, webhookSecret, seen);
        server.start();
        try {
            MaintenanceService maintenance = fixture.service();
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/intermission";
            try (Notifier notifier = Notifier.newBuilder(maintenance)
                    .webhook(Webhook.newBuilder("ops").url(url).secret(webhookSecret).build())
                    .pollInterval(Duration.ofMillis(50))
                    .build()) {
                maintenance.enable(dev.intermission.Mode.FULL, "Verified on the other side", "alice");
                assertTrue(notifier.awaitIdle(WAIT));
                assertEquals(DeliveryStatus.DELIVERED, notifier.log().recent(1).get(0).deliveries().get(0).status());
            }
            assertEquals(1, handled.size());
            java.net.http.HttpResponse<Void> forged = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                            .header(Webhook.SIGNATURE_HEADER, "t=" + java.time.Instant.now().getEpochSecond()
                                    + ",v1=" + "0".repeat(64))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertEquals(400, forged.statusCode());
            assertEquals(1, handled.size());
        } finally {
            server.stop(0);
        }
    }
}
