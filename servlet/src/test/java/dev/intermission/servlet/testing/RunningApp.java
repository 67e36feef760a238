package dev.intermission.servlet.testing;

import java.net.URI;

import jakarta.servlet.ServletContext;

/** A deployed {@link WebApp}, listening on 127.0.0.1 and a free port; closing it stops the container. */
public interface RunningApp extends AutoCloseable {

    /** Returns the container. */
    Container container();

    /** Returns the port. */
    int port();

    /** Returns the context path ({@code ""} for the root context). */
    String contextPath();

    /** Returns whether the context started (every filter and load-on-startup servlet initialised). */
    boolean available();

    /** Returns the application's ServletContext. */
    ServletContext servletContext();

    /** Returns {@code http://127.0.0.1:<port><contextPath><path>}. */
    default URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + contextPath() + path);
    }

    /** Stops the container. */
    @Override
    void close();
}
