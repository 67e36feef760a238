package dev.intermission.admin;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceService;
import dev.intermission.admin.internal.AdminHandler;
import dev.intermission.servlet.MaintenanceFilter;
import dev.intermission.servlet.internal.InitParams;

/**
 * The admin endpoint: read and switch maintenance over HTTP. Mount it at any path with a trailing wildcard,
 * for example {@code /service-context/*}:
 *
 * <ul>
 *   <li>{@code GET <base>}: the status as JSON. It is public unless configured otherwise, and then shows only
 *       what users need (mode, message, expected end and whether it is overdue, a scheduled window, staleness);
 *       an authorized request reads all of it (version, who changed it and when, and an {@code instances}
 *       summary: how many instances are live and how many hold the current version);</li>
 *   <li>{@code GET <base>/instances}: the live instances of the service, each with its host, the state version
 *       it holds, its effective mode and its in-flight work; authorized like the status (public when the status
 *       is); 503 when the state store cannot be read;</li>
 *   <li>{@code PATCH <base>}: {@code {"maintenance": true|false}} or {@code {"mode": "full"|"read-only"|"off",
 *       "message": "...", "until": "<ISO-8601>", "autoOff": true, "expectedVersion": n}}; answers the new status,
 *       409 on a version conflict; {@code autoOff} (with {@code until}) makes it a window from now to
 *       {@code until} that reopens every instance by itself;</li>
 *   <li>{@code GET <base>/history?limit=N}: the audit entries, newest first;</li>
 *   <li>{@code PUT <base>/schedule} with {@code {"start", "end", "noticeAt", "mode", "message", "expectedVersion"}}
 *       and {@code DELETE <base>/schedule[?expectedVersion=n]}: set and cancel the scheduled window; the public
 *       status lists an upcoming window only from its {@code noticeAt} on;</li>
 *   <li>while an {@code intermission-notify} {@code Notifier} runs for the service (it registers itself; 404
 *       otherwise): {@code GET <base>/notifications?limit=N} the notifications of windows with each delivery and
 *       every attempt, and {@code GET <base>/notifications/{id}} one of them, for operators only;</li>
 *   <li>with {@link MaintenanceAdminConfig.Builder#migrations migrations} configured (404 otherwise):
 *       {@code POST <base>/migrations} with an optional {@code {"mode": "full"|"read-only", "message": "...",
 *       "estimate": "10m"}} starts a migration window on its own thread and answers 202 with
 *       {@code {"id", "status"}} and {@code Location} once it is recorded, 200 with the result when it ended at
 *       once (nothing pending), 409 with the running window's id when another one holds the lock;
 *       {@code GET <base>/migrations/{id}} reads its record and {@code GET <base>/migrations?limit=N} the newest
 *       ones;</li>
 *   <li>{@code GET <base>/console}: the operator console, a page that uses the routes above with a token typed
 *       into it (sent as {@code Authorization: Bearer}, never kept in a cookie), served with a strict
 *       Content-Security-Policy; {@code console.js} and {@code console.css} are its files;</li>
 *   <li>{@code GET <base>/status.json}: the public status in the shape status-page tools read (the maintenance in
 *       force, and the scheduled, in-progress and recently completed maintenances with {@code scheduled_for} and
 *       {@code scheduled_until}; no operator names), public like the status;</li>
 *   <li>{@code GET <base>/banner.js}: a script any page may include to show a banner with a countdown to a
 *       scheduled window and a notice while maintenance is on; {@code GET <base>/reload.js}: the script the
 *       maintenance filter's 503 page loads to reload itself once maintenance ends.</li>
 * </ul>
 *
 * <p>Everything but the status, {@code instances}, {@code status.json} and the console's files needs a named bearer token or the
 * {@link AdminAuthorizer}'s approval; cookies never authorize. Bodies must be JSON within the size limit; every refusal is an
 * {@code application/problem+json} answer naming the field, and changes nothing. Changes are recorded with
 * the actor, {@link dev.intermission.Origin#HTTP} and the peer's address ({@code getRemoteAddr()}, so
 * forwarding headers are not trusted here).
 *
 * <p>Init-params are read strictly: an unknown name in the {@code intermission.} namespace fails the start naming
 * it, and a name outside it that looks like a mistyped one is logged as a warning. The servlet logs through
 * {@link System.Logger}, so its lines reach the container's log with no extra jar.
 */
