package dev.intermission.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HtmlTemplateTest {

    @Test
    void render_placeholders_replacedAndEscaped() {
        HtmlTemplate t = HtmlTemplate.compile("htmlTemplate",
                "<p>{{message}}</p><p>{{ until }}</p><i>{{mode}}</i><b>{{retryAfter}}</b>");
        assertEquals("<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>"
                        + "<p>2030-01-01T00:00:00Z</p><i>read-only</i><b>42</b>",
                t.render("<script>alert(\"x\")</script> & 'y'", "2030-01-01T00:00:00Z", "read-only", 42));
    }

    @Test
    void render_untilSection_keptOnlyWhenTheEndIsKnown() {
        HtmlTemplate t = HtmlTemplate.compile("htmlTemplate", "a{{#until}}[back by {{until}}]{{/until}}b");
        assertEquals("a[back by 2030-01-01T00:00:00Z]b", t.render("m", "2030-01-01T00:00:00Z", "full", 1));
        assertEquals("ab", t.render("m", null, "full", 1));
    }

    @Test
    void render_defaultPage_escapesTheMessageAndShowsTheEnd() {
        HtmlTemplate t = HtmlTemplate.compile("htmlTemplate", HtmlTemplate.DEFAULT_TEXT);
        String page = t.render("Back <soon>", "2030-01-01T00:00:00Z", "full", 60);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.contains("<p>Back &lt;soon&gt;</p>"), page);
        assertTrue(page.contains("datetime=\"2030-01-01T00:00:00Z\""), page);
        assertFalse(t.render("m", null, "full", 60).contains("Expected back"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{nope}}", "{{message", "{{#until}}", "{{/until}}", "{{#until}}{{#until}}{{/until}}",
            "{{#message}}", " ", ""})
    void compile_badTemplate_failsNamingTheOption(String template) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HtmlTemplate.compile("htmlTemplate", template));
        assertTrue(e.getMessage().startsWith("htmlTemplate: "), e.getMessage());
    }

    @Test
    void compile_tooLong_fails() {
        String big = "x".repeat(HtmlTemplate.MAX_LENGTH + 1);
        assertThrows(IllegalArgumentException.class, () -> HtmlTemplate.compile("htmlTemplate", big));
    }
}
