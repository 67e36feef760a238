package dev.intermission.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.intermission.InvalidValueException;
import dev.intermission.Mode;

/** The text template: plain text (nothing escaped), durations for people, no partials, a clear error. */
class TextTemplateTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> context(Map<String, Object> payload) {
        return (Map<String, Object>) Texts.context(payload);
    }

    @Test
    void values_areWrittenAsTheyAre_notHtmlEscaped() {
        TextTemplate t = TextTemplate.compile("textTemplate", "{{message}} & {{mode}}");
        assertEquals("<b>\"Tom & Jerry\"</b> & read-only",
                t.render(context(Map.of("message", "<b>\"Tom & Jerry\"</b>", "mode", Mode.READ_ONLY))));
    }

    @Test
    void durations_readForPeople_andSectionLinesLeaveNoBlankLine() {
        TextTemplate t = TextTemplate.compile("textTemplate",
                "A\n{{#d}}\nTook {{d}}\n{{/d}}\n{{#none}}\nX\n{{/none}}\nB\n");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("d", Duration.ofMillis(12_340));
        m.put("none", null);
        assertEquals("A\nTook 12.3s\nB", t.render(context(m)));
        assertEquals("340ms", Texts.human(Duration.ofMillis(340)));
        assertEquals("1h2m3s", Texts.human(Duration.ofMillis(3_723_400)));
        assertEquals("5s", Texts.human(Duration.ofSeconds(5)));
    }

    @Test
    void listsAndNestedMaps_render() {
        TextTemplate t = TextTemplate.compile("textTemplate",
                "{{#report}}{{#items}}- {{v}}\n{{/items}}{{at}}{{/report}}");
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("items", List.of(Map.of("v", "1"), Map.of("v", "2")));
        report.put("at", Instant.parse("2030-01-01T00:00:00Z"));
        assertEquals("- 1\n- 2\n2030-01-01T00:00:00Z", t.render(context(Map.of("report", report))));
    }

    @Test
    void partials_areRefused_namingTheSetting() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> TextTemplate.compile("textTemplate", "{{> /etc/passwd}}"));
        assertEquals("textTemplate", e.field());
    }

    @Test
    void anUnclosedSection_isRefused_namingTheSetting() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> TextTemplate.compile("textTemplate", "{{#report}} no end"));
        assertEquals("textTemplate", e.field());
        assertTrue(e.problem().startsWith("is not a valid Mustache template"), e.problem());
    }

    @Test
    void theDefaultTemplate_compiles() {
        TextTemplate t = TextTemplate.compile("textTemplate", TextTemplate.defaultSource());
        assertTrue(t.source().contains("{{headline}}"));
    }
}
