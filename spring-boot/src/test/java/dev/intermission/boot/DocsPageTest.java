package dev.intermission.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.intermission.boot.internal.InvalidPropertyFailureAnalyzer;
import dev.intermission.testing.Databases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** docs/spring-boot.md says what the starter does: its properties table and the failure it shows. */
class DocsPageTest {

    private static final Path PAGE = Path.of("..", "docs", "spring-boot.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z.\\-<>]+)` \\| (.+?) \\| .+\\|$",
            Pattern.MULTILINE);

    @Test
    void propertiesTable_listsEveryPropertyWithItsDefault_andNothingElse() throws Exception {
        Map<String, String> documented = new TreeMap<>();
        String page = Files.readString(PAGE);
        int start = page.indexOf("\n## Properties\n");
        Matcher m = ROW.matcher(page.substring(start, page.indexOf("\n## ", start + 1)));
        while (m.find()) {
            if (m.group(1).startsWith("intermission.") || m.group(1).startsWith("management.")) {
                documented.put(m.group(1).replace(".<name>", ""), m.group(2).strip());
            }
        }
        Map<String, String> generated = new TreeMap<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            for (JsonNode p : new ObjectMapper().readTree(in).get("properties")) {
                String name = p.get("name").asText();
                if (name.startsWith("intermission.") || name.equals("management.endpoint.maintenance.access")) {
                    generated.put(name, defaultText(p.get("defaultValue")));
                }
            }
        }
        assertEquals(generated.keySet(), documented.keySet());
        for (Map.Entry<String, String> e : generated.entrySet()) {
            assertEquals(e.getValue(), documented.get(e.getKey()), "default of " + e.getKey());
        }
    }

    @Test
    void failureShownOnThePage_isTheOneAStartUpGives() throws Exception {
        String page = Files.readString(PAGE);
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        IntermissionAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + Databases.newH2Url(),
                        "intermission.refresh-interval=1ms")
                .run(context -> {
                    var analysis = new InvalidPropertyFailureAnalyzer(null).analyze(context.getStartupFailure());
                    String first = analysis.getDescription().lines().findFirst().orElseThrow();
                    assertTrue(page.contains("\n" + first + "\n"), first);
                    assertTrue(page.contains("\n" + analysis.getAction() + "\n"), analysis.getAction());
                });
    }

    private static String defaultText(JsonNode value) {
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
            return "(none)";
        }
        if (value.isArray()) {
            StringBuilder b = new StringBuilder();
            value.forEach(v -> b.append(b.length() == 0 ? "" : ",").append(v.asText()));
            return "`" + b + "`";
        }
        return "`" + value.asText().replace('_', '-') + "`";
    }
}
