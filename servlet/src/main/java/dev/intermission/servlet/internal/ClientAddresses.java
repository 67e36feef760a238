package dev.intermission.servlet.internal;

import java.util.Enumeration;

/**
 * Finds the client of a request for the IP allowlist.
 *
 * <p>The client is the direct peer, unless the peer is a trusted proxy. Then each forwarding header present
 * ({@code Forwarded}, RFC 7239, and {@code X-Forwarded-For}) is read from right to left, skipping trusted hops;
 * the first untrusted hop is the client (the leftmost hop when every hop is trusted). A hop that is not an
 * address ({@code unknown}, an obfuscated identifier, garbage, a {@code Forwarded} element without {@code for})
 * ends the walk with no client. When both headers are present, the client must be allowed according to each, so
 * a client cannot add the header its proxy does not manage and be believed. A trusted peer that sends neither
 * header is itself the client.
 */
public final class ClientAddresses {

    /** The most hops walked before the chain is judged unknown. */
    static final int MAX_HOPS = 64;

    private final CidrSet trustedProxies;

    /**
     * Creates a resolver.
     *
     * @param trustedProxies the proxies whose forwarding headers are believed; empty to believe none
     */
    public ClientAddresses(CidrSet trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /**
     * Returns whether the client of the request lies in {@code allowed}.
     *
     * @param allowed the allowed ranges
     * @param request the request
     * @return {@code true} only when every source of the client address names an allowed address
     */
    public boolean clientIn(CidrSet allowed, RequestFacts request) {
        byte[] peer = IpAddresses.parse(request.peerAddress());
        if (peer == null) {
            return false;
        }
        if (!trustedProxies.contains(peer)) {
            return allowed.contains(peer);
        }
        String forwarded = joined(request.headers("Forwarded"));
        String xff = joined(request.headers("X-Forwarded-For"));
        if (forwarded == null && xff == null) {
            return allowed.contains(peer);
        }
        if (forwarded != null && !allowed.contains(walk(forwarded, true))) {
            return false;
        }
        return xff == null || allowed.contains(walk(xff, false));
    }

    private static String joined(Enumeration<String> values) {
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return first;
        }
        StringBuilder b = new StringBuilder(first);
        while (values.hasMoreElements()) {
            b.append(',').append(values.nextElement());
        }
        return b.toString();
    }

    /** Walks a header from right to left; returns the client's address, or null when the chain is unusable. */
    private byte[] walk(String header, boolean rfc7239) {
        int end = header.length();
        byte[] last = null;
        for (int hops = 0; hops < MAX_HOPS; hops++) {
            int start = previousComma(header, end) + 1;
            String element = header.substring(start, end);
            String node = rfc7239 ? forParameter(element) : element.strip();
            byte[] address = node == null ? null : IpAddresses.parse(stripPort(node));
            if (address == null) {
                return null;
            }
            if (!trustedProxies.contains(address)) {
                return address;
            }
            last = address;
            if (start == 0) {
                return last;
            }
            end = start - 1;
        }
        return null;
    }

    /** Index of the comma ending the element before {@code end}, skipping quoted strings; -1 when none. */
    private static int previousComma(String s, int end) {
        boolean quoted = false;
        for (int i = end - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** The unquoted value of the {@code for} parameter of one Forwarded element, or null. */
    static String forParameter(String element) {
        int i = 0;
        int n = element.length();
        String result = null;
        while (i < n) {
            while (i < n && (element.charAt(i) == ' ' || element.charAt(i) == '\t' || element.charAt(i) == ';')) {
                i++;
            }
            int nameStart = i;
            while (i < n && element.charAt(i) != '=' && element.charAt(i) != ';') {
                i++;
            }
            if (i >= n || element.charAt(i) != '=') {
                return null;
            }
            String name = element.substring(nameStart, i).strip();
            i++;
            String value;
            if (i < n && element.charAt(i) == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = element.charAt(i++);
                    if (c == '\\' && i < n) {
                        b.append(element.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        b.append(c);
                    }
                }
                if (!closed) {
                    return null;
                }
                value = b.toString();
            } else {
                int valueStart = i;
                while (i < n && element.charAt(i) != ';') {
                    i++;
                }
                value = element.substring(valueStart, i).strip();
            }
            if (name.equalsIgnoreCase("for")) {
                if (result != null) {
                    return null;
                }
                result = value;
            }
        }
        return result;
    }

    /** Removes a port: {@code [v6]:port} to {@code [v6]}, {@code v4:port} to {@code v4}. */
    static String stripPort(String node) {
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0) {
                return node;
            }
            return node.substring(0, close + 1);
        }
        int colon = node.indexOf(':');
        if (colon >= 0 && colon == node.lastIndexOf(':')) {
            return node.substring(0, colon);
        }
        return node;
    }
}
