package dev.intermission.servlet.internal;

import java.util.Enumeration;

/** What the decision needs to know about one request, with no servlet type in sight. */
public interface RequestFacts {

    /**
     * Returns the decoded, normalised path inside the context as the container will dispatch it (servlet path
     * plus path info).
     *
     * @return the path, or {@code null} when the container could not give one
     */
    String path();

    /**
     * Returns the HTTP method, as sent (methods are case-sensitive).
     *
     * @return the method
     */
    String method();

    /**
     * Returns the address of the direct peer (the TCP connection's other end).
     *
     * @return the address literal, or {@code null}
     */
    String peerAddress();

    /**
     * Returns every value of a request header, in the order received.
     *
     * @param name the header name, case-insensitive
     * @return the values, possibly none; never {@code null}
     */
    Enumeration<String> headers(String name);
}
