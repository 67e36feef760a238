package dev.intermission.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.servlet.testing.Container;
import dev.intermission.servlet.testing.EchoServlet;
import dev.intermission.servlet.testing.RawHttp;
import dev.intermission.testing.Databases;

/**
 * The path corpus: request targets that dress a path up as an allow-listed one, sent byte for byte over real
 * HTTP to Jetty 12 and Tomcat 10.1, each with the filter configured in code and by init-params, and each with the
 * container's default URI checks and with them relaxed as far as the container allows. Maintenance is FULL
 * throughout.
 *
 * <p>The oracle is independent of the filter: every 200 must come from an echo servlet that served a plain
 * allow-listed path (the servlet reports the path it served), no answer may be a 5xx other than the filter's
 * 503, and only the right bypass secret may earn a redirect.
 */
class PathCorpusTest {

    static final String SECRET = "corpus-secret-0123456789";

    /** What a case must get. */
    enum Expect {
        /** 200 from the application, for an allow-listed path. */
        PASS,
        /** 503 from the filter. */
        REFUSE,
        /** Anything but a bypass or a 5xx other than the filter's 503 (containers differ: 400, 404, 503, 200). */
        NO_BYPASS
    }

    record Case(String target, Expect expect, String note) {
        @Override
        public String toString() {
            return target + " (" + note + ")";
        }
    }

    record Setup(Container container, boolean initParams, boolean lenient) {
        @Override
        public String toString() {
            return container + (initParams ? " init-params" : " code") + (lenient ? " lenient" : " default");
        }
    }

