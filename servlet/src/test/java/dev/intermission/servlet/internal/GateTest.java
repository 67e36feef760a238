package dev.intermission.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.intermission.Mode;

class GateTest {

    private static final String SECRET = "gate-secret-0123456789";
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Bypass BYPASS = new Bypass(SECRET, "/_intermission/bypass", "Intermission-Bypass",
            "intermission_bypass", Duration.ofHours(12));
    private static final Gate GATE = new Gate(
            PathAllowlist.compile("allowPaths", List.of("/health", "/static/**", "*.css")),
            PathAllowlist.prefix("adminPath", "/service-context"),
            CidrSet.parse("allowIps", List.of("10.0.0.0/8")),
            CidrSet.parse("trustedProxies", List.of("192.0.2.1")),
            Set.of("GET", "HEAD", "OPTIONS"), BYPASS);

    private static Verdict decide(Requests r, Mode mode) {
        return GATE.decide(r, mode, InstantSource.fixed(NOW));
    }

    @ParameterizedTest(name = "{0} {1} in {2} -> {3}")
    @CsvSource({
            "GET,/api/x,OFF,PASS_OFF",
            "POST,/api/x,OFF,PASS_OFF",
            "GET,/api/x,FULL,REFUSE",
            "GET,/health,FULL,PASS_ALLOWED_PATH",
            "POST,/health,FULL,PASS_ALLOWED_PATH",
            "GET,/static/a.js,FULL,PASS_ALLOWED_PATH",
            "GET,/site.css,FULL,PASS_ALLOWED_PATH",
            "GET,/service-context,FULL,PASS_ADMIN_PATH",
            "POST,/service-context/enable,FULL,PASS_ADMIN_PATH",
            "GET,/api/x,READ_ONLY,PASS_SAFE_METHOD",
            "HEAD,/api/x,READ_ONLY,PASS_SAFE_METHOD",
            "OPTIONS,/api/x,READ_ONLY,PASS_SAFE_METHOD",
            "get,/api/x,READ_ONLY,REFUSE",
            "POST,/api/x,READ_ONLY,REFUSE",
            "PUT,/api/x,READ_ONLY,REFUSE",
            "DELETE,/api/x,READ_ONLY,REFUSE",
            "PATCH,/api/x,READ_ONLY,REFUSE",
            "POST,/health,READ_ONLY,PASS_ALLOWED_PATH",
            "GET,/static/../api/x,FULL,REFUSE",
            "GET,/static/..;/api/x,FULL,REFUSE",
            "GET,/static//x,FULL,REFUSE",
            "GET,/service-context/../api,FULL,REFUSE",
            "GET,'',FULL,REFUSE",
            "GET,,FULL,REFUSE",
    })
    void decide_pathMethodAndMode_verdict(String method, String path, Mode mode, Verdict expected) {
        assertEquals(expected, decide(Requests.of(method, path), mode));
    }

    @Test
    void decide_emptyPath_judgedAsTheRoot() {
        Gate rootAllowed = new Gate(PathAllowlist.compile("allowPaths", List.of("/")), PathAllowlist.EMPTY,
                CidrSet.EMPTY, CidrSet.EMPTY, Set.of(), null);
        assertEquals(Verdict.PASS_ALLOWED_PATH, rootAllowed.decide(Requests.of("GET", ""), Mode.FULL,
                InstantSource.fixed(NOW)));
    }

    @Test
    void decide_allowListedClient_passesEvenForWrites() {
        assertEquals(Verdict.PASS_ALLOWED_IP, decide(Requests.of("POST", "/api/x").from("10.1.2.3"), Mode.FULL));
        assertEquals(Verdict.PASS_ALLOWED_IP, decide(Requests.of("POST", "/api/x").from("192.0.2.1")
                .header("X-Forwarded-For", "10.1.2.3"), Mode.FULL));
        assertEquals(Verdict.REFUSE, decide(Requests.of("POST", "/api/x").from("198.51.100.1")
                .header("X-Forwarded-For", "10.1.2.3"), Mode.FULL));
    }