public final class MaintenanceAdminServlet extends HttpServlet {

    /** The ServletContext attribute under which the no-arg constructor finds the {@link MaintenanceService}. */
    public static final String SERVICE_ATTRIBUTE = MaintenanceFilter.SERVICE_ATTRIBUTE;

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(MaintenanceAdminServlet.class.getName());

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
     * @throws InvalidValueException when either is {@code null}
     */
    public MaintenanceAdminServlet(MaintenanceService service, MaintenanceAdminConfig config) {
        if (service == null) {
            throw new InvalidValueException("service", null, "must not be null");
        }
        if (config == null) {
            throw new InvalidValueException("config", null, "must not be null");
        }
        this.service = service;
        this.config = config;
    }

    /**
     * Resolves the service and configuration when they were not given to the constructor, and logs what the
     * endpoint allows.
     *
     * @throws ServletException when the attribute is missing, an init-param is invalid or unknown, or the
     *                          configured migrations cannot run on the service
     */
    @Override
    public void init() throws ServletException {
        String name = getServletConfig() == null ? "MaintenanceAdminServlet" : getServletName();
        if (service == null) {
            Object attribute = getServletContext().getAttribute(SERVICE_ATTRIBUTE);
            if (!(attribute instanceof MaintenanceService found)) {
                throw new ServletException("MaintenanceAdminServlet '" + name + "': the ServletContext attribute '"
                        + SERVICE_ATTRIBUTE + "' must hold the MaintenanceService, was "
                        + (attribute == null ? "missing (declare the MaintenanceFilter with intermission.jdbcUrl or "
                        + "intermission.dataSourceJndi before this servlet, or set the attribute)"
                        : attribute.getClass().getName()));
            }
            service = found;
        }
        if (config == null) {
            Map<String, String> params = new LinkedHashMap<>();
            for (String param : Collections.list(getInitParameterNames())) {
                params.put(param, getInitParameter(param));
            }
            InitParams.likelyTypos(params.keySet(), MaintenanceAdminConfig.KNOWN_PARAMS).forEach((typo, known) ->
                    LOG.log(Level.WARNING, "Maintenance admin servlet ''{0}'': init-param ''{1}'' is ignored; did you "
                            + "mean ''{2}''?", name, typo, known));
            try {
                config = MaintenanceAdminConfig.fromInitParameters(params);
            } catch (InvalidValueException e) {
                throw new ServletException("MaintenanceAdminServlet '" + name + "': " + e.getMessage(), e);
            }
        }
        try {
            handler = new AdminHandler(service, config, config.tokens());
        } catch (IllegalArgumentException e) {
            throw new ServletException("MaintenanceAdminServlet '" + name + "': " + e.getMessage(), e);
        }
        if (!config.hasCredentials()) {
            LOG.log(Level.WARNING, "Maintenance admin endpoint ''{0}'' of ''{1}'' has no token ({2}) and no "
                    + "authorizer ({3}): every change answers 403", name, service.serviceName(),
                    MaintenanceAdminConfig.TOKENS_PARAM, MaintenanceAdminConfig.ROLES_PARAM);
        }
        LOG.log(Level.INFO, "Maintenance admin endpoint ''{0}'' of ''{1}'' started: tokens {2}, authorizer {3}, "
                        + "status {4}, migrations {5}", name, service.serviceName(), config.tokenNames(),
                config.authorizer().isPresent() ? "on" : "off", config.publicStatus() ? "public" : "protected",
                config.migrator().isPresent() ? "on" : "off");
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