    static final List<Case> CORPUS = List.of(
            // Controls: allow-listed paths pass, everything else is refused.
            c("/health", Expect.PASS, "exact"),
            c("/static/app.js", Expect.PASS, "prefix"),
            c("/static/deep/er/app.js", Expect.PASS, "prefix, deep"),
            c("/static/", Expect.PASS, "prefix, trailing /"),
            c("/static", Expect.PASS, "prefix base"),
            c("/site.css", Expect.PASS, "extension"),
            c("/service-context", Expect.PASS, "admin path"),
            c("/service-context/status", Expect.PASS, "under the admin path"),
            c("/health?x=/../api/secret", Expect.PASS, "dots in the query only"),
            c("/static/a%20b.js", Expect.PASS, "encoded space"),
            c("/", Expect.REFUSE, "root"),
            c("/api/secret", Expect.REFUSE, "plain"),
            c("/secret", Expect.REFUSE, "default servlet"),
            c("/healthz", Expect.REFUSE, "longer than exact"),
            c("/health/x", Expect.REFUSE, "under an exact path"),
            c("/staticx/app.js", Expect.REFUSE, "prefix without /"),
            c("/service-contextx", Expect.REFUSE, "admin path without /"),
            c("/api/secret.css.bak", Expect.REFUSE, "extension not last"),
            c("/api/secret.css/", Expect.REFUSE, "extension then /"),
            c("/_intermission/bypass/wrong-secret-0123456789", Expect.REFUSE, "wrong bypass secret"),
            c("/_intermission/bypass/" + SECRET.toUpperCase(), Expect.REFUSE, "bypass secret, case changed"),
            c("/_intermission/bypass/" + SECRET.substring(0, 16), Expect.REFUSE, "bypass secret prefix"),
            c("/_intermission/bypass/" + SECRET + "x", Expect.REFUSE, "bypass secret plus one"),
            c("/_intermission/bypass/" + SECRET + "/", Expect.REFUSE, "bypass secret then /"),
            c("/_intermission/bypass/", Expect.REFUSE, "bypass path, no secret"),
            c("/_intermission/bypass", Expect.REFUSE, "bypass path base"),
            // Case changes.
            c("/HEALTH", Expect.REFUSE, "upper case"),
            c("/Health", Expect.REFUSE, "capitalised"),
            c("/STATIC/app.js", Expect.REFUSE, "prefix upper case"),
            c("/site.CSS", Expect.REFUSE, "extension upper case"),
            c("/Service-Context/status", Expect.REFUSE, "admin path capitalised"),
            c("/%48ealth", Expect.NO_BYPASS, "encoded upper-case H"),
            c("/%68ealth", Expect.NO_BYPASS, "encoded lower-case h"),
            // Trailing slash and dot.
            c("/health/", Expect.NO_BYPASS, "exact plus trailing /"),
            c("/api/secret/", Expect.NO_BYPASS, "trailing /"),
            c("/api/secret/.", Expect.NO_BYPASS, "trailing /."),
            c("/api/secret/..", Expect.NO_BYPASS, "trailing /.."),
            c("/api/secret%20", Expect.NO_BYPASS, "trailing encoded space"),
            c("/api/secret%09", Expect.NO_BYPASS, "trailing encoded tab"),
            // Dot segments, plain and encoded.
            c("/static/../api/secret", Expect.NO_BYPASS, ".."),
            c("/static/./../api/secret", Expect.NO_BYPASS, ". then .."),
            c("/static/../../api/secret", Expect.NO_BYPASS, ".. above root"),
            c("/static/app.js/../../api/secret", Expect.NO_BYPASS, ".. twice from a file"),
            c("/static/..", Expect.NO_BYPASS, "trailing .."),
            c("/static/.", Expect.NO_BYPASS, "trailing ."),
            c("/health/..", Expect.NO_BYPASS, "exact then .."),
            c("/./health", Expect.NO_BYPASS, "leading ."),
            c("/../api/secret", Expect.NO_BYPASS, ".. at root"),
            c("/static/%2e%2e/api/secret", Expect.NO_BYPASS, "%2e%2e"),
            c("/static/%2E%2E/api/secret", Expect.NO_BYPASS, "%2E%2E"),
            c("/static/.%2e/api/secret", Expect.NO_BYPASS, ".%2e"),
            c("/static/%2e./api/secret", Expect.NO_BYPASS, "%2e."),
            c("/static/%2e/../api/secret", Expect.NO_BYPASS, "%2e then .."),
            c("/%2e%2e/api/secret", Expect.NO_BYPASS, "%2e%2e at root"),
            c("/%2e/health", Expect.NO_BYPASS, "%2e at root"),
            c("/static/%252e%252e/api/secret", Expect.NO_BYPASS, "double-encoded dots"),
            c("/static/%u002e%u002e/api/secret", Expect.NO_BYPASS, "%u encoding"),
            c("/st%61tic/../api/secret", Expect.NO_BYPASS, "encoded letter then .."),
            c("/%2573tatic/app.js", Expect.NO_BYPASS, "double-encoded letter"),
            // Encoded slashes and backslashes.
            c("/static/..%2fapi/secret", Expect.NO_BYPASS, "..%2f"),
            c("/static/..%2Fapi/secret", Expect.NO_BYPASS, "..%2F"),
            c("/static%2f..%2fapi%2fsecret", Expect.NO_BYPASS, "all slashes encoded"),
            c("/static/%2F../api/secret", Expect.NO_BYPASS, "%2F then .."),
            c("/static/%2e%2e%2fapi%2fsecret", Expect.NO_BYPASS, "%2e%2e%2f"),
            c("/static/..%252fapi/secret", Expect.NO_BYPASS, "double-encoded slash"),
            c("/static/..%5capi/secret", Expect.NO_BYPASS, "..%5c"),
            c("/static/..%5Capi/secret", Expect.NO_BYPASS, "..%5C"),
            c("/static%5c..%5capi%5csecret", Expect.NO_BYPASS, "all backslashes encoded"),
            c("/static/%2e%2e%5c/api/secret", Expect.NO_BYPASS, "%2e%2e%5c"),
            c("/static/..\\api/secret", Expect.NO_BYPASS, "raw backslash"),
            c("/static\\..\\api\\secret", Expect.NO_BYPASS, "raw backslashes"),
            c("/health\\..\\api\\secret", Expect.NO_BYPASS, "raw backslashes from exact"),
            c("/api/secret\\.css", Expect.NO_BYPASS, "raw backslash before extension"),
            c("/service-context%2f..%2fapi%2fsecret", Expect.NO_BYPASS, "admin path, encoded slashes"),
            // Path parameters.
            c("/static/..;/api/secret", Expect.NO_BYPASS, "..;/"),
            c("/static;/../api/secret", Expect.NO_BYPASS, ";/.."),
            c("/static/..;x=y/api/secret", Expect.NO_BYPASS, "..;x=y"),
            c("/static;x=y/../api/secret", Expect.NO_BYPASS, ";x=y/.."),
            c("/health;/../api/secret", Expect.NO_BYPASS, "exact;/.."),
            c("/health;x", Expect.NO_BYPASS, "exact;x"),
            c("/health;x=y", Expect.NO_BYPASS, "exact;x=y"),
            c("/..;/api/secret", Expect.NO_BYPASS, "..; at root"),
            c("/;/api/secret", Expect.NO_BYPASS, "; at root"),
            c("/api/secret;.css", Expect.NO_BYPASS, ";.css"),
            c("/api/secret;x.css", Expect.NO_BYPASS, ";x.css"),
            c("/api/secret;/x.css", Expect.NO_BYPASS, ";/x.css"),
            c("/api/secret%3b.css", Expect.NO_BYPASS, "%3b.css"),
            c("/api/secret%3B.css", Expect.NO_BYPASS, "%3B.css"),
            c("/service-context/..;/api/secret", Expect.NO_BYPASS, "admin path ..;/"),
            c("/service-context;/../api/secret", Expect.NO_BYPASS, "admin path;/.."),
            c("/service-context/../api/secret", Expect.NO_BYPASS, "admin path/.."),
            // Empty segments.
            c("//api/secret", Expect.NO_BYPASS, "// at root"),
            c("//health", Expect.NO_BYPASS, "//exact"),
            c("///health/../api/secret", Expect.NO_BYPASS, "/// then .."),
            c("/static//../api/secret", Expect.NO_BYPASS, "// then .."),
            c("/static//app.js", Expect.NO_BYPASS, "// inside prefix"),
            c("/health//", Expect.NO_BYPASS, "exact//"),
            c("/api//secret.css", Expect.NO_BYPASS, "// before extension"),
            // NUL.
            c("/health%00", Expect.NO_BYPASS, "%00"),
            c("/health%00.css", Expect.NO_BYPASS, "%00.css"),
            c("/api/secret%00.css", Expect.NO_BYPASS, "%00 before extension"),
            c("/static/%00/../api/secret", Expect.NO_BYPASS, "%00 segment then .."),
            c("/health%00/../api/secret", Expect.NO_BYPASS, "%00 then .."),
            c("/api/secret%2500.css", Expect.NO_BYPASS, "double-encoded NUL"),
            // Overlong and invalid UTF-8.
            c("/static/%c0%ae%c0%ae/api/secret", Expect.NO_BYPASS, "overlong dots"),
            c("/static/%c0%ae%c0%ae%c0%afapi%c0%afsecret", Expect.NO_BYPASS, "overlong dots and slashes"),
            c("/static/%e0%80%ae%e0%80%ae/api/secret", Expect.NO_BYPASS, "three-byte overlong dots"),
            c("/static/%c0%2e%c0%2e/api/secret", Expect.NO_BYPASS, "broken overlong dots"),
            c("/static/%c0%af..%c0%afapi/secret", Expect.NO_BYPASS, "overlong slash"),
            c("/static/%c1%9c..%c1%9capi/secret", Expect.NO_BYPASS, "overlong backslash"),
            c("/health%c0%af", Expect.NO_BYPASS, "overlong slash after exact"),
            c("/api/secret%c0%ae.css", Expect.NO_BYPASS, "overlong dot before extension"),
            c("/health%ff", Expect.NO_BYPASS, "invalid byte"),
            // Unicode look-alikes.
            c("/static/%ef%bc%8f..%ef%bc%8fapi/secret", Expect.NO_BYPASS, "fullwidth solidus"),
            c("/static/%e2%88%95..%e2%88%95api/secret", Expect.NO_BYPASS, "division slash"),
            c("/static/%ef%bc%8e%ef%bc%8e/api/secret", Expect.NO_BYPASS, "fullwidth full stops"),
            c("/health%e2%80%8b", Expect.NO_BYPASS, "zero-width space"),
            // Absolute-form targets and fragments.
            c("abs:/static/../api/secret", Expect.NO_BYPASS, "absolute form, .."),
            c("abs:/health", Expect.PASS, "absolute form"),
            c("abs://api/secret", Expect.NO_BYPASS, "absolute form, //"),
            c("/health#/../api/secret", Expect.NO_BYPASS, "raw fragment"),
            c("/static/app.js#/../../api/secret", Expect.NO_BYPASS, "raw fragment with .."),
            // The bypass path dressed up.
            c("/_intermission/bypass/../../api/secret", Expect.NO_BYPASS, "bypass path .."),
            c("/_intermission/bypass/%2e%2e/%2e%2e/api/secret", Expect.NO_BYPASS, "bypass path %2e%2e"),
            c("/_intermission/bypass/" + SECRET + "/../../../api/secret", Expect.NO_BYPASS, "secret then .."),
            c("/_intermission/bypass/" + SECRET + ";x", Expect.NO_BYPASS, "secret;x"),
            c("/_intermission/bypass/" + SECRET + "%00", Expect.NO_BYPASS, "secret%00"),
            c("/_intermission//bypass/" + SECRET, Expect.NO_BYPASS, "bypass path with //"));

