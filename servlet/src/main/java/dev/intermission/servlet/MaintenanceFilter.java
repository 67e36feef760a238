package dev.intermission.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
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
import dev.intermission.InvalidValueException;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.internal.OwnPool;
import dev.intermission.servlet.internal.AdminEndpoints;
import dev.intermission.servlet.internal.AsyncSupport;
import dev.intermission.servlet.internal.Gate;
import dev.intermission.servlet.internal.InFlightCounter;
import dev.intermission.servlet.internal.InitParams;
import dev.intermission.servlet.internal.Responses;
import dev.intermission.servlet.internal.ServletRequestFacts;
import dev.intermission.servlet.internal.Verdict;

/**
 * Refuses traffic with 503 while the service is in maintenance, except what is allow-listed; in read-only mode
 * only unsafe methods are refused.
 *
 * <p><b>Decision</b>, per request and from memory only (no I/O): a path under the admin path or matching an
 * allow-listed pattern, a safe method in read-only mode, an allow-listed client address, the bypass header or a
 * valid bypass cookie passes; mode off passes; anything else is refused. Each decision is told to the
 * {@link MaintenanceFilterConfig.Builder#outcomeListener(RequestOutcomeListener) outcome listener}, if any. Visiting
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
 * {@code since}, {@code until}, {@code overdue}, {@code retryAfter} and {@code message}; the HTML page says when the
 * service is expected back in words ("back in about 20 minutes", with the exact time in a {@code <time>} element)
 * and says "overdue" once that time has passed; HEAD gets the headers alone. No body ever shows an exception.
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
 * A bad value, or an unknown name in the {@code intermission.} namespace, fails {@link #init(FilterConfig)} with a
 * message naming the parameter; protection is never switched off silently. A name outside the namespace that looks
 * like a mistyped one is logged as a warning, as is a filter declared without {@code <async-supported>} in a
 * webapp with asynchronous servlets. The filter logs through {@link System.Logger}, so its lines reach the
 * container's log with no extra jar.
 *
 * <p><b>Draining</b>: the filter is the {@link InFlightRequests} of its application: it counts the requests it let
 * through that are still running (async ones until their async cycle completes), those with an unsafe method
 * apart as {@link #writesInFlight()}, adds itself to its service with
 * {@link MaintenanceService#addInFlightRequests(InFlightRequests)} (so a window started on any instance waits for
 * them) and publishes itself in the ServletContext attribute {@link #IN_FLIGHT_ATTRIBUTE}. A request is counted
 * before the mode is read (and out at once when refused); requests on the admin path or an allow-listed path are
 * not counted, so health checks and the admin endpoint never hold a window. Map it to {@code /*} for REQUEST dispatches; it applies
 * once per request (forwards, includes, async and error dispatches, and a second mapping, pass through).
 */
public final class MaintenanceFilter implements Filter, InFlightRequests {

    /** The ServletContext attribute holding the {@link MaintenanceService} shared by the filter and endpoint. */
    public static final String SERVICE_ATTRIBUTE = "dev.intermission.MaintenanceService";
    /** The ServletContext attribute where the filter publishes itself as the {@link InFlightRequests}. */
    public static final String IN_FLIGHT_ATTRIBUTE = "dev.intermission.InFlightRequests";
    /** The response header naming the mode on a refusal ({@code full} or {@code read-only}). */
    public static final String MODE_HEADER = Responses.MODE_HEADER;

    private static final System.Logger LOG = System.getLogger(MaintenanceFilter.class.getName());
    private static final String APPLIED_ATTRIBUTE = MaintenanceFilter.class.getName() + ".applied";

    private final InFlightCounter inFlight = new InFlightCounter();
    private final AtomicBoolean listenerFailureLogged = new AtomicBoolean();
    private final AtomicBoolean asyncWarningLogged = new AtomicBoolean();
    private volatile MaintenanceService service;
    private volatile MaintenanceFilterConfig config;
    private volatile Gate gate;
    private volatile Responses responses;
    private volatile RequestOutcomeListener outcomeListener;
    private volatile InstantSource clock;
    private volatile boolean ownsService;
    private volatile ServletContext servletContext;
    private volatile String name = "MaintenanceFilter";
    private volatile boolean registered;

    /** Creates a filter configured by init-params when the container calls {@link #init(FilterConfig)}. */
    public MaintenanceFilter() {
    }

