package dev.intermission.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.servlet.testing.Container;
import dev.intermission.testing.Databases;

/**
 * The client IP allowlist over real connections from 127.0.0.1: forwarding headers count only when the peer is a
 * configured trusted proxy (making 127.0.0.1 one stands in for a proxy in front of the application).
 */
class ForwardedHeadersTest {

    private static FilterFixture inCode(Container container, MaintenanceFilterConfig config) {
        MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2())
                .refreshInterval(Duration.ofHours(1)).build();
        FilterFixture f = FilterFixture.inCode(container, "", service, config, app -> { });
        service.enable(Mode.FULL, null, "test");
        return f;
    }

    private static int post(FilterFixture f, String... headers) {
        return f.send("POST", "/api/orders", headers).statusCode();
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void untrustedPeer_spoofedForwardingHeaders_gainNothing(Container container) {
        MaintenanceFilterConfig config = MaintenanceFilterConfig.newBuilder()
                .allowIps("10.0.0.0/8", "2001:db8::/32").build();
        try (FilterFixture f = inCode(container, config)) {
            assertEquals(503, post(f));
            assertEquals(503, post(f, "X-Forwarded-For", "10.1.2.3"));
            assertEquals(503, post(f, "Forwarded", "for=10.1.2.3"));
            assertEquals(503, post(f, "Forwarded", "for=\"[2001:db8::1]\""));
            assertEquals(503, post(f, "X-Forwarded-For", "10.1.2.3", "Forwarded", "for=10.1.2.3"));
            assertEquals(503, post(f, "X-Real-IP", "10.1.2.3", "Client-IP", "10.1.2.3", "True-Client-IP", "10.1.2.3"));
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void loopbackNotTrustedByDefault_allowListedDirectPeerPasses(Container container) {
        MaintenanceFilterConfig config = MaintenanceFilterConfig.newBuilder().allowIps("127.0.0.1").build();
        try (FilterFixture f = inCode(container, config)) {
            assertEquals(200, post(f));
            assertEquals(200, post(f, "X-Forwarded-For", "203.0.113.9"), "an untrusted peer's headers are ignored");
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void trustedProxy_clientIsTheRightmostUntrustedHop(Container container) {
        MaintenanceFilterConfig config = MaintenanceFilterConfig.newBuilder()
                .allowIps("10.0.0.0/8", "2001:db8::/32").trustedProxies("127.0.0.1/32").build();
        try (FilterFixture f = inCode(container, config)) {
            assertEquals(503, post(f), "no header: the proxy itself is the client");
            assertEquals(200, post(f, "X-Forwarded-For", "10.1.2.3"));
            assertEquals(503, post(f, "X-Forwarded-For", "10.1.2.3, 203.0.113.9"), "spoofed leftmost entry");
            assertEquals(200, post(f, "X-Forwarded-For", "203.0.113.9, 10.1.2.3"));
            assertEquals(200, post(f, "X-Forwarded-For", "10.1.2.3, 127.0.0.1"), "trusted hops are skipped");
            assertEquals(200, post(f, "Forwarded", "for=10.1.2.3;proto=https"));
            assertEquals(200, post(f, "Forwarded", "for=\"[2001:db8::1]:4711\""));
            assertEquals(503, post(f, "Forwarded", "for=10.1.2.3, for=203.0.113.9"));
            assertEquals(503, post(f, "Forwarded", "for=unknown"));
            assertEquals(503, post(f, "Forwarded", "for=_hidden"));
            assertEquals(503, post(f, "Forwarded", "for=10.1.2.3", "X-Forwarded-For", "203.0.113.9"),
                    "a client adding the header its proxy does not manage gains nothing");
            assertEquals(503, post(f, "Forwarded", "for=203.0.113.9", "X-Forwarded-For", "10.1.2.3"));
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void trustedProxyByInitParams_forwardedClientJudgedNotTheProxy(Container container) {
        Map<String, String> params = new HashMap<>();
        params.put(MaintenanceFilterConfig.PARAM_JDBC_URL, Databases.newH2Url());
        params.put(MaintenanceFilterConfig.PARAM_ALLOW_IPS, "127.0.0.0/8");
        params.put(MaintenanceFilterConfig.PARAM_TRUSTED_PROXIES, "127.0.0.1/32");
        try (FilterFixture f = FilterFixture.byInitParams(container, "/app", params, app -> { })) {
            f.service.enable(Mode.FULL, null, "test");
            assertEquals(200, post(f), "the proxy's own requests");
            assertEquals(503, post(f, "X-Forwarded-For", "203.0.113.9"), "the client behind the proxy");
            assertEquals(200, post(f, "X-Forwarded-For", "127.0.0.2"));
        }
    }
}
