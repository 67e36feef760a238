package dev.intermission.admin;

import dev.intermission.servlet.MaintenanceFilter;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.intermission.MaintenanceService;
import dev.intermission.admin.internal.AdminHandler;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The admin endpoint: read and switch maintenance over HTTP. Mount it at any path with a trailing wildcard,
 * for example {@code /service-context/*}:
 *
 * <ul>
 *   <li>{@code GET <base>}: the status as JSON (public unless configured otherwise);</li>
 *   <li>{@code PATCH <base>}: {@code {"maintenance": true|false}} or {@code {"mode": "FULL"|"READ_ONLY"|"OFF",
 *       "message": "...", "until": "<ISO-8601>", "expectedVersion": n}}; answers the new status, 409 on a version
 *       conflict;</li>
 *   <li>{@code GET <base>/history?limit=N}: the audit entries, newest first;</li>
 *   <li>{@code PUT <base>/schedule} with {@code {"start", "end", "mode", "message", "expectedVersion"}} and
 *       {@code DELETE <base>/schedule[?expectedVersion=n]}: set and cancel the scheduled window;</li>
 *   <li>with {@link MaintenanceAdminConfig.Builder#migrations migrations} configured (404 otherwise):
 *       {@code POST <base>/migrations} with an optional {@code {"mode": "FULL"|"READ_ONLY", "message": "...",
 *       "estimate": "PT10M"}} starts a migration window on its own thread and answers 202 with
 *       {@code {"id", "status"}} and {@code Location} once it is recorded, 200 with the result when it ended at
 *       once (nothing pending), 409 with the running window's id when another one holds the lock;
 *       {@code GET <base>/migrations/{id}} reads its record and {@code GET <base>/migrations?limit=N} the newest
 *       ones.</li>
 * </ul>
 *
 * <p>Everything but the status needs a named bearer token or the {@link AdminAuthorizer}'s approval; cookies
 * never authorize. Bodies must be JSON within the size limit; every refusal is an
 * {@code application/problem+json} answer naming the field, and changes nothing. Changes are recorded with
 * the actor, {@link dev.intermission.Origin#HTTP} and the peer's address ({@code getRemoteAddr()}, so
 * forwarding headers are not trusted here).
 */
public final class MaintenanceAdminServlet extends HttpServlet {

    /** The ServletContext attribute under which the no-arg constructor finds the {@link MaintenanceService}. */
    public static final String SERVICE_ATTRIBUTE = MaintenanceFilter.SERVICE_ATTRIBUTE;

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceAdminServlet.class);

    private transient MaintenanceService service;
    private transient MaintenanceAdminConfig config;
    private transient AdminHandler handler;

    /**
     * Creates a servlet for {@code web.xml}: at {@link #init()} it takes the service from the ServletContext
     * attribute {@link #SERVICE_ATTRIBUTE} and its configuration from init-params (see
     * {@link MaintenanceAdminConfig#fromInitParameters}).
     */
    public MaintenanceAdminServlet() {
    }

    /**
     * Creates a servlet for code.
     *
     * @param service the maintenance service to read and change
     * @param config  the endpoint's settings
     * @throws IllegalArgumentException when either is {@code null}
     */
    public MaintenanceAdminServlet(MaintenanceService service, MaintenanceAdminConfig config) {
        if (service == null) {
            throw new IllegalArgumentException("service: must not be null");
        }
        if (config == null) {
            throw new IllegalArgumentException("config: must not be null");
        }
        this.service = service;
        this.config = config;
    }

    /**
     * Resolves the service and configuration when they were not given to the constructor.
     *
     * @throws ServletException when the attribute is missing, an init-param is invalid, or the configured
     *                          migrations cannot run on the service
     */
    @Override
    public void init() throws ServletException {
        if (service == null) {
            Object attribute = getServletContext().getAttribute(SERVICE_ATTRIBUTE);
            if (!(attribute instanceof MaintenanceService found)) {
                throw new ServletException("ServletContext attribute '" + SERVICE_ATTRIBUTE + "' must hold the "
                        + "MaintenanceService, was " + (attribute == null ? "missing" : attribute.getClass().getName()));
            }
            service = found;
        }
        if (config == null) {
            try {
                config = MaintenanceAdminConfig.fromInitParameters(this::getInitParameter);
            } catch (IllegalArgumentException e) {
                throw new ServletException("invalid admin endpoint configuration: " + e.getMessage());
            }
        }
        if (!config.hasCredentials()) {
            LOG.warn("Maintenance admin endpoint of '{}' has no token ({}) and no authorizer: every change "
                    + "answers 403", service.serviceName(), MaintenanceAdminConfig.TOKENS_PARAM);
        }
        try {
            handler = new AdminHandler(service, config);
        } catch (IllegalArgumentException e) {
            throw new ServletException("invalid admin endpoint configuration: " + e.getMessage(), e);
        }
    }

    /**
     * Serves every method itself, so unknown ones answer 405 with {@code Allow} rather than the container's 501.
     *
     * @param request  the request
     * @param response the response
     * @throws IOException when the answer cannot be written
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handler.handle(request, response);
    }
}
