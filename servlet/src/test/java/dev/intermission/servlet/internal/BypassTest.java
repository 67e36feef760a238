package dev.intermission.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intermission.InvalidValueException;

class BypassTest {

    private static final String SECRET = "preview-secret-0123456789";
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Bypass BYPASS = new Bypass(SECRET, "/_intermission/bypass", "Intermission-Bypass",
            "intermission_bypass", Duration.ofHours(12));

    @Test
    void mint_value_isExpiryDotHmacOfTheExpiry() throws Exception {
        String value = BYPASS.mint(NOW);
        long expiry = NOW.plus(Duration.ofHours(12)).getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = expiry + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(("intermission-bypass." + expiry).getBytes(StandardCharsets.US_ASCII)));
        assertTrue(value.equals(expected), value + " vs " + expected);
    }

    @Test
    void verify_freshCookie_accepted() {
        assertTrue(BYPASS.verify(BYPASS.mint(NOW), NOW));
        assertTrue(BYPASS.verify(BYPASS.mint(NOW), NOW.plus(Duration.ofHours(11))));
    }

    @Test
    void verify_expiredCookie_refused() {
        String value = BYPASS.mint(NOW);
        assertFalse(BYPASS.verify(value, NOW.plus(Duration.ofHours(12))));
        assertFalse(BYPASS.verify(value, NOW.plus(Duration.ofDays(3))));
    }

    @Test
    void verify_cookieFromAnotherSecret_refused() {
        Bypass other = new Bypass("another-secret-0123456789", "/_intermission/bypass", "Intermission-Bypass",
                "intermission_bypass", Duration.ofHours(12));
        assertFalse(BYPASS.verify(other.mint(NOW), NOW));
    }

    @Test
    void verify_expiryMovedLaterWithTheSameSignature_refused() {
        String value = BYPASS.mint(NOW);
        String signature = value.substring(value.indexOf('.'));
        long expiry = Long.parseLong(value.substring(0, value.indexOf('.')));
        assertFalse(BYPASS.verify((expiry + 3600) + signature, NOW));
    }

    @Test
    void verify_signedExpiryBeyondTheLifetime_refused() {
        Bypass longLived = new Bypass(SECRET, "/_intermission/bypass", "Intermission-Bypass", "intermission_bypass",
                Duration.ofDays(30));
        assertFalse(BYPASS.verify(longLived.mint(NOW), NOW), "a cookie from a longer lifetime outlives its welcome");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "1.", ".abc", "abc", "1893456000", "1893456000.", "1893456000.AAAA",
            "-1893456000.AAAA", "18934560001234567.AAAA", "1893456000.!!!!", "1893456000.AAAA=",
            "1893456000.AAAA.AAAA", " 1893456000.AAAA"})
    void verify_garbage_refused(String value) {
        assertFalse(BYPASS.verify(value, NOW));
        assertFalse(BYPASS.verify(null, NOW));
    }

    @Test
    void verify_tamperedSignature_refused() {
        String value = BYPASS.mint(NOW);
        for (int i = value.indexOf('.') + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            String flipped = value.substring(0, i) + (c == 'A' ? 'B' : 'A') + value.substring(i + 1);
            assertFalse(BYPASS.verify(flipped, NOW), flipped);
        }
        assertFalse(BYPASS.verify(value.substring(0, value.length() - 1), NOW));
        assertFalse(BYPASS.verify(value + "A", NOW));
        assertFalse(BYPASS.verify("x".repeat(10_000), NOW));
    }

    @Test
    void matchesSecret_onlyTheExactSecret() {
        assertTrue(BYPASS.matchesSecret(SECRET));
        assertFalse(BYPASS.matchesSecret(SECRET.toUpperCase()));
        assertFalse(BYPASS.matchesSecret(SECRET + " "));
        assertFalse(BYPASS.matchesSecret(SECRET.substring(1)));
        assertFalse(BYPASS.matchesSecret(""));
        assertFalse(BYPASS.matchesSecret(null));
    }

    @Test
    void isVisitWithSecret_onlyTheBypassPathWithTheSecret() {
        assertTrue(BYPASS.isVisitWithSecret("/_intermission/bypass/" + SECRET));
        assertFalse(BYPASS.isVisitWithSecret("/_intermission/bypass/" + SECRET + "/"));
        assertFalse(BYPASS.isVisitWithSecret("/_intermission/bypass/x/" + SECRET));
        assertFalse(BYPASS.isVisitWithSecret("/other/" + SECRET));
        assertFalse(BYPASS.isVisitWithSecret("/_intermission/bypass"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "fifteen-chars-x", "sixteen chars xx", "sixteen/chars-xx", "sixteen%chars-xx",
            "sixteen;chars-xx", "sixteen\\chars-xx", "sixteen?chars-xx", "sixteen#chars-xx", "sixteen\u00e9chars-xx",
            "sixteen\tchars-xx"})
    void checkSecret_badSecret_failsWithoutEchoingIt(String secret) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Bypass.checkSecret(secret));
        assertEquals("bypassSecret", e.field());
        assertNull(e.value(), "the secret is never echoed");
        assertFalse(e.getMessage().contains(secret), e.getMessage());
    }

    @Test
    void checkSecret_sixteenVisibleCharacters_accepted() {
        Bypass.checkSecret("0123456789abcdef");
        Bypass.checkSecret("A+b=C~d.e_f-g!h*i(j)k[l]m");
    }
}