    @Test
    void decide_bypassHeader_onlyTheSecretPasses() {
        assertEquals(Verdict.PASS_BYPASS_HEADER,
                decide(Requests.of("POST", "/api/x").header("Intermission-Bypass", SECRET), Mode.FULL));
        assertEquals(Verdict.PASS_BYPASS_HEADER,
                decide(Requests.of("POST", "/api/x").header("Intermission-Bypass", "  " + SECRET + " "), Mode.FULL));
        assertEquals(Verdict.REFUSE,
                decide(Requests.of("POST", "/api/x").header("Intermission-Bypass", SECRET + "x"), Mode.FULL));
        assertEquals(Verdict.REFUSE,
                decide(Requests.of("POST", "/api/x").header("X-Other", SECRET), Mode.FULL));
    }

    @Test
    void decide_bypassCookie_validOnlyWhenSignedAndFresh() {
        String value = BYPASS.mint(NOW);
        assertEquals(Verdict.PASS_BYPASS_COOKIE,
                decide(Requests.of("POST", "/api/x").header("Cookie", "a=b; intermission_bypass=" + value + "; c=d"),
                        Mode.FULL));
        assertEquals(Verdict.PASS_BYPASS_COOKIE,
                decide(Requests.of("POST", "/api/x").header("Cookie", "intermission_bypass=\"" + value + "\""),
                        Mode.FULL));
        assertEquals(Verdict.PASS_BYPASS_COOKIE,
                decide(Requests.of("POST", "/api/x").header("Cookie", "intermission_bypass=forged")
                        .header("Cookie", "intermission_bypass=" + value), Mode.FULL));
        assertEquals(Verdict.REFUSE,
                decide(Requests.of("POST", "/api/x").header("Cookie", "other_bypass=" + value), Mode.FULL));
        assertEquals(Verdict.REFUSE,
                decide(Requests.of("POST", "/api/x").header("Cookie", "intermission_bypass=" + value + "x"),
                        Mode.FULL));
        Verdict later = GATE.decide(Requests.of("POST", "/api/x").header("Cookie", "intermission_bypass=" + value),
                Mode.FULL, InstantSource.fixed(NOW.plus(Duration.ofHours(13))));
        assertEquals(Verdict.REFUSE, later);
    }

    @Test
    void decide_bypassVisit_rightSecretInEveryModeWrongSecretOrdinary() {
        for (Mode mode : Mode.values()) {
            assertEquals(Verdict.BYPASS_VISIT, decide(Requests.of("GET", "/_intermission/bypass/" + SECRET), mode));
        }
        assertEquals(Verdict.REFUSE, decide(Requests.of("GET", "/_intermission/bypass/wrong-0123456789xx"),
                Mode.FULL));
        assertEquals(Verdict.PASS_OFF, decide(Requests.of("GET", "/_intermission/bypass/wrong-0123456789xx"),
                Mode.OFF));
        assertEquals(Verdict.PASS_SAFE_METHOD, decide(Requests.of("GET", "/_intermission/bypass/wrong-0123456789"),
                Mode.READ_ONLY));
    }

    @Test
    void decide_modeOff_readsNoHeaderAndNoClock() {
        AtomicInteger reads = new AtomicInteger();
        RequestFacts counting = new RequestFacts() {
            @Override
            public String path() {
                return "/api/x";
            }

            @Override
            public String method() {
                return "POST";
            }

            @Override
            public String peerAddress() {
                reads.incrementAndGet();
                return "198.51.100.1";
            }

            @Override
            public java.util.Enumeration<String> headers(String name) {
                reads.incrementAndGet();
                return java.util.Collections.emptyEnumeration();
            }
        };
        InstantSource clock = () -> {
            reads.incrementAndGet();
            return NOW;
        };
        assertEquals(Verdict.PASS_OFF, GATE.decide(counting, Mode.OFF, clock));
        assertEquals(0, reads.get());
    }

    @Test
    void verdict_passes_onlyForPassVerdicts() {
        for (Verdict v : Verdict.values()) {
            assertEquals(v.name().startsWith("PASS_"), v.passes(), v.name());
        }
        assertTrue(Verdict.PASS_OFF.passes());
        assertFalse(Verdict.REFUSE.passes());
    }
}
