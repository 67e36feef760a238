package dev.intermission.servlet.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContextListener;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * A container-neutral description of a small web application for tests: filters, servlets, context attributes
 * and listeners; {@link Containers#start(Container, WebApp)} deploys it on Jetty or Tomcat.
 *
 * <p>Filters are mapped for REQUEST dispatches unless told otherwise; every servlet supports async, and every
 * filter unless added with {@link #syncFilter}.
 */
public final class WebApp {

    /**
     * One filter: an instance, or a class the container instantiates (as from {@code web.xml}); async-supported
     * unless told otherwise.
     */
    public record FilterSpec(String name, Filter instance, Class<? extends Filter> type, Map<String, String> initParams,
            Set<DispatcherType> dispatchers, List<String> urlPatterns, boolean asyncSupported) {
    }

    /** One servlet: an instance, or a class the container instantiates (loaded on startup). */
    public record ServletSpec(String name, Servlet instance, Class<? extends Servlet> type,
            Map<String, String> initParams, List<String> mappings) {
    }

    final String contextPath;
    final List<FilterSpec> filters = new ArrayList<>();
    final List<ServletSpec> servlets = new ArrayList<>();
    final Map<String, Object> attributes = new LinkedHashMap<>();
    final Map<String, String> resources = new LinkedHashMap<>();
    final List<ServletContextListener> listeners = new ArrayList<>();
    boolean lenientUris;
    boolean secure;
    Consumer<ServletContextHandler> jettyCustomizer = c -> { };
    BiConsumer<Tomcat, Context> tomcatCustomizer = (t, c) -> { };

    private static final Set<DispatcherType> REQUEST = Set.of(DispatcherType.REQUEST);

    private WebApp(String contextPath) {
        this.contextPath = contextPath;
    }

    /**
     * Starts describing an application.
     *
     * @param contextPath {@code ""} for the root context, else {@code /name}
     * @return the description
     */
    public static WebApp at(String contextPath) {
        if (!contextPath.isEmpty() && (!contextPath.startsWith("/") || contextPath.endsWith("/"))) {
            throw new IllegalArgumentException("contextPath: '' or '/name', was '" + contextPath + "'");
        }
        return new WebApp(contextPath);
    }

    /** Adds a filter instance, mapped for REQUEST dispatches. */
    public WebApp filter(String name, Filter filter, String... urlPatterns) {
        return filter(name, filter, Map.of(), urlPatterns);
    }

    /** Adds a filter instance with init-params, mapped for REQUEST dispatches. */
    public WebApp filter(String name, Filter filter, Map<String, String> initParams, String... urlPatterns) {
        filters.add(new FilterSpec(name, filter, null, Map.copyOf(initParams), REQUEST, List.of(urlPatterns), true));
        return this;
    }

    /** Adds a filter instance mapped for the given dispatcher types. */
    public WebApp filter(String name, Filter filter, Set<DispatcherType> dispatchers, String... urlPatterns) {
        filters.add(new FilterSpec(name, filter, null, Map.of(), Set.copyOf(dispatchers), List.of(urlPatterns), true));
        return this;
    }

    /** Adds a filter the container instantiates with its no-arg constructor, as {@code web.xml} does. */
    public WebApp filter(String name, Class<? extends Filter> type, Map<String, String> initParams,
            String... urlPatterns) {
        filters.add(new FilterSpec(name, null, type, Map.copyOf(initParams), REQUEST, List.of(urlPatterns), true));
        return this;
    }

    /**
     * Adds a filter the container instantiates, declared without async support (as a {@code web.xml}
     * {@code <filter>} without {@code <async-supported>}).
     */
    public WebApp syncFilter(String name, Class<? extends Filter> type, Map<String, String> initParams,
            String... urlPatterns) {
        filters.add(new FilterSpec(name, null, type, Map.copyOf(initParams), REQUEST, List.of(urlPatterns), false));
        return this;
    }

    /** Adds a servlet instance. */
    public WebApp servlet(String name, Servlet servlet, String... mappings) {
        return servlet(name, servlet, Map.of(), mappings);
    }

    /** Adds a servlet instance with init-params; the container initialises it on first use. */
    public WebApp servlet(String name, Servlet servlet, Map<String, String> initParams, String... mappings) {
        servlets.add(new ServletSpec(name, servlet, null, Map.copyOf(initParams), List.of(mappings)));
        return this;
    }

    /** Adds a servlet the container instantiates with its no-arg constructor and loads on startup. */
    public WebApp servlet(String name, Class<? extends Servlet> type, Map<String, String> initParams,
            String... mappings) {
        servlets.add(new ServletSpec(name, null, type, Map.copyOf(initParams), List.of(mappings)));
        return this;
    }

    /** Sets a ServletContext attribute before any filter or servlet starts. */
    public WebApp attribute(String name, Object value) {
        attributes.put(name, value);
        return this;
    }

    /** Adds a static resource to the application (readable through {@code ServletContext.getResourceAsStream}). */
    public WebApp resource(String path, String content) {
        if (!path.startsWith("/") || path.contains("..")) {
            throw new IllegalArgumentException("path: must be absolute without '..', was '" + path + "'");
        }
        resources.put(path, content);
        return this;
    }

    /** Adds a context listener. */
    public WebApp listener(ServletContextListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Relaxes the container's URI checks as far as it allows (Jetty: UNSAFE compliance and decoded ambiguous
     * URIs; Tomcat: encoded slashes and backslashes decoded, raw backslashes allowed), to test a filter against
     * paths a stricter container would reject.
     */
    public WebApp lenientUris() {
        this.lenientUris = true;
        return this;
    }

    /** Makes {@code request.isSecure()} true (as behind a TLS connector), without setting up TLS. */
    public WebApp secure() {
        this.secure = true;
        return this;
    }

    /** Customizes the Jetty context before start. */
    public WebApp onJetty(Consumer<ServletContextHandler> customizer) {
        this.jettyCustomizer = customizer;
        return this;
    }

    /** Customizes Tomcat and the context before start (naming, resources). */
    public WebApp onTomcat(BiConsumer<Tomcat, Context> customizer) {
        this.tomcatCustomizer = customizer;
        return this;
    }
}
