package dev.intermission.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1|127.0.0.1",
            "0.0.0.0|0.0.0.0",
            "255.255.255.255|255.255.255.255",
            "::1|0:0:0:0:0:0:0:1",
            "0:0:0:0:0:0:0:1|0:0:0:0:0:0:0:1",
            "[::1]|0:0:0:0:0:0:0:1",
            "::|0:0:0:0:0:0:0:0",
            "2001:db8::|2001:db8:0:0:0:0:0:0",
            "2001:DB8::8:800:200C:417A|2001:db8:0:0:8:800:200c:417a",
            "fe80::1%eth0|fe80:0:0:0:0:0:0:1",
            "1::|1:0:0:0:0:0:0:0",
            "1:2:3:4:5:6:7::|1:2:3:4:5:6:7:0",
            "::2:3:4:5:6:7:8|0:2:3:4:5:6:7:8",
            "::ffff:10.1.2.3|10.1.2.3",
            "::ffff:a01:203|10.1.2.3",
            "64:ff9b::192.0.2.33|64:ff9b:0:0:0:0:c000:221",
    })
    void parse_literal_givesTheAddress(String text, String expected) {
        assertArrayEquals(reference(expected), IpAddresses.parse(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4",
            "1.2.3.04", "1.2.3.-4", "1..3.4", "1.2.3.4 ", " 1.2.3.4", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::",
            "1:2:3:4:5:6:7:8::", "12345::", "::g", "[::1", "::1]", "1.2.3.4:80", ":1", "1:", "fe80::1%",
            "unknown", "_hidden", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "0x7f.0.0.1", "2130706433"})
    void parse_notALiteral_givesNull(String text) {
        assertNull(IpAddresses.parse(text), text);
    }

    /** Builds the expected bytes without the code under test. */
    private static byte[] reference(String text) {
        if (text.indexOf(':') < 0) {
            String[] parts = text.split("\\.");
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                b[i] = (byte) Integer.parseInt(parts[i]);
            }
            return b;
        }
        String[] groups = text.split(":");
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            int v = Integer.parseInt(groups[i], 16);
            b[2 * i] = (byte) (v >> 8);
            b[2 * i + 1] = (byte) v;
        }
        return b;
    }
}
