package dev.intermission.servlet.testing;

/** The embedded servlet containers the tests run in. */
public enum Container {
    /** Jetty 12, ee10 (Servlet 6.0). */
    JETTY,
    /** Tomcat 10.1 (Servlet 6.0). */
    TOMCAT
}
