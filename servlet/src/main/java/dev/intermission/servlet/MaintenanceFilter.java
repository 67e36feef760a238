package dev.intermission.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.intermission.InFlightRequests;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.servlet.internal.Gate;
import dev.intermission.servlet.internal.InFlightCounter;
import dev.intermission.servlet.internal.Responses;
import dev.intermission.servlet.internal.ServletRequestFacts;
import dev.intermission.servlet.internal.Verdict;

/**
 * Refuses traffic with 503 while the service is in maintenance, except what is allow-listed; in read-only mode
 * only unsafe methods are refused.
 *
 * <p><b>Decision</b>, per request and from memory only (no I/O): a path under the admin path or matching an
 * allow-listed pattern, a safe method in read-only mode, an allow-listed client address, the bypass header or a
 * valid bypass cookie passes; mode OFF passes; anything else is refused. Visiting
 * {@code <bypassPath>/<secret>} with the right secret sets the bypass cookie (HttpOnly, SameSite=Lax,
 * {@code Path=/}, Secure on HTTPS) and redirects (303) to the context root; a wrong secret is treated like any
 * other path. See {@link MaintenanceFilterConfig.Builder} for how paths and client addresses are matched.
 *
 * <p><b>Refusal</b>: status 503 with {@code Retry-After} (whole seconds until the expected end, rounded up, or
 * the configured default), {@code Cache-Control: no-store}, {@code Vary: Accept} and
 * {@code Intermission-Mode: full} or {@code read-only}. The body follows the client's {@code Accept} header: each
 * of JSON ({@code application/problem+json} or {@code application/json}), HTML ({@code text/html}) and text
 * ({@code text/plain}) gets the q-value of the most specific range that matches it (an exact type, then
 * {@code application/*} or {@code text/*}, then the any-type range); the client <em>prefers</em> the one with the
 * highest q-value, a tie going to the more specific range, then to the range listed first; when one range decides
 * several (as the any-type range alone does), or nothing is acceptable, or there is no {@code Accept} header, the
 * answer is text. So a browser gets HTML, {@code Accept: application/json} gets JSON, and {@code curl} gets text.
 * JSON is an RFC 9457 problem ({@code type}, {@code title}, {@code status}, {@code detail}) with {@code mode},
 * {@code since}, {@code until}, {@code retryAfter} and {@code message}; HEAD gets the headers alone.
 *
 * <p><b>Set-up</b>, one of three ways:
 * <ol>
 *   <li>in code: {@code new MaintenanceFilter(service, config)}; the application owns the service;</li>
 *   <li>in {@code web.xml} alone: the public no-arg constructor, configured by the init-params named in
 *       {@link MaintenanceFilterConfig} ({@code PARAM_*}); with {@link MaintenanceFilterConfig#PARAM_JDBC_URL}
 *       or {@link MaintenanceFilterConfig#PARAM_DATA_SOURCE_JNDI} the filter builds its own service, publishes
 *       it in the ServletContext attribute {@link #SERVICE_ATTRIBUTE} (when that is free) and closes it on
 *       {@link #destroy()};</li>
 *   <li>with the no-arg constructor and a service the application stored in the ServletContext attribute
 *       {@link #SERVICE_ATTRIBUTE} before the filter starts (the application keeps owning it).</li>
 * </ol>
 * A bad value fails {@link #init(FilterConfig)} with a message naming the parameter; protection is never switched
 * off silently.
 *
 * <p><b>Draining</b>: the filter is the {@link InFlightRequests} of its application: it counts the requests it let
 * through that are still running (async ones until their async cycle completes), and publishes itself in the
 * ServletContext attribute {@link #IN_FLIGHT_ATTRIBUTE}. Map it to {@code /*} for REQUEST dispatches; it applies
 * once per request (forwards, includes, async and error dispatches, and a second mapping, pass through).
 */
public final class MaintenanceFilter implements Filter, InFlightRequests {

    /** The ServletContext attribute holding the {@link MaintenanceService} shared by the filter and endpoint. */
    public static final String SERVICE_ATTRIBUTE = "dev.intermission.MaintenanceService";
    /** The ServletContext attribute where the filter publishes itself as the {@link InFlightRequests}. */
    public static final String IN_FLIGHT_ATTRIBUTE = "dev.intermission.InFlightRequests";
    /** The response header naming the mode on a refusal ({@code full} or {@code read-only}). */
    public static final String MODE_HEADER = Responses.MODE_HEADER;

    private static final String APPLIED_ATTRIBUTE = MaintenanceFilter.class.getName() + ".applied";

    private final InFlightCounter inFlight = new InFlightCounter();
    private volatile MaintenanceService service;
    private volatile MaintenanceFilterConfig config;
    private volatile Gate gate;
    private volatile Responses responses;
    private volatile InstantSource clock;
    private volatile boolean ownsService;
    private volatile ServletContext servletContext;

