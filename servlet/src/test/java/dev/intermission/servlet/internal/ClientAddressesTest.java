package dev.intermission.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressesTest {

    private static final CidrSet ALLOWED = CidrSet.parse("allowIps", List.of("10.0.0.0/8", "2001:db8::/32"));
    private static final ClientAddresses TRUSTING_PROXIES =
            new ClientAddresses(CidrSet.parse("trustedProxies", List.of("192.0.2.0/24", "::1")));
    private static final ClientAddresses TRUSTING_NONE = new ClientAddresses(CidrSet.EMPTY);

    private static boolean allowed(ClientAddresses resolver, String peer, String forwarded, String xff) {
        Requests r = Requests.of("GET", "/").from(peer);
        if (forwarded != null) {
            r.header("Forwarded", forwarded);
        }
        if (xff != null) {
            r.header("X-Forwarded-For", xff);
        }
        return resolver.clientIn(ALLOWED, r);
    }

    @ParameterizedTest(name = "peer {0}, Forwarded [{1}], X-Forwarded-For [{2}] -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // Untrusted peers: forwarding headers are ignored.
            "203.0.113.9|for=10.1.1.1|10.1.1.1|false",
            "10.9.9.9|for=203.0.113.9|203.0.113.9|true",
            "127.0.0.1|-|10.1.1.1|false",
            // Trusted peer with no header: the peer itself is the client.
            "192.0.2.1|-|-|false",
            // Trusted peer: the rightmost untrusted hop is the client.
            "192.0.2.1|-|10.1.1.1|true",
            "192.0.2.1|-|10.1.1.1, 203.0.113.9|false",
            "192.0.2.1|-|203.0.113.9, 10.1.1.1|true",
            "192.0.2.1|-|10.1.1.1, 192.0.2.7|true",
            "192.0.2.1|-|203.0.113.9, 192.0.2.7, 192.0.2.8|false",
            "192.0.2.1|-|192.0.2.7, 192.0.2.8|false",
            "192.0.2.1|-|10.1.1.1:4711|true",
            "192.0.2.1|-|[2001:db8::5]:4711|true",
            "192.0.2.1|-|2001:db8::5|true",
            "192.0.2.1|-|unknown|false",
            "192.0.2.1|-|10.1.1.1, unknown|false",
            "192.0.2.1|-|garbage, 10.1.1.1|true",
            "192.0.2.1|-|''|false",
            "::1|-|10.1.1.1|true",
            // RFC 7239.
            "192.0.2.1|for=10.1.1.1|-|true",
            "192.0.2.1|For=10.1.1.1;proto=https;by=192.0.2.1|-|true",
            "192.0.2.1|for=\"10.1.1.1:4711\"|-|true",
            "192.0.2.1|for=\"[2001:db8::5]:4711\"|-|true",
            "192.0.2.1|for=\"[2001:db8::5]\"|-|true",
            "192.0.2.1|for=10.1.1.1, for=203.0.113.9|-|false",
            "192.0.2.1|for=203.0.113.9, for=10.1.1.1|-|true",
            "192.0.2.1|for=10.1.1.1, for=192.0.2.9|-|true",
            "192.0.2.1|for=unknown|-|false",
            "192.0.2.1|for=_hidden|-|false",
            "192.0.2.1|proto=https|-|false",
            "192.0.2.1|for=10.1.1.1;for=10.2.2.2|-|false",
            "192.0.2.1|for=\"10.1.1.1|-|false",
            "192.0.2.1|host=\"a,b\";for=10.1.1.1|-|true",
            // Both headers: each must name an allowed client.
            "192.0.2.1|for=10.1.1.1|10.1.1.1|true",
            "192.0.2.1|for=10.1.1.1|203.0.113.9|false",
            "192.0.2.1|for=203.0.113.9|10.1.1.1|false",
            // Peer not an address.
            "-|-|10.1.1.1|false",
            "not-an-ip|-|-|false",
    })
    void clientIn_forwardingHeaders_believedOnlyFromTrustedProxies(String peer, String forwarded, String xff,
            boolean expected) {
        assertEquals(expected, allowed(TRUSTING_PROXIES, peer, forwarded, xff));
    }

    @Test
    void clientIn_noTrustedProxies_loopbackPeerGainsNothingFromHeaders() {
        assertEquals(false, allowed(TRUSTING_NONE, "127.0.0.1", "for=10.1.1.1", "10.1.1.1"));
        assertEquals(true, allowed(TRUSTING_NONE, "10.0.0.1", null, "203.0.113.9"));
    }

    @Test
    void clientIn_headerRepeated_linesJoinedInOrder() {
        Requests r = Requests.of("GET", "/").from("192.0.2.1")
                .header("X-Forwarded-For", "10.1.1.1")
                .header("X-Forwarded-For", "203.0.113.9");
        assertEquals(false, TRUSTING_PROXIES.clientIn(ALLOWED, r));
        Requests s = Requests.of("GET", "/").from("192.0.2.1")
                .header("X-Forwarded-For", "203.0.113.9")
                .header("X-Forwarded-For", "10.1.1.1");
        assertEquals(true, TRUSTING_PROXIES.clientIn(ALLOWED, s));
    }

    @Test
    void clientIn_chainOfTrustedHopsLongerThanTheLimit_noClient() {
        StringBuilder chain = new StringBuilder("10.1.1.1");
        for (int i = 0; i < ClientAddresses.MAX_HOPS; i++) {
            chain.append(", 192.0.2.5");
        }
        assertEquals(false, allowed(TRUSTING_PROXIES, "192.0.2.1", null, chain.toString()));
    }
}
