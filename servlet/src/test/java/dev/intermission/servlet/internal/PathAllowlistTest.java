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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PathAllowlist.compile("allowPaths", List.of(pattern)));
        assertTrue(e.getMessage().startsWith("allowPaths: '"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "service-context", "/service-context/", "/a/../b", "/a;b", "/a*"})
    void prefix_badBase_failsNamingTheOption(String base) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PathAllowlist.prefix("adminPath", base));
        assertTrue(e.getMessage().startsWith("adminPath: "), e.getMessage());
    }

    @Test
    void compile_everyPath_refusedBecauseItWouldSwitchMaintenanceOff() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PathAllowlist.compile("allowPaths", List.of("/**")));
        assertTrue(e.getMessage().contains("matches every path"), e.getMessage());
    }
}