    /** Creates a filter configured by init-params when the container calls {@link #init(FilterConfig)}. */
    public MaintenanceFilter() {
    }

    /**
     * Creates a filter on the application's service (which the filter never closes).
     *
     * @param service the maintenance service
     * @param config  the configuration
     * @throws IllegalArgumentException when either is {@code null}
     */
    public MaintenanceFilter(MaintenanceService service, MaintenanceFilterConfig config) {
        if (service == null) {
            throw new IllegalArgumentException("service: must not be null");
        }
        if (config == null) {
            throw new IllegalArgumentException("config: must not be null");
        }
        use(service, config, false);
    }

    private void use(MaintenanceService service, MaintenanceFilterConfig config, boolean owned) {
        this.config = config;
        this.gate = config.gate();
        this.responses = new Responses(config.compiledTemplate(), config.defaultRetryAfter());
        // Bypass cookies expire on the service's clock, read only when a cookie is minted or checked.
        this.clock = () -> service.status().asOf();
        this.ownsService = owned;
        this.service = service;
    }

    /**
     * Starts the filter: reads the init-params (unless constructed with a service) and publishes the filter in
     * {@link #IN_FLIGHT_ATTRIBUTE}.
     *
     * @param filterConfig the container's filter configuration
     * @throws ServletException naming the parameter when a value is invalid, or when no service can be found
     */
    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        ServletContext context = filterConfig.getServletContext();
        this.servletContext = context;
        if (service == null) {
            Map<String, String> params = new LinkedHashMap<>();
            for (String name : Collections.list(filterConfig.getInitParameterNames())) {
                params.put(name, filterConfig.getInitParameter(name));
            }
            initFromParameters(params, context);
        }
        if (context.getAttribute(IN_FLIGHT_ATTRIBUTE) == null) {
            context.setAttribute(IN_FLIGHT_ATTRIBUTE, this);
        }
    }

    private void initFromParameters(Map<String, String> params, ServletContext context) throws ServletException {
        MaintenanceFilterConfig built;
        try {
            MaintenanceFilterConfig.Builder builder = MaintenanceFilterConfig.builderFromInitParameters(params);
            String resource = blankToNull(params.get(MaintenanceFilterConfig.PARAM_HTML_TEMPLATE_RESOURCE));
            if (resource != null) {
                if (blankToNull(params.get(MaintenanceFilterConfig.PARAM_HTML_TEMPLATE)) != null) {
                    throw new IllegalArgumentException(MaintenanceFilterConfig.PARAM_HTML_TEMPLATE_RESOURCE
                            + ": give either it or " + MaintenanceFilterConfig.PARAM_HTML_TEMPLATE + ", not both");
                }
                try {
                    builder.htmlTemplate(readResource(context, resource.strip()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(MaintenanceFilterConfig.rename(e.getMessage(), "htmlTemplate",
                            MaintenanceFilterConfig.PARAM_HTML_TEMPLATE_RESOURCE), e);
                }
            }
            built = builder.build();
        } catch (IllegalArgumentException e) {
            throw new ServletException("MaintenanceFilter: " + e.getMessage(), e);
        }

        String jdbcUrl = blankToNull(params.get(MaintenanceFilterConfig.PARAM_JDBC_URL));
        String jndi = blankToNull(params.get(MaintenanceFilterConfig.PARAM_DATA_SOURCE_JNDI));
        if (jdbcUrl != null && jndi != null) {
            throw new ServletException("MaintenanceFilter: " + MaintenanceFilterConfig.PARAM_JDBC_URL + " and "
                    + MaintenanceFilterConfig.PARAM_DATA_SOURCE_JNDI + " are both set; give one");
        }
        if (jdbcUrl == null && jndi == null) {
            Object shared = context.getAttribute(SERVICE_ATTRIBUTE);
            if (shared == null) {
                throw new ServletException("MaintenanceFilter: no MaintenanceService: set "
                        + MaintenanceFilterConfig.PARAM_JDBC_URL + " or "
                        + MaintenanceFilterConfig.PARAM_DATA_SOURCE_JNDI
                        + ", or store one in the ServletContext attribute '" + SERVICE_ATTRIBUTE + "'");
            }
            if (!(shared instanceof MaintenanceService sharedService)) {
                throw new ServletException("MaintenanceFilter: the ServletContext attribute '" + SERVICE_ATTRIBUTE
                        + "' holds a " + shared.getClass().getName() + ", not a MaintenanceService");
            }
            use(sharedService, built, false);
            return;
        }
        Maintenance.Builder builder = Maintenance.newBuilder()
                .serviceName(built.serviceName())
                .refreshInterval(built.refreshInterval())
                .tablePrefix(built.tablePrefix());
        try {
            if (jdbcUrl != null) {
                builder.jdbcUrl(jdbcUrl.strip(), params.get(MaintenanceFilterConfig.PARAM_JDBC_USER),
                        params.get(MaintenanceFilterConfig.PARAM_JDBC_PASSWORD));
            } else {
                builder.dataSource(lookup(jndi.strip()));
            }
        } catch (IllegalArgumentException e) {
            String param = jdbcUrl != null ? MaintenanceFilterConfig.PARAM_JDBC_URL
                    : MaintenanceFilterConfig.PARAM_DATA_SOURCE_JNDI;
            throw new ServletException("MaintenanceFilter: " + MaintenanceFilterConfig.rename(e.getMessage(),
                    jdbcUrl != null ? "jdbcUrl" : "dataSource", param), e);
        }
        MaintenanceService own;
        try {
            own = builder.build();
        } catch (RuntimeException e) {
            throw new ServletException("MaintenanceFilter: cannot start the maintenance service for "
                    + built.serviceName() + ": " + e.getMessage(), e);
        }
        use(own, built, true);
        if (context.getAttribute(SERVICE_ATTRIBUTE) == null) {
            context.setAttribute(SERVICE_ATTRIBUTE, own);
        }
    }

    private static String readResource(ServletContext context, String path) throws ServletException {
        try (InputStream in = context.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("htmlTemplate: no webapp resource '" + path + "'");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ServletException("MaintenanceFilter: " + MaintenanceFilterConfig.PARAM_HTML_TEMPLATE_RESOURCE
                    + ": cannot read '" + path + "': " + e.getMessage(), e);
        }
    }

    private static DataSource lookup(String name) {
        NamingException failure = null;
        String[] candidates = name.startsWith("java:") ? new String[] {name}
                : new String[] {"java:comp/env/" + name, name};
        for (String candidate : candidates) {
            try {
                Object found = new InitialContext().lookup(candidate);
                if (found instanceof DataSource dataSource) {
                    return dataSource;
                }
                throw new IllegalArgumentException("dataSource: JNDI name '" + candidate + "' holds a "
                        + (found == null ? "null" : found.getClass().getName()) + ", not a DataSource");
            } catch (NamingException e) {
                failure = e;
            }
        }
        throw new IllegalArgumentException("dataSource: no DataSource under JNDI name '" + name + "' ("
                + (failure == null ? "not found" : failure.getClass().getSimpleName() + ": " + failure.getMessage())
                + ")", failure);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Lets the request through or refuses it; see the class description.
     *
     * @param request  the request
     * @param response the response
     * @param chain    the rest of the chain
     * @throws IOException      from the chain, or when the client went away
     * @throws ServletException from the chain
     */
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)
                || http.getDispatcherType() != DispatcherType.REQUEST || http.getAttribute(APPLIED_ATTRIBUTE) != null) {
            chain.doFilter(request, response);
            return;
        }
        MaintenanceService current = service;
        if (current == null) {
            throw new ServletException("MaintenanceFilter: not initialised (init() was not called)");
        }
        http.setAttribute(APPLIED_ATTRIBUTE, Boolean.TRUE);
        Mode mode = current.effectiveMode();
        Verdict verdict = gate.decide(new ServletRequestFacts(http), mode, clock);
        if (verdict.passes()) {
            inFlight.enter();
            try {
                chain.doFilter(request, response);
            } finally {
                inFlight.leave(http);
            }
        } else if (verdict == Verdict.BYPASS_VISIT) {
            Responses.bypassVisit(http, httpResponse, gate.bypass(), clock.instant());
        } else {
            responses.refuse(http, httpResponse, mode, current.status());
        }
    }

    /**
     * Returns the number of requests this filter let through that are still running, async ones included.
     *
     * @return zero or more
     */
    @Override
    public int inFlight() {
        return inFlight.current();
    }

    /**
     * Returns the configuration in use.
     *
     * @return the configuration, or {@code null} before {@link #init(FilterConfig)} of a filter built by the
     *         container
     */
    public MaintenanceFilterConfig config() {
        return config;
    }

    /**
     * Returns the maintenance service the filter reads.
     *
     * @return the service, or {@code null} before {@link #init(FilterConfig)} of a filter built by the container
     */
    public MaintenanceService service() {
        return service;
    }

    /** Withdraws the attributes the filter published and closes the service if the filter built it. */
    @Override
    public void destroy() {
        ServletContext context = servletContext;
        MaintenanceService current = service;
        if (context != null) {
            if (context.getAttribute(IN_FLIGHT_ATTRIBUTE) == this) {
                context.removeAttribute(IN_FLIGHT_ATTRIBUTE);
            }
            if (ownsService && current != null && context.getAttribute(SERVICE_ATTRIBUTE) == current) {
                context.removeAttribute(SERVICE_ATTRIBUTE);
            }
        }
        if (ownsService && current != null) {
            current.close();
        }
    }
}
