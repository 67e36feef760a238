package dev.intermission.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;
import dev.intermission.admin.internal.Assets;
import dev.intermission.servlet.internal.HtmlTemplate;
import dev.intermission.testing.Databases;

/**
 * Keeps {@code docs/console.md} true: its {@code status.json} sample is what a real server answers after the steps
 * it describes (times masked), and the headers, the banner line, the template section and the Java snippet it shows
 * are the ones the library serves, the browser tests use and the compiler accepts.
 */
class ConsoleDocTest {

    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");

    private static Path page() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path page = dir.resolve("docs/console.md");
            if (Files.isRegularFile(page) && Files.isRegularFile(dir.resolve("docs/pom.xml"))) {
                return page;
            }
        }
        throw new IllegalStateException("cannot find docs/console.md above " + Path.of("").toAbsolutePath());
    }

    /** The page's code blocks of one language, in order. */
    private static List<String> blocks(String language) throws IOException {
        List<String> found = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(page()));
        while (m.find()) {
            if (m.group(1).equals(language)) {
                found.add(m.group(2));
            }
        }
        return found;
    }

    @Test
    void statusJsonSample_isWhatTheServerAnswersAfterTheStepsShown() throws IOException {
        String block = blocks("console").stream().filter(b -> b.contains("status.json")).findFirst().orElseThrow();
        assertTrue(block.startsWith("$ curl -s $URL/service-context/status.json\n"), block);
        JsonNode shown = new ObjectMapper().readTree(block.substring(block.indexOf('\n') + 1));

        try (MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2()).build();
             AdminJetty jetty = AdminJetty.start(new MaintenanceAdminServlet(service,
                     MaintenanceAdminConfig.newBuilder().token("ops", "doc-token-0123456789").build()))) {
            service.apply(MaintenanceChange.enable(Mode.READ_ONLY).message("Moving the database").actor("ops")
                    .build());
            service.apply(MaintenanceChange.disable().actor("ops").build());
            Instant start = Instant.now().plus(Duration.ofDays(1));
            service.apply(MaintenanceChange.schedule(new ScheduledWindow(start, start.plus(Duration.ofHours(2)),
                    Mode.FULL, "Planned database upgrade")).actor("ops").build());

            JsonNode served = Http.send("GET", URI.create(jetty.base() + "/status.json"), null).json();
            JsonNode masked = mask(served);
            assertEquals(shown, masked, "docs/console.md shows:\n" + shown.toPrettyString() + "\nthe server sends:\n"
                    + masked.toPrettyString());
            assertEquals(List.copyOf(names(shown)), List.copyOf(names(masked)), "the members in the same order");
        }
    }

    /** Times become {@code <time>}, and the times inside ids {@code <start>}, {@code <end>} and {@code <since>}. */
    private static JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = object.objectNode();
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                if (e.getKey().equals("id") && e.getValue().isTextual()) {
                    copy.put("id", e.getValue().asText().replaceAll("^window-\\d+-\\d+$", "window-<start>-<end>")
                            .replaceAll("^manual-\\d+$", "manual-<since>"));
                } else {
                    copy.set(e.getKey(), mask(e.getValue()));
                }
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = array.arrayNode();
            array.forEach(item -> copy.add(mask(item)));
            return copy;
        }
        if (node.isTextual() && INSTANT.matcher(node.asText()).matches()) {
            return TextNode.valueOf("<time>");
        }
        return node;
    }

    /** Every member's path, in document order. */
    private static LinkedHashSet<String> names(JsonNode node) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        collect("$", node, names);
        return names;
    }

    private static void collect(String path, JsonNode node, LinkedHashSet<String> names) {
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
    void headersShown_areTheOnesTheConsoleIsServedWith() throws IOException {
        String headers = blocks("text").stream().filter(b -> b.contains("Content-Security-Policy")).findFirst()
                .orElseThrow();
        assertEquals("Content-Security-Policy: " + Assets.CONSOLE_POLICY + "\nX-Frame-Options: DENY\n"
                + "Referrer-Policy: no-referrer\n", headers);
    }

    @Test
    void bannerLineShown_isTheOneTheBrowserTestsInclude() throws IOException {
        assertTrue(blocks("html").contains(ConsoleServer.BANNER_TAG + "\n"), blocks("html").toString());
    }

    @Test
    void templateSectionShown_isTheBuiltInPagesAndRendersTheScript() throws IOException {
        String section = blocks("html").stream().filter(b -> b.contains("{{#reload}}")).findFirst().orElseThrow()
                .strip();
        String scriptLine = section.substring("{{#reload}}".length());
        assertTrue(HtmlTemplate.DEFAULT_TEXT.contains(scriptLine), "the built-in page loads it the same way");
        HtmlTemplate template = HtmlTemplate.compile("htmlTemplate", section);
        Instant now = Instant.parse("2030-01-01T10:00:00Z");
        assertEquals("<script src=\"/service-context/reload.js\" data-mode=\"full\" "
                + "data-until=\"2030-01-01T10:20:00Z\" defer></script>", template.render(new HtmlTemplate.Facts(
                "m", "full", 1200, now.plusSeconds(1200), now, "/service-context/reload.js")));
        assertEquals("", template.render(new HtmlTemplate.Facts("m", "full", 1200, null, now)));
    }

    @Test
    void tokensSnippet_buildsAConfigurationWithTwoNamedTokens() {
        String opsToken = "ops-token-0123456789abcdef";
        String deployToken = "deploy-token-0123456789abcdef";
        MaintenanceAdminConfig config = MaintenanceAdminConfig.newBuilder()
                .token("ops", opsToken)
                .token("deploy", deployToken)
                .build();
        assertEquals(List.of("ops", "deploy"), List.copyOf(config.tokenNames()));
    }
}