    /**
     * Creates a filter on the application's service (which the filter never closes).
     *
     * @param service the maintenance service
     * @param config  the configuration
     * @throws InvalidValueException when either is {@code null}
     */
    public MaintenanceFilter(MaintenanceService service, MaintenanceFilterConfig config) {
        if (service == null) {
            throw new InvalidValueException("service", null, "must not be null");
        }
        if (config == null) {
            throw new InvalidValueException("config", null, "must not be null");
        }
        use(service, config, false);
    }

    private void use(MaintenanceService service, MaintenanceFilterConfig config, boolean owned) {
        this.config = config;
        this.gate = config.gate();
        this.responses = new Responses(config.compiledTemplate(), config.defaultRetryAfter(),
                config.adminPath().orElse(null));
        this.outcomeListener = config.outcomeListener().orElse(null);
        // Bypass cookies expire on the service's clock, read only when a cookie is minted or checked.
        this.clock = () -> service.status().asOf();
        this.ownsService = owned;
        this.service = service;
    }

    /**
     * Starts the filter: reads the init-params (unless constructed with a service), publishes the filter in
     * {@link #IN_FLIGHT_ATTRIBUTE}, and logs what it protects and any set-up mistake it can see.
     *
     * @param filterConfig the container's filter configuration
     * @throws ServletException naming the parameter when a value is invalid, or when no service can be found
     */
    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        ServletContext context = filterConfig.getServletContext();
        this.servletContext = context;
        if (filterConfig.getFilterName() != null) {
            this.name = filterConfig.getFilterName();
        }
        String source = "the application's service";
        if (service == null) {
            Map<String, String> params = new LinkedHashMap<>();
            for (String param : Collections.list(filterConfig.getInitParameterNames())) {
                params.put(param, filterConfig.getInitParameter(param));
            }
            InitParams.likelyTypos(params.keySet(), MaintenanceFilterConfig.KNOWN_PARAMS).forEach((typo, known) ->
                    LOG.log(Level.WARNING, "Maintenance filter ''{0}'': init-param ''{1}'' is ignored; did you mean "
                            + "''{2}''?", name, typo, known));
            source = initFromParameters(params, context);
        }
        if (context.getAttribute(IN_FLIGHT_ATTRIBUTE) == null) {
            context.setAttribute(IN_FLIGHT_ATTRIBUTE, this);
        }
        registerInFlight();
        List<String> asyncServlets = AsyncSupport.asyncServletsBehindSyncFilter(context, name);
        if (!asyncServlets.isEmpty() && asyncWarningLogged.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "Maintenance filter ''{0}'' does not support async, but the asynchronous "
                    + "servlets {1} run behind it: their requests will fail. To fix it, {2}.", name, asyncServlets,
                    AsyncSupport.FIX);
        }
        MaintenanceFilterConfig c = config;
        for (AdminEndpoints.Refused admin : AdminEndpoints.refusedDuringMaintenance(context, name,
                c.adminPath().orElse(null), c.allowPaths())) {
            LOG.log(Level.WARNING, "Maintenance filter ''{0}'' refuses the admin endpoint ''{1}'' at {2} during "
                    + "maintenance (its admin path is {3}), so operators could not switch maintenance off over HTTP. "
                    + "To fix it, set {4} to {2} (in code: adminPath(\"{2}\")).", name, admin.servletName(),
                    admin.basePath(), c.adminPath().orElse("none"), MaintenanceFilterConfig.PARAM_ADMIN_PATH);
        }
        LOG.log(Level.INFO, "Maintenance filter ''{0}'' protects service ''{1}'' ({2}): admin path {3}, {4} "
                        + "allow-listed path(s), {5} allow-listed address range(s), bypass {6}", name,
                service.serviceName(), source, c.adminPath().orElse("none"), c.allowPaths().size(),
                c.allowIps().size(), c.bypassEnabled() ? "on" : "off");
    }

    private void registerInFlight() {
        try {
            service.addInFlightRequests(this);
            registered = true;
        } catch (UnsupportedOperationException e) {
            LOG.log(Level.INFO, "Maintenance filter ''{0}'': service ''{1}'' does not track instances; its in-flight "
                    + "requests are not reported to other instances", name, service.serviceName());
        }
    }

    private String initFromParameters(Map<String, String> params, ServletContext context) throws ServletException {
        MaintenanceFilterConfig built;
        try {
            MaintenanceFilterConfig.Builder builder = MaintenanceFilterConfig.builderFromInitParameters(params);
            String resource = blankToNull(params.get(MaintenanceFilterConfig.PARAM_HTML_TEMPLATE_RESOURCE));
            if (resource != null) {
                if (blankToNull(params.get(MaintenanceFilterConfig.PARAM_HTML_TEMPLATE)) != null) {
                    throw new InvalidValueException(MaintenanceFilterConfig.PARAM_HTML_TEMPLATE_RESOURCE, resource,
                            "give either it or " + MaintenanceFilterConfig.PARAM_HTML_TEMPLATE + ", not both");
                }
                try {
                    builder.htmlTemplate(readResource(context, resource.strip()));
                } catch (InvalidValueException e) {
                    throw e.withField(MaintenanceFilterConfig.PARAM_HTML_TEMPLATE_RESOURCE);
                }
            }
            built = builder.build();
        } catch (InvalidValueException e) {
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
            warnUnused(params, List.of(MaintenanceFilterConfig.PARAM_SERVICE_NAME,
                    MaintenanceFilterConfig.PARAM_REFRESH_INTERVAL, MaintenanceFilterConfig.PARAM_TABLE_PREFIX,
                    MaintenanceFilterConfig.PARAM_JDBC_USER, MaintenanceFilterConfig.PARAM_JDBC_PASSWORD),
                    sharedService, "the application's service in the ServletContext attribute " + SERVICE_ATTRIBUTE);
            return "the service in the ServletContext attribute " + SERVICE_ATTRIBUTE;
        }
        Maintenance.Builder builder = Maintenance.newBuilder()
                .serviceName(built.serviceName())
                .refreshInterval(built.refreshInterval())
                .tablePrefix(built.tablePrefix());
        String source;
        try {
            if (jdbcUrl != null) {
                String url = jdbcUrl.strip();
                // The parameters after ';' or '?', and a user's password before the host, are never echoed.
                String shown = OwnPool.redact(url);
                if (!url.startsWith("jdbc:")) {
                    throw new InvalidValueException(MaintenanceFilterConfig.PARAM_JDBC_URL, shown,
                            "must start with 'jdbc:'");
                }
                builder.jdbcUrl(url, params.get(MaintenanceFilterConfig.PARAM_JDBC_USER),
                        params.get(MaintenanceFilterConfig.PARAM_JDBC_PASSWORD));
                source = "its own connections to " + shown;
            } else {
                builder.dataSource(lookup(jndi.strip()));
                source = "its own service on the JNDI DataSource " + jndi.strip();
            }
            if (jdbcUrl == null) {
                // The container's DataSource holds its own credentials.
                warnUnused(params, List.of(MaintenanceFilterConfig.PARAM_JDBC_USER,
                        MaintenanceFilterConfig.PARAM_JDBC_PASSWORD), null, source);
            }
        } catch (InvalidValueException e) {
            throw new ServletException("MaintenanceFilter: " + e.getMessage(), e);
        }
        MaintenanceService own;
        try {
            own = builder.build();
        } catch (InvalidValueException e) {
            // The builder names its own field (jdbcUrl: no driver accepts it); the user wrote the init-param.
            InvalidValueException named = "jdbcUrl".equals(e.field())
                    ? e.withField(MaintenanceFilterConfig.PARAM_JDBC_URL) : e;
            throw new ServletException("MaintenanceFilter: cannot start the maintenance service for "
                    + built.serviceName() + ": " + named.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ServletException("MaintenanceFilter: cannot start the maintenance service for "
                    + built.serviceName() + ": " + e.getMessage(), e);
        }
        use(own, built, true);
        if (context.getAttribute(SERVICE_ATTRIBUTE) == null) {
            context.setAttribute(SERVICE_ATTRIBUTE, own);
        }
        return source;
    }

    /**
     * Warns, once, about init-params given for a service the filter does not build (copied from a web.xml where it
     * built its own): they change nothing, and whoever wrote them should know which service is protected.
     */
    private void warnUnused(Map<String, String> params, List<String> names, MaintenanceService used, String source) {
        List<String> unused = names.stream().filter(n -> blankToNull(params.get(n)) != null).toList();
        if (!unused.isEmpty()) {
            LOG.log(Level.WARNING, "Maintenance filter ''{0}'': init-param(s) {1} are not used: the filter reads "
                    + "{2}{3}", name, unused, used == null ? "" : "service '" + used.serviceName() + "', ", source);
        }
    }

    private static String readResource(ServletContext context, String path) throws ServletException {
        try (InputStream in = context.getResourceAsStream(path)) {
            if (in == null) {
                throw new InvalidValueException(MaintenanceFilterConfig.PARAM_HTML_TEMPLATE_RESOURCE, path,
                        "names no webapp resource");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ServletException("MaintenanceFilter: " + MaintenanceFilterConfig.PARAM_HTML_TEMPLATE_RESOURCE
                    + ": cannot read '" + path + "': " + e.getMessage(), e);
        }
    }

    private static DataSource lookup(String jndiName) {
        NamingException failure = null;
        String[] candidates = jndiName.startsWith("java:") ? new String[] {jndiName}
                : new String[] {"java:comp/env/" + jndiName, jndiName};
        for (String candidate : candidates) {
            try {
                Object found = new InitialContext().lookup(candidate);
                if (found instanceof DataSource dataSource) {
                    return dataSource;
                }
                throw new InvalidValueException(MaintenanceFilterConfig.PARAM_DATA_SOURCE_JNDI, jndiName,
                        "names a " + (found == null ? "null" : found.getClass().getName()) + " under '" + candidate
                                + "', not a DataSource");
            } catch (NamingException e) {
                failure = e;
            }
        }
        InvalidValueException e = new InvalidValueException(MaintenanceFilterConfig.PARAM_DATA_SOURCE_JNDI,
                jndiName, "names no DataSource (" + (failure == null ? "not found" : failure.getClass().getSimpleName()
                + ": " + failure.getMessage()) + "); declare it in the container (Tomcat: context.xml; Jetty: "
                + "jetty-env.xml) and a <resource-ref> in web.xml");
        e.initCause(failure);
        throw e;
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
        ServletRequestFacts facts = new ServletRequestFacts(http);
        // Counted before the mode is read, so a request that reads OFF just before a change is already counted
        // when this instance next reports; allow-listed paths (health checks, the admin endpoint) are never
        // counted, so they never hold a window.
        boolean counted = !gate.exemptFromDrain(facts);
        boolean write = counted && gate.mayWrite(facts);
        if (counted) {
            inFlight.enter(write);
        }
        boolean passes = false;
        try {
            Mode mode = current.effectiveMode();
            Verdict verdict = gate.decide(facts, mode, clock);
            passes = verdict.passes();
            if (!passes && counted) {
                inFlight.leaveNow(write);
                counted = false;
            }
            tell(verdict.outcome());
            if (passes) {
                boolean asyncSupported = http.isAsyncSupported();
                try {
                    chain.doFilter(request, response);
                } catch (IOException | ServletException | RuntimeException e) {
                    noteAsyncRefusal(e, asyncSupported);
                    throw e;
                }
            } else if (verdict == Verdict.BYPASS_VISIT) {
                Responses.bypassVisit(http, httpResponse, gate.bypass(), clock.instant());
            } else {
                responses.refuse(http, httpResponse, mode, current.status());
            }
        } finally {
            if (counted) {
                if (passes) {
                    inFlight.leave(http, write);
                } else {
                    inFlight.leaveNow(write);
                }
            }
        }
    }

    private void tell(RequestOutcome outcome) {
        RequestOutcomeListener listener = outcomeListener;
        if (listener == null) {
            return;
        }
        try {
            listener.onOutcome(outcome);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            if (listenerFailureLogged.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "Maintenance filter '" + name + "': the request outcome listener failed; "
                        + "requests go on, and later failures of the listener are not logged", e);
            }
        }
    }

    private void noteAsyncRefusal(Exception failure, boolean asyncSupported) {
        if (AsyncSupport.isAsyncRefusal(failure, asyncSupported) && asyncWarningLogged.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "Maintenance filter ''{0}'': a request failed with an IllegalStateException "
                    + "while its filter chain does not support async; an asynchronous servlet cannot start async "
                    + "behind this filter. To fix it, {1}.", name, AsyncSupport.FIX);
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
     * Returns the number of those requests whose method is not a safe one (what a read-only window waits for).
     *
     * @return zero or more, at most {@link #inFlight()}
     */
    @Override
    public int writesInFlight() {
        return inFlight.writes();
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
        if (registered && current != null) {
            current.removeInFlightRequests(this);
            registered = false;
        }
        if (ownsService && current != null) {
            current.close();
            LOG.log(Level.INFO, "Maintenance filter ''{0}'' stopped and closed its service ''{1}''", name,
                    current.serviceName());
        }
    }
}