    private static final Map<Setup, FilterFixture> FIXTURES = new ConcurrentHashMap<>();

    static Case c(String target, Expect expect, String note) {
        return new Case(target, expect, note);
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Container container : Container.values()) {
            for (boolean initParams : new boolean[] {false, true}) {
                for (boolean lenient : new boolean[] {false, true}) {
                    for (Case c : CORPUS) {
                        all.add(Arguments.of(new Setup(container, initParams, lenient), c));
                    }
                }
            }
        }
        return all.stream();
    }

    static FilterFixture fixture(Setup setup) {
        return FIXTURES.computeIfAbsent(setup, s -> {
            FilterFixture f;
            if (s.initParams()) {
                f = FilterFixture.byInitParams(s.container(), "/app", Map.of(
                        MaintenanceFilterConfig.PARAM_JDBC_URL, Databases.newH2Url(),
                        MaintenanceFilterConfig.PARAM_ALLOW_PATHS, "/health, /static/**, *.css",
                        MaintenanceFilterConfig.PARAM_ADMIN_PATH, "/service-context",
                        MaintenanceFilterConfig.PARAM_BYPASS_SECRET, SECRET,
                        MaintenanceFilterConfig.PARAM_REFRESH_INTERVAL, "1h"), app -> {
                            if (s.lenient()) {
                                app.lenientUris();
                            }
                        });
            } else {
                MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2())
                        .refreshInterval(Duration.ofHours(1)).build();
                MaintenanceFilterConfig config = MaintenanceFilterConfig.newBuilder()
                        .allowPaths("/health", "/static/*", "*.css")
                        .adminPath("/service-context")
                        .bypassSecret(SECRET)
                        .build();
                f = FilterFixture.inCode(s.container(), "", service, config, app -> {
                    if (s.lenient()) {
                        app.lenientUris();
                    }
                });
            }
            f.service.enable(Mode.FULL, "corpus", "test");
            return f;
        });
    }

    @AfterAll
    static void stopAll() {
        FIXTURES.values().forEach(FilterFixture::close);
        FIXTURES.clear();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void dressedUpPath_maintenanceFull_neverReachesANonAllowListedResource(Setup setup, Case c) {
        FilterFixture f = fixture(setup);
        for (String method : new String[] {"GET", "POST"}) {
            String target = c.target().startsWith("abs:")
                    ? "http://127.0.0.1:" + f.app.port() + f.app.contextPath() + c.target().substring(4)
                    : c.target();
            RawHttp.Response r = f.raw(method, target);
            String where = setup + " " + method + " " + c + " -> " + r.status() + " " + r.body();
            assertNotBypass(r, c, where);
            switch (c.expect()) {
                case PASS -> assertEquals(200, r.status(), where);
                case REFUSE -> {
                    assertEquals(503, r.status(), where);
                    assertEquals("full", r.header(MaintenanceFilter.MODE_HEADER), where);
                }
                case NO_BYPASS -> {
                    // assertNotBypass is the whole expectation
                }
            }
        }
    }

    private static void assertNotBypass(RawHttp.Response r, Case c, String where) {
        if (r.status() >= 500) {
            assertEquals(503, r.status(), "a 5xx other than the filter's 503: " + where);
            assertEquals("full", r.header(MaintenanceFilter.MODE_HEADER), "a 503 not from the filter: " + where);
        }
        if (r.status() == 303) {
            assertTrue(c.target().contains(SECRET), "a redirect without the secret: " + where);
            assertTrue(r.header("set-cookie") != null, where);
        }
        if (r.status() == 200) {
            String served = EchoServlet.servedPath(r.body());
            if (served == null) {
                fail("a 200 not from the application: " + where);
            }
            assertTrue(isPlainAllowListed(served), "BYPASS: the application served '" + served + "': " + where);
        }
    }

    /** The oracle, written apart from the filter: a plain path under the allow-list. */
    static boolean isPlainAllowListed(String path) {
        for (String bad : new String[] {"%", "\\", ";", "\0", "//", "/./", "/../", "\uFFFD"}) {
            if (path.contains(bad)) {
                return false;
            }
        }
        if (path.endsWith("/.") || path.endsWith("/..")) {
            return false;
        }
        return path.equals("/health")
                || path.equals("/static") || path.startsWith("/static/")
                || path.equals("/service-context") || path.startsWith("/service-context/")
                || path.endsWith(".css");
    }

    @Test
    void oracle_plainAndDressedPaths_judgedApartFromTheFilter() {
        assertTrue(isPlainAllowListed("/static/app.js"));
        assertTrue(isPlainAllowListed("/x/y.css"));
        assertFalse(isPlainAllowListed("/static/../api/secret"));
        assertFalse(isPlainAllowListed("/static/..;/api/secret"));
        assertFalse(isPlainAllowListed("/api/secret"));
        assertTrue(CORPUS.size() >= 100, "the corpus has " + CORPUS.size() + " cases");
    }
}
