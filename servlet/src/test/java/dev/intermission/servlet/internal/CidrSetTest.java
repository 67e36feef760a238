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

class CidrSetTest {

    private static final CidrSet SET = CidrSet.parse("allowIps", List.of("10.0.0.0/8", "192.168.1.128/25",
            "203.0.113.7", "2001:db8::/32", "::1", "198.51.100.0/31",
            "::ffff:172.16.0.0/108"));

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0,true", "10.255.255.255,true", "11.0.0.0,false", "9.255.255.255,false",
            "192.168.1.128,true", "192.168.1.255,true", "192.168.1.127,false",
            "203.0.113.7,true", "203.0.113.8,false",
            "198.51.100.0,true", "198.51.100.1,true", "198.51.100.2,false",
            "2001:db8::1,true", "2001:db8:ffff:ffff::,true", "2001:db9::,false",
            "::1,true", "::2,false", "127.0.0.1,false",
            "::ffff:10.1.2.3,true", "172.16.5.5,true", "172.32.0.0,false",
    })
    void contains_address_matchesItsRanges(String address, boolean expected) {
        assertEquals(expected, SET.contains(IpAddresses.parse(address)), address);
    }

    @Test
    void contains_nullOrEmptySet_isFalse() {
        assertFalse(SET.contains(null));
        assertFalse(CidrSet.EMPTY.contains(IpAddresses.parse("10.0.0.1")));
        assertTrue(CidrSet.EMPTY.isEmpty());
    }

    @Test
    void parse_everything_zeroPrefixMatchesAllOfItsFamily() {
        CidrSet all = CidrSet.parse("x", List.of("0.0.0.0/0"));
        assertTrue(all.contains(IpAddresses.parse("8.8.8.8")));
        assertFalse(all.contains(IpAddresses.parse("2001:db8::1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/08", "10.0.0/8", "host.example/8",
            "10.1.2.3/8", "2001:db8::1/32", "2001:db8::/129", "fe80::1%eth0", "[::1]", "10.0.0.0/8/8", "",
            "::ffff:10.0.0.0/8", "*"})
    void parse_badRange_failsNamingTheOptionAndEntry(String entry) {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> CidrSet.parse("trustedProxies", List.of(entry)));
        assertEquals("trustedProxies", e.field());
        assertEquals(entry, e.value());
    }

    @Test
    void parse_hostBitsSet_suggestsTheNetwork() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> CidrSet.parse("allowIps", List.of("192.168.1.1/24")));
        assertTrue(e.problem().contains("did you mean 192.168.1.0/24?"), e.problem());
    }
}
