package dev.intermission.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intermission.InvalidValueException;

class PathAllowlistTest {

    private static final PathAllowlist LIST = PathAllowlist.compile("allowPaths",
            List.of("/health", " /static/* ", "/assets/**", "*.css", "/", "/docs/"));

    @ParameterizedTest
    @CsvSource({
            "/health,true", "/health/,false", "/healthz,false", "/health/x,false", "/HEALTH,false",
            "/static,true", "/static/,true", "/static/a/b.js,true", "/staticx,false", "/Static/a,false",
            "/assets,true", "/assets/x,true", "/assetsx,false",
            "/a/b.css,true", "/b.css,true", "/b.CSS,false", "/b.css/,false", "/b.css.map,false", "/bcss,false",
            "/,true", "/docs/,true", "/docs,false", "/other,false",
    })
    void matches_path_literalAndCaseSensitive(String path, boolean expected) {
        assertEquals(expected, LIST.matches(path), path);
    }

    @Test
    void prefix_adminPath_matchesItselfAndBelow() {
        PathAllowlist admin = PathAllowlist.prefix("adminPath", "/service-context");
        assertTrue(admin.matches("/service-context"));
        assertTrue(admin.matches("/service-context/history"));
        assertFalse(admin.matches("/service-contextx"));
        assertFalse(admin.matches("/service"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"health", "/*", "/**", "*", "**", "*.", "*.c/ss", "*.c*", "/st*tic", "/static/*/x",
            "/static/../x", "/static/./x", "//x", "/static//*", "/a;b", "/a%2fb", "/a\\b", "/a?b", "/a#b", "/a b",
            "/static/x/**/y", ""})
    void compile_badPattern_failsNamingTheOption(String pattern) {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> PathAllowlist.compile("allowPaths", List.of(pattern)));
        assertEquals("allowPaths", e.field());
        assertEquals(pattern, e.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "service-context", "/service-context/", "/a/../b", "/a;b", "/a*"})
    void prefix_badBase_failsNamingTheOption(String base) {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> PathAllowlist.prefix("adminPath", base));
        assertEquals("adminPath", e.field());
    }

    @Test
    void compile_everyPath_refusedBecauseItWouldSwitchMaintenanceOff() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> PathAllowlist.compile("allowPaths", List.of("/**")));
        assertTrue(e.problem().contains("matches every path"), e.problem());
    }
}
