package dev.intermission.servlet.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Plain {@link RequestFacts} for unit tests of the decision. */
final class Requests implements RequestFacts {

    private final String path;
    private final String method;
    private final String peer;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();

    private Requests(String method, String path, String peer) {
        this.method = method;
        this.path = path;
        this.peer = peer;
    }

    static Requests of(String method, String path) {
        return new Requests(method, path, "198.51.100.10");
    }

    Requests from(String peerAddress) {
        Requests copy = new Requests(method, path, peerAddress);
        headers.forEach((k, v) -> copy.headers.put(k, new ArrayList<>(v)));
        return copy;
    }

    Requests header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String peerAddress() {
        return peer;
    }

    @Override
    public Enumeration<String> headers(String name) {
        return Collections.enumeration(headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
    }
}
