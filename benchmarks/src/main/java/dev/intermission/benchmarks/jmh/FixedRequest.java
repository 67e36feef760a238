package dev.intermission.benchmarks.jmh;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.intermission.servlet.internal.RequestFacts;

/** A request as the decision sees it, fixed in advance: no container, no parsing. */
final class FixedRequest implements RequestFacts {

    private final String path;
    private final String method;
    private final String peer;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    FixedRequest(String method, String path, String peer) {
        this.method = method;
        this.path = path;
        this.peer = peer;
    }

    FixedRequest header(String name, String value) {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
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
        List<String> values = headers.get(name);
        return values == null ? Collections.emptyEnumeration() : Collections.enumeration(values);
    }
}
