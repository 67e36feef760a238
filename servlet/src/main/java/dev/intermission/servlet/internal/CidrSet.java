package dev.intermission.servlet.internal;

import java.util.ArrayList;
import java.util.List;

import dev.intermission.InvalidValueException;

/** A set of IPv4 and IPv6 CIDR ranges, parsed once at configuration time and matched without allocation. */
public final class CidrSet {

    /** The empty set: matches nothing. */
    public static final CidrSet EMPTY = new CidrSet(List.of(), new byte[0][], new int[0]);

    private final List<String> ranges;
    private final byte[][] networks;
    private final int[] prefixes;

    private CidrSet(List<String> ranges, byte[][] networks, int[] prefixes) {
        this.ranges = ranges;
        this.networks = networks;
        this.prefixes = prefixes;
    }

    /**
     * Parses ranges such as {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a single address (a /32 or /128).
     *
     * @param option  the option name, for messages
     * @param entries the ranges
     * @return the set
     * @throws InvalidValueException naming {@code option} and the entry when an entry is not a valid range, or
     *                                  has bits set after its prefix
     */
    public static CidrSet parse(String option, List<String> entries) {
        if (entries.isEmpty()) {
            return EMPTY;
        }
        byte[][] networks = new byte[entries.size()][];
        int[] prefixes = new int[entries.size()];
        List<String> ranges = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            if (entry == null) {
                throw new InvalidValueException(option, null, "a range is null");
            }
            String text = entry.strip();
            int slash = text.indexOf('/');
            String addressText = slash < 0 ? text : text.substring(0, slash);
            if (addressText.indexOf('%') >= 0 || addressText.startsWith("[")) {
                throw new InvalidValueException(option, entry, "is not a CIDR range (expected for example "
                        + "10.0.0.0/8 or 2001:db8::/32)");
            }
            byte[] address = IpAddresses.parse(addressText);
            if (address == null) {
                throw new InvalidValueException(option, entry, "is not a CIDR range (expected for example "
                        + "10.0.0.0/8 or 2001:db8::/32)");
            }
            boolean mapped = address.length == 4 && addressText.indexOf(':') >= 0;
            int maxPrefix = mapped ? 128 : address.length * 8;
            int prefix = maxPrefix;
            if (slash >= 0) {
                String p = text.substring(slash + 1);
                if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > maxPrefix) {
                    throw new InvalidValueException(option, entry, "has an invalid prefix length (0 to "
                            + maxPrefix + ")");
                }
                prefix = Integer.parseInt(p);
            }
            if (mapped) {
                // An IPv4-mapped IPv6 range matches the IPv4 addresses it maps.
                if (prefix < 96) {
                    throw new InvalidValueException(option, entry, "mixes IPv4-mapped and plain IPv6 addresses; "
                            + "give the IPv4 range instead");
                }
                prefix -= 96;
            }
            for (int bit = prefix; bit < address.length * 8; bit++) {
                if ((address[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                    throw new InvalidValueException(option, entry, "has bits set after its /" + prefix
                            + " prefix; did you mean " + IpAddresses.format(mask(address, prefix)) + "/" + prefix
                            + "?");
                }
            }
            networks[i] = address;
            prefixes[i] = prefix;
            ranges.add(text);
        }
        return new CidrSet(List.copyOf(ranges), networks, prefixes);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] copy = address.clone();
        for (int bit = prefix; bit < copy.length * 8; bit++) {
            copy[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return copy;
    }

    /**
     * Returns whether an address lies in one of the ranges.
     *
     * @param address 4 or 16 bytes from {@link IpAddresses#parse(String)}, or {@code null} (never contained)
     * @return whether it is contained
     */
    public boolean contains(byte[] address) {
        if (address == null) {
            return false;
        }
        for (int i = 0; i < networks.length; i++) {
            if (networks[i].length == address.length && matches(networks[i], prefixes[i], address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] network, int prefix, byte[] address) {
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (network[i] != address[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (network[full] & mask) == (address[full] & mask);
    }

    /**
     * Returns whether the set has no range.
     *
     * @return {@code true} when empty
     */
    public boolean isEmpty() {
        return networks.length == 0;
    }

    /**
     * Returns the ranges as given (trimmed).
     *
     * @return the ranges
     */
    public List<String> ranges() {
        return ranges;
    }
}
