package dev.intermission.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intermission.InvalidValueException;

class InitParamsTest {

    static final Set<String> KNOWN = Set.of("intermission.admin.tokens", "intermission.admin.publicStatus",
            "intermission.allowPaths");

    @Test
    void list_commasAndWhitespace_split() {
        assertEquals(List.of("/a", "/b", "*.css"), InitParams.list(" /a,/b ,\n  *.css,, "));
        assertEquals(List.of(), InitParams.list(null));
        assertEquals(List.of(), InitParams.list("  "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"intermission.admin.token", "intermission.admin.publicstatus", "INTERMISSION.allowPaths",
            "Intermission.admin.tokens", "intermission.admn.tokens", "intermission.", "intermission.other"})
    void requireKnown_unknownOrWronglyCasedNameInTheNamespace_failsNamingIt(String name) {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> InitParams.requireKnown(List.of("intermission.allowPaths", name), KNOWN));
        assertEquals(name, e.field());
        assertTrue(e.problem().startsWith("unknown init-param"), e.problem());
        assertTrue(e.problem().contains("intermission.admin.tokens"), "lists the known names: " + e.problem());
    }

    @Test
    void requireKnown_nearMiss_suggestsTheKnownName() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> InitParams.requireKnown(List.of("intermission.admin.publicstatus"), KNOWN));
        assertTrue(e.problem().contains("did you mean intermission.admin.publicStatus?"), e.problem());
    }

    @Test
    void requireKnown_knownNamesAndOtherNamespaces_accepted() {
        InitParams.requireKnown(List.of("intermission.admin.tokens", "org.example.debug", "listings"), KNOWN);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"intermision.admin.tokens,intermission.admin.tokens",
            "intermisson.allowPaths,intermission.allowPaths",
            "admin.tokens,intermission.admin.tokens",
            "intermission_allowPaths,intermission.allowPaths",
            "allowpaths,intermission.allowPaths",
            "intermissions.admin.publicStatus,intermission.admin.publicStatus",
            "intermision.something.else,intermission.*"})
    void likelyTypos_prefixMistyped_foundWithTheNameItResembles(String typo, String known) {
        assertEquals(Map.of(typo, known), InitParams.likelyTypos(List.of(typo, "intermission.allowPaths"), KNOWN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"debug", "org.example.tokens.max", "listings", "readonly", "intermission.admin.tokens"})
    void likelyTypos_unrelatedOrKnownNames_notReported(String name) {
        assertEquals(Map.of(), InitParams.likelyTypos(List.of(name), KNOWN));
    }

    @Test
    void distance_editsCounted() {
        assertEquals(0, InitParams.distance("abc", "abc", 3));
        assertEquals(1, InitParams.distance("intermision", "intermission", 3));
        assertEquals(2, InitParams.distance("ab", "ba", 3));
        assertEquals(4, InitParams.distance("a", "abcdefgh", 3), "capped above the limit");
    }
}
