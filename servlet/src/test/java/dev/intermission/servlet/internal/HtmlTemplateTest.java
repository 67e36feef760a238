package dev.intermission.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intermission.InvalidValueException;

class HtmlTemplateTest {

    static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
    static final Instant END = Instant.parse("2030-01-01T10:20:00Z");

    private static HtmlTemplate.Facts facts(String message, Instant until, Instant now) {
        return new HtmlTemplate.Facts(message, "read-only", 42, until, now);
    }

    @Test
    void render_placeholders_replacedAndEscaped() {
        HtmlTemplate t = HtmlTemplate.compile("htmlTemplate", "<p>{{message}}</p><p>{{ until }}</p><i>{{mode}}</i>"
                + "<b>{{retryAfter}}</b><u>{{untilText}}</u><s>{{backIn}}</s>");
        assertEquals("<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>"
                        + "<p>2030-01-01T10:20:00Z</p><i>read-only</i><b>42</b><u>1 January 2030, 10:20 UTC</u>"
                        + "<s>in about 20 minutes</s>",
                t.render(facts("<script>alert(\"x\")</script> & 'y'", END, NOW)));
    }

    @Test
    void render_untilSection_keptOnlyWhileTheEndLiesAhead() {
        HtmlTemplate t = HtmlTemplate.compile("htmlTemplate", "a{{#until}}[back by {{until}}]{{/until}}b");
        assertEquals("a[back by 2030-01-01T10:20:00Z]b", t.render(facts("m", END, NOW)));
        assertEquals("ab", t.render(facts("m", null, NOW)));
        assertEquals("ab", t.render(facts("m", END, END)), "an end that has passed is not ahead");
    }

    @Test
    void render_overdueSection_keptOnlyOnceTheEndHasPassed() {
        HtmlTemplate t = HtmlTemplate.compile("htmlTemplate", "a{{#overdue}}[late since {{untilText}}]{{/overdue}}b");
        assertEquals("ab", t.render(facts("m", END, NOW)));
        assertEquals("ab", t.render(facts("m", null, NOW)));
        assertEquals("a[late since 1 January 2030, 10:20 UTC]b", t.render(facts("m", END, END.plusSeconds(1))));
    }

    @Test
    void render_defaultPage_saysWhenBackInWordsWithTheExactTimeInATimeElement() {
        HtmlTemplate t = HtmlTemplate.compile("htmlTemplate", HtmlTemplate.DEFAULT_TEXT);
        String page = t.render(facts("Back <soon>", END, NOW));
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.contains("<p>Back &lt;soon&gt;</p>"), page);
        assertTrue(page.contains("Back in about 20 minutes, by <time datetime=\"2030-01-01T10:20:00Z\">"
                + "1 January 2030, 10:20 UTC</time>."), page);
        assertFalse(page.contains("verdue"), page);
        String noEnd = t.render(facts("m", null, NOW));
        assertFalse(noEnd.contains("<time"), noEnd);
        assertFalse(noEnd.contains("Back in"), noEnd);
    }

    @Test
    void render_defaultPage_saysOverdueOnceTheEndHasPassed() {
        HtmlTemplate t = HtmlTemplate.compile("htmlTemplate", HtmlTemplate.DEFAULT_TEXT);
        String page = t.render(facts("m", END, END.plus(Duration.ofMinutes(5))));
        assertTrue(page.contains("Overdue: we expected to be back by <time datetime=\"2030-01-01T10:20:00Z\">"
                + "1 January 2030, 10:20 UTC</time>"), page);
        assertFalse(page.contains("Back in"), page);
    }

    @ParameterizedTest(name = "{0}s -> {1}")
    @CsvSource({"1,in less than a minute", "59,in less than a minute", "60,in about a minute",
            "89,in about a minute", "90,in about 2 minutes", "1200,in about 20 minutes", "1229,in about 20 minutes",
            "5399,in about 90 minutes", "5400,in about 2 hours", "10800,in about 3 hours",
            "129599,in about 36 hours", "129600,in about 2 days", "864000,in about 10 days"})
    void backIn_durations_inWordsPeopleRead(long seconds, String words) {
        assertEquals(words, HtmlTemplate.backIn(Duration.ofSeconds(seconds)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{nope}}", "{{message", "{{#until}}", "{{/until}}", "{{#until}}{{#until}}{{/until}}",
            "{{#until}}{{/overdue}}", "{{#overdue}}x", "{{#message}}", " ", ""})
    void compile_badTemplate_failsNamingTheOption(String template) {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> HtmlTemplate.compile("htmlTemplate", template));
        assertEquals("htmlTemplate", e.field());
        assertNull(e.value(), "the template is not echoed");
        assertFalse(e.problem().isBlank());
    }

    @Test
    void compile_tooLong_fails() {
        String big = "x".repeat(HtmlTemplate.MAX_LENGTH + 1);
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> HtmlTemplate.compile("htmlTemplate", big));
        assertTrue(e.problem().contains(String.valueOf(HtmlTemplate.MAX_LENGTH)), e.problem());
    }
}
