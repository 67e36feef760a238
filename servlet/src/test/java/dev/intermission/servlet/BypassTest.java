package dev.intermission.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.servlet.testing.Container;
import dev.intermission.testing.Databases;
import dev.intermission.testing.ManualClock;

/** The bypass secret over real HTTP: the visit that sets the signed cookie, the cookie, and the header. */
class BypassTest {

    static final String SECRET = "preview-secret-0123456789";
    static final Instant START = Instant.parse("2030-01-01T10:00:00Z");

    private static FilterFixture fixture(Container container, ManualClock clock, String secret, boolean secure) {
        MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2()).timeSource(clock)
                .refreshInterval(Duration.ofHours(1)).build();
        MaintenanceFilterConfig config = MaintenanceFilterConfig.newBuilder().bypassSecret(secret).build();
        FilterFixture f = FilterFixture.inCode(container, "/shop", service, config, app -> {
            if (secure) {
                app.secure();
            }
        });
        service.enable(Mode.FULL, "closed", "test");
        return f;
    }

    /** Visits the bypass path and returns the cookie pair ({@code name=value}) it set. */
    private static String visit(FilterFixture f, String secret) {
        HttpResponse<String> r = f.get("/_intermission/bypass/" + secret);
        assertEquals(303, r.statusCode(), r.body());
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void visit_rightSecret_setsSignedCookieAndRedirectsToTheSite(Container container) {
        ManualClock clock = new ManualClock(START);
        try (FilterFixture f = fixture(container, clock, SECRET, false)) {
            HttpResponse<String> r = f.get("/_intermission/bypass/" + SECRET);
            assertEquals(303, r.statusCode());
            assertEquals("/shop/", r.headers().firstValue("Location").orElse(null));
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
            List<String> cookies = r.headers().allValues("Set-Cookie");
            assertEquals(1, cookies.size(), cookies.toString());
            String cookie = cookies.get(0);
            long expiry = START.plus(Duration.ofHours(12)).getEpochSecond();
            assertTrue(cookie.startsWith("intermission_bypass=" + expiry + "."), cookie);
            assertTrue(cookie.contains("; Max-Age=43200"), cookie);
            assertTrue(cookie.contains("; Path=/"), cookie);
            assertTrue(cookie.contains("; HttpOnly"), cookie);
            assertTrue(cookie.contains("; SameSite=Lax"), cookie);
            assertFalse(cookie.contains("Secure"), "plain HTTP: " + cookie);

            String pair = cookie.substring(0, cookie.indexOf(';'));
            assertEquals(503, f.send("POST", "/api/orders").statusCode());
            HttpResponse<String> with = f.send("POST", "/api/orders", "Cookie", pair);
            assertEquals(200, with.statusCode());
            assertTrue(with.body().startsWith("served-by:api POST"));
            assertEquals(200, f.get("/", "Cookie", "a=b; " + pair + "; c=d").statusCode());
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void visit_secureRequest_cookieMarkedSecure(Container container) {
        try (FilterFixture f = fixture(container, new ManualClock(START), SECRET, true)) {
            String cookie = f.get("/_intermission/bypass/" + SECRET).headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.endsWith("; Secure") || cookie.contains("; Secure;"), cookie);
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void visit_wrongSecret_getsTheOrdinaryRefusal(Container container) {
        try (FilterFixture f = fixture(container, new ManualClock(START), SECRET, false)) {
            HttpResponse<String> ordinary = f.get("/nothing-here/" + "x".repeat(SECRET.length()),
                    "Accept", "application/json");
            for (String wrong : new String[] {"x".repeat(SECRET.length()), SECRET.toUpperCase(),
                    SECRET.substring(0, SECRET.length() - 1), SECRET + "0", "short"}) {
                HttpResponse<String> r = f.get("/_intermission/bypass/" + wrong, "Accept", "application/json");
                assertEquals(503, r.statusCode(), wrong);
                assertTrue(r.headers().allValues("Set-Cookie").isEmpty(), wrong);
                assertEquals(ordinary.body(), r.body(), wrong);
                assertEquals(ordinary.headers().firstValue("Retry-After"), r.headers().firstValue("Retry-After"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void cookie_tamperedForgedOrForeign_refused(Container container) {
        ManualClock clock = new ManualClock(START);
        try (FilterFixture f = fixture(container, clock, SECRET, false);
                FilterFixture other = fixture(container, clock, "another-secret-0123456789", false)) {
            String pair = visit(f, SECRET);
            String value = pair.substring(pair.indexOf('=') + 1);
            String expiry = value.substring(0, value.indexOf('.'));
            String signature = value.substring(value.indexOf('.') + 1);
            char last = signature.charAt(signature.length() - 2);
            String flipped = signature.substring(0, signature.length() - 2) + (last == 'A' ? 'B' : 'A')
                    + signature.charAt(signature.length() - 1);
            String foreign = visit(other, "another-secret-0123456789");
            for (String cookie : new String[] {
                    "intermission_bypass=" + expiry + "." + flipped,
                    "intermission_bypass=" + (Long.parseLong(expiry) + 3600) + "." + signature,
                    "intermission_bypass=" + (Long.parseLong(expiry) - 3600) + "." + signature,
                    "intermission_bypass=" + expiry,
                    "intermission_bypass=" + expiry + ".",
                    "intermission_bypass=" + value.substring(0, value.length() - 1),
                    "intermission_bypass=" + SECRET,
                    "intermission_bypass=",
                    "intermission_bypass=" + "A".repeat(4000),
                    "other_cookie=" + value,
                    foreign}) {
                HttpResponse<String> r = f.send("POST", "/api/orders", "Cookie", cookie);
                assertEquals(503, r.statusCode(), cookie);
            }
            assertEquals(200, f.send("POST", "/api/orders", "Cookie", pair).statusCode(), "the real one still works");
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void cookie_expired_refused(Container container) {
        ManualClock clock = new ManualClock(START);
        try (FilterFixture f = fixture(container, clock, SECRET, false)) {
            String pair = visit(f, SECRET);
            clock.advance(Duration.ofHours(12).minusSeconds(1));
            assertEquals(200, f.send("POST", "/api/orders", "Cookie", pair).statusCode());
            clock.advance(Duration.ofSeconds(1));
            assertEquals(503, f.send("POST", "/api/orders", "Cookie", pair).statusCode());
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void header_secret_passesApiClients(Container container) {
        try (FilterFixture f = fixture(container, new ManualClock(START), SECRET, false)) {
            assertEquals(200, f.send("POST", "/api/orders", "Intermission-Bypass", SECRET).statusCode());
            assertEquals(503, f.send("POST", "/api/orders", "Intermission-Bypass", SECRET + "x").statusCode());
            assertEquals(503, f.send("POST", "/api/orders", "Intermission-Bypass", "").statusCode());
            assertEquals(503, f.send("POST", "/api/orders", "X-Intermission-Bypass", SECRET).statusCode());
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void bypass_byInitParams_customPathHeaderAndCookie(Container container) {
        Map<String, String> params = Map.of(
                MaintenanceFilterConfig.PARAM_JDBC_URL, Databases.newH2Url(),
                MaintenanceFilterConfig.PARAM_BYPASS_SECRET, SECRET,
                MaintenanceFilterConfig.PARAM_BYPASS_PATH, "/preview",
                MaintenanceFilterConfig.PARAM_BYPASS_HEADER, "X-Preview",
                MaintenanceFilterConfig.PARAM_BYPASS_COOKIE_NAME, "preview",
                MaintenanceFilterConfig.PARAM_BYPASS_COOKIE_TTL, "30m");
        try (FilterFixture f = FilterFixture.byInitParams(container, "", params, app -> { })) {
            f.service.enable(Mode.FULL, null, "test");
            assertEquals(503, f.get("/_intermission/bypass/" + SECRET).statusCode());
            HttpResponse<String> r = f.get("/preview/" + SECRET);
            assertEquals(303, r.statusCode());
            assertEquals("/", r.headers().firstValue("Location").orElse(null));
            String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.startsWith("preview="), cookie);
            assertTrue(cookie.contains("; Max-Age=1800"), cookie);
            assertEquals(200, f.send("PUT", "/api/x", "Cookie", cookie.substring(0, cookie.indexOf(';')))
                    .statusCode());
            assertEquals(200, f.send("PUT", "/api/x", "X-Preview", SECRET).statusCode());
            assertEquals(503, f.send("PUT", "/api/x", "Intermission-Bypass", SECRET).statusCode());
            assertNotNull(f.service);
        }
    }
}
