package dev.intermission.servlet.internal;

/**
 * Parses IP address literals into bytes without ever resolving a name: 4 bytes for IPv4 (and IPv4-mapped IPv6),
 * 16 for IPv6.
 */
public final class IpAddresses {

    private IpAddresses() {
    }

    /**
     * Parses an address literal: dotted IPv4 (no leading zeros), or IPv6 (with {@code ::}, an embedded IPv4 tail,
     * optional brackets and an optional zone id, which is ignored).
     *
     * @param text the literal
     * @return 4 or 16 bytes, or {@code null} when {@code text} is not an address literal
     */
    public static byte[] parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        String s = text;
        if (s.charAt(0) == '[') {
            if (s.charAt(s.length() - 1) != ']') {
                return null;
            }
            s = s.substring(1, s.length() - 1);
        }
        if (s.indexOf(':') < 0) {
            return parseIpv4(s, 0, s.length());
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            if (zone == s.length() - 1) {
                return null;
            }
            s = s.substring(0, zone);
        }
        byte[] v6 = parseIpv6(s);
        if (v6 != null && isIpv4Mapped(v6)) {
            return new byte[] {v6[12], v6[13], v6[14], v6[15]};
        }
        return v6;
    }

    /**
     * Formats an address for messages.
     *
     * @param address 4 or 16 bytes
     * @return dotted IPv4 or full IPv6 hex groups
     */
    public static String format(byte[] address) {
        StringBuilder b = new StringBuilder();
        if (address.length == 4) {
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    b.append('.');
                }
                b.append(address[i] & 0xff);
            }
        } else {
            for (int i = 0; i < 16; i += 2) {
                if (i > 0) {
                    b.append(':');
                }
                b.append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff)));
            }
        }
        return b.toString();
    }

    private static boolean isIpv4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static byte[] parseIpv4(String s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return null;
                }
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) value;
            if (part < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == to ? out : null;
    }

    private static byte[] parseIpv6(String s) {
        int n = s.length();
        if (n < 2) {
            return null;
        }
        byte[] out = new byte[16];
        int groups = 0;
        int gap = -1;
        int i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == n) {
                return out;
            }
        } else if (s.charAt(0) == ':') {
            return null;
        }
        while (i < n) {
            if (groups == 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < n && hex(s.charAt(i)) >= 0) {
                value = (value << 4) | hex(s.charAt(i));
                i++;
                if (i - start > 4) {
                    return null;
                }
            }
            if (i < n && s.charAt(i) == '.') {
                // An embedded IPv4 tail takes the last two groups.
                if (groups > 6) {
                    return null;
                }
                byte[] v4 = parseIpv4(s, start, n);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, groups * 2, 4);
                groups += 2;
                i = n;
                break;
            }
            if (i == start) {
                return null;
            }
            out[groups * 2] = (byte) (value >> 8);
            out[groups * 2 + 1] = (byte) value;
            groups++;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = groups;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return null;
            }
        }
        if (gap < 0) {
            return groups == 8 ? out : null;
        }
        if (groups == 8) {
            return null;
        }
        int tail = groups - gap;
        System.arraycopy(out, gap * 2, out, 16 - tail * 2, tail * 2);
        for (int k = gap * 2; k < 16 - tail * 2; k++) {
            out[k] = 0;
        }
        return out;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
