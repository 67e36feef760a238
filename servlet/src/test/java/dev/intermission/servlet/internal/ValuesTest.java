package dev.intermission.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

    @ParameterizedTest
    @CsvSource({"PT12H,PT12H", "12h,PT12H", "12H,PT12H", "30m,PT30M", "90s,PT1M30S", "500ms,PT0.5S", "300,PT5M",
            "1d,PT24H", "P1D,PT24H", "' 5m ',PT5M"})
    void duration_text_parsed(String text, Duration expected) {
        assertEquals(expected, Values.duration("x", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "5 minutes", "-5m", "5w", "PT", "1.5h"})
    void duration_badText_failsNamingTheOption(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Values.duration("bypassCookieTtl", text));
        assertTrue(e.getMessage().startsWith("bypassCookieTtl: '"), e.getMessage());
    }

    @Test
    void list_commasAndWhitespace_split() {
        assertEquals(List.of("/a", "/b", "*.css"), Values.list(" /a,/b ,\n  *.css,, "));
        assertEquals(List.of(), Values.list(null));
        assertEquals(List.of(), Values.list("  "));
    }
}
