package dev.intermission.admin.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.intermission.ClusterView;
import dev.intermission.HistoryEntry;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceException;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Origin;
import dev.intermission.VersionConflictException;
import dev.intermission.internal.Json;
import dev.intermission.internal.NotificationFeed;
import dev.intermission.internal.StoreFailures;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.admin.AdminAuthorizer;
import dev.intermission.admin.MaintenanceAdminConfig;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves one admin request: routes it, authorizes it, reads its body strictly, applies the change and answers
 * JSON, or a problem document. Every refusal happens before the state is touched.
 */
public final class AdminHandler {

    private static final System.Logger LOG = System.getLogger(AdminHandler.class.getName());

    /** The {@code WWW-Authenticate} challenge of a 401. */
    public static final String CHALLENGE = "Bearer realm=\"intermission\"";
    /** The default number of history entries returned. */
    public static final int DEFAULT_HISTORY_LIMIT = 20;

    private final MaintenanceService service;
    private final MaintenanceAdminConfig config;
    private final Tokens tokens;
    private final MigrationRoutes migrations;
    private final StatusPage statusPage;

    /**
     * Creates a handler serving one service under one configuration.
     *
     * @param service the service
     * @param config  the configuration
     * @param tokens  the configuration's bearer tokens
     * @throws IllegalArgumentException when migrations are configured but cannot run on this service
     */
    public AdminHandler(MaintenanceService service, MaintenanceAdminConfig config, Tokens tokens) {
        this.service = service;
        this.config = config;
        this.tokens = tokens;
        this.migrations = config.migrator().map(m -> new MigrationRoutes(service, config, m)).orElse(null);
        this.statusPage = new StatusPage(service);
    }

    /** Serves the request; never lets an exception out except an I/O failure writing the answer. */
    public void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        boolean head = "HEAD".equals(method);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        try {
            dispatch(request, response, method, head);
        } catch (AdminProblem p) {
            problem(request, response, p, head);
        } catch (VersionConflictException e) {
            problem(request, response, AdminProblem.of(409, "expectedVersion: the state is at version "
                            + e.actualVersion() + ", not " + e.expectedVersion() + "; read it again and retry")
                    .extension("field", "expectedVersion")
                    .extension("expectedVersion", e.expectedVersion())
                    .extension("currentVersion", e.actualVersion()), head);
        } catch (MaintenanceException e) {
            StoreFailures.Kind kind = StoreFailures.kind(e);
            boolean busy = kind == StoreFailures.Kind.TIMEOUT;
            LOG.log(Level.WARNING, "Admin request {0} {1} of ''{2}'' failed: the state store is {3} ({4}): {5}",
                    Texts.printable(method, 20), Texts.printable(request.getRequestURI(), 200),
                    service.serviceName(), busy ? "busy" : "unavailable",
                    kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), e.getMessage());
            problem(request, response, busy
                    ? AdminProblem.of(503, "the state store is busy").header("Retry-After", "2")
                    : AdminProblem.of(503, "state store unavailable").header("Retry-After", "5"), head);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Admin request " + Texts.printable(method, 20) + " "
                    + Texts.printable(request.getRequestURI(), 200) + " of '" + service.serviceName() + "' failed", e);
            problem(request, response, AdminProblem.of(500, "internal error"), head);
        }
    }

    private void dispatch(HttpServletRequest request, HttpServletResponse response, String method, boolean head)
            throws IOException {
        Route route = Route.of(request.getPathInfo());
        if (route == null) {
            throw AdminProblem.of(404, "no such resource: use the base path, /history, /schedule, "
                    + (migrations == null ? "" : "/migrations, ")
                    + (NotificationFeed.of(service).isPresent() ? "/notifications, " : "")
                    + "/instances, /status.json or /console");
        }
        if (route.migrations() && migrations == null) {
            throw AdminProblem.of(404, "migrations are not configured on this endpoint");
        }
        if ("OPTIONS".equals(method)) {
            response.setHeader("Allow", route.allow());
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        if (!route.allows(method)) {
            throw AdminProblem.of(405, "method " + Texts.clip(Texts.printable(method, 40), 40)
                    + " is not allowed here (allowed: " + route.allow() + ")").header("Allow", route.allow());
        }
        switch (route) {
            case STATUS -> {
                if ("PATCH".equals(method)) {
                    String actor = authorize(request);
                    MaintenanceChange.Builder change = ChangeRequests.patch(
                            JsonBody.read(request, config.maxBodyBytes(), true), service.status());
                    json(request, response, 200, StatusViews.full(apply(change, actor, request)), false);
                } else {
                    boolean operator = config.publicStatus() ? authorizeIfPresented(request)
                            : authorize(request) != null;
                    MaintenanceStatus status = service.status();
                    Map<String, Object> body;
                    if (operator) {
                        body = StatusViews.full(status, clusterOrNull());
                        Map<String, Object> window = migrations == null ? null : migrations.attention(base(request));
                        if (window != null) {
                            // Why maintenance may be on, and what to do: for operators only.
                            body.put("migration", window);
                        }
                    } else {
                        body = StatusViews.forPublic(status);
                    }
                    json(request, response, 200, body, head);
                }
            }
            case HISTORY -> {
                authorize(request);
                int limit = (int) QueryString.parse(request.getQueryString())
                        .number("limit", DEFAULT_HISTORY_LIMIT, 1, MaintenanceService.MAX_HISTORY_LIMIT);
                List<Map<String, Object>> entries = new ArrayList<>();
                for (HistoryEntry entry : service.history(limit)) {
                    entries.add(Json.history(entry));
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("service", service.serviceName());
                body.put("entries", entries);
                json(request, response, 200, body, head);
            }
            case SCHEDULE -> {
                String actor = authorize(request);
                MaintenanceChange.Builder change;
                if ("PUT".equals(method)) {
                    change = ChangeRequests.schedule(JsonBody.read(request, config.maxBodyBytes(), false),
                            service.status().asOf());
                } else {
                    long expected = QueryString.parse(request.getQueryString())
                            .number("expectedVersion", -1, 0, Long.MAX_VALUE);
                    if (JsonBody.hasBody(request)) {
                        throw AdminProblem.badRequest("body", "DELETE takes no body; send ?expectedVersion=n in the "
                                + "query to make it conditional");
                    }
                    change = MaintenanceChange.cancelSchedule();
                    if (expected >= 0) {
                        change.expectedVersion(expected);
                    }
                }
                json(request, response, 200, StatusViews.full(apply(change, actor, request)), false);
            }
            case MIGRATIONS -> {
                String actor = authorize(request);
                if ("POST".equals(method)) {
                    ChangeRequests.WindowRequest window = ChangeRequests.migration(
                            JsonBody.readOptional(request, config.maxBodyBytes()));
                    String base = request.getContextPath() + request.getServletPath();
                    answer(request, response, migrations.start(window, actor, clientAddress(request), base), false);
                } else {
                    int limit = (int) QueryString.parse(request.getQueryString())
                            .number("limit", MigrationRoutes.DEFAULT_LIMIT, 1, MigrationHistory.MAX_LIMIT);
                    answer(request, response, migrations.recent(limit, base(request)), head);
                }
            }
            case MIGRATION -> {
                authorize(request);
                answer(request, response, migrations.find(Route.migrationId(request.getPathInfo()), base(request)),
                        head);
            }
            case INSTANCES -> {
                // Host names and process ids are for operators, even when the status is public.
                authorize(request);
                ClusterView cluster;
                try {
                    cluster = service.instances();
                } catch (UnsupportedOperationException e) {
                    throw AdminProblem.of(404, "instances are not tracked by this service");
                }
                json(request, response, 200, Json.cluster(cluster), head);
            }
            case NOTIFICATIONS, NOTIFICATION -> {
                authorize(request);
                json(request, response, 200, NotificationRoutes.answer(service, route, request), head);
            }
            case STATUS_PAGE -> {
                if (!config.publicStatus()) {
                    authorize(request);
                }
                Map<String, Object> body = statusPage.build(service.status());
                if (config.publicStatus()) {
                    // Public facts only: any page may read them, without credentials.
                    response.setHeader("Access-Control-Allow-Origin", "*");
                    response.setHeader("Access-Control-Expose-Headers", "Date");
                }
                response.setHeader("Cache-Control", "no-cache");
                json(request, response, 200, body, head);
            }
            case CONSOLE -> {
                if (request.getPathInfo().endsWith("/")) {
                    // The page's links are relative to <base>/console: send the browser there.
                    response.setHeader("Location", "../console");
                    response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
                    response.setContentLength(0);
                    return;
                }
                response.setHeader("Content-Security-Policy", Assets.CONSOLE_POLICY);
                response.setHeader("X-Frame-Options", "DENY");
                response.setHeader("Referrer-Policy", "no-referrer");
                response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
                asset(request, response, Assets.at("/console"), head);
            }
            case ASSET -> asset(request, response, Assets.at(request.getPathInfo()), head);
            default -> throw AdminProblem.of(404, "no such resource");
        }
    }

    /** The endpoint's path: context path and servlet path. */
    private static String base(HttpServletRequest request) {
        return request.getContextPath() + request.getServletPath();
    }

    /** Reads the instances for the status's summary; {@code null} (and the status still served) when it cannot. */
    private ClusterView clusterOrNull() {
        try {
            return service.instances();
        } catch (MaintenanceException e) {
            LOG.log(Level.DEBUG, "Admin status of ''{0}'': the instances cannot be read: {1}", service.serviceName(),
                    e.getMessage());
            return null;
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private static void asset(HttpServletRequest request, HttpServletResponse response, Assets.Asset asset,
            boolean head) throws IOException {
        if (asset == null) {
            throw AdminProblem.of(404, "no such resource");
        }
        response.setHeader("Cache-Control", "no-cache");
        write(request, response, 200, asset.contentType(), asset.bytes(), head, asset.etag());
    }

    private static void answer(HttpServletRequest request, HttpServletResponse response, MigrationRoutes.Answer a,
            boolean head) throws IOException {
        a.headers().forEach(response::setHeader);
        json(request, response, a.status(), a.body(), head);
    }

    private static String clientAddress(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        if (address != null && address.length() > MaintenanceChange.MAX_CLIENT_ADDRESS_LENGTH) {
            address = address.substring(0, MaintenanceChange.MAX_CLIENT_ADDRESS_LENGTH);
        }
        return address;
    }

    private MaintenanceStatus apply(MaintenanceChange.Builder builder, String actor, HttpServletRequest request) {
        String address = clientAddress(request);
        MaintenanceChange change = builder.actor(actor).origin(Origin.HTTP).clientAddress(address).build();
        MaintenanceStatus status;
        try {
            status = service.apply(change);
        } catch (IllegalArgumentException e) {
            throw ChangeRequests.invalid(e, "body");
        } catch (IllegalStateException e) {
            // The service was closed under us (the application is stopping): the store is out of reach.
            throw new MaintenanceException(e.getMessage(), e);
        }
        // Core logs the change itself (one INFO line per change); the client address is in the history and here.
        LOG.log(Level.DEBUG, "Maintenance of ''{0}'' changed over HTTP by {1} from {2}: {3} (now {4}, version {5})",
                service.serviceName(), actor, address, change.action(), status.effectiveMode().externalName(),
                Long.toString(status.version()));
        return status;
    }

    /**
     * Returns whether a request to a public resource carries credentials that authorize it: no credentials, or
     * ones the authorizer does not accept, read the public view; a bearer token that matches none is refused, so
     * an operator with a wrong token learns it rather than reading less.
     *
     * @throws AdminProblem 401 for a bearer token that matches none
     */
    private boolean authorizeIfPresented(HttpServletRequest request) {
        if (!config.hasCredentials()) {
            return false;
        }
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            if (tokens.match(header.substring(7).strip()).isPresent()) {
                return true;
            }
            if (config.authorizer().isEmpty()) {
                throw AdminProblem.of(401, "the bearer token is not valid")
                        .header("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
            }
        }
        Optional<AdminAuthorizer> authorizer = config.authorizer();
        if (authorizer.isEmpty()) {
            return false;
        }
        try {
            Optional<String> actor = authorizer.get().authorize(request);
            return actor != null && actor.isPresent();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Admin authorizer failed; showing the public status", e);
            return false;
        }
    }

    /**
     * Returns the actor of an authorized request.
     *
     * @throws AdminProblem 403 when no credentials are configured or the user may not act, 401 otherwise
     */
    private String authorize(HttpServletRequest request) {
        if (!config.hasCredentials()) {
            throw AdminProblem.of(403, "this operation is disabled: no admin token ("
                    + MaintenanceAdminConfig.TOKENS_PARAM + ") and no authorizer is configured");
        }
        String header = request.getHeader("Authorization");
        boolean bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
        if (bearer) {
            Optional<String> name = tokens.match(header.substring(7).strip());
            if (name.isPresent()) {
                return name.get();
            }
        }
        Optional<AdminAuthorizer> authorizer = config.authorizer();
        if (authorizer.isPresent()) {
            Optional<String> actor;
            try {
                actor = authorizer.get().authorize(request);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Admin authorizer failed; refusing the request", e);
                throw AdminProblem.of(403, "authorization failed");
            }
            if (actor != null && actor.isPresent()) {
                String name = Texts.printable(actor.get(), MaintenanceChange.MAX_ACTOR_LENGTH);
                return name.isEmpty() ? "authorized" : name;
            }
            // A user known only from a session (no credentials of its own in the request) is asked for them.
            if (!bearer && request.getUserPrincipal() != null && (header != null
                    || request.getAttribute("jakarta.servlet.request.X509Certificate") != null)) {
                throw AdminProblem.of(403, "user '" + Texts.printable(request.getUserPrincipal().getName(), 100)
                        + "' may not use this operation");
            }
        }
        throw AdminProblem.of(401, bearer ? "the bearer token is not valid"
                        : "credentials required: send Authorization: Bearer <token>")
                .header("WWW-Authenticate", bearer ? CHALLENGE + ", error=\"invalid_token\"" : CHALLENGE);
    }

    private static void json(HttpServletRequest request, HttpServletResponse response, int status, Object body,
            boolean head) throws IOException {
        String text = Json.write(body);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        boolean read = "GET".equals(request.getMethod()) || head;
        write(request, response, status, "application/json", bytes, head,
                read && status == 200 ? Assets.etagOfState(text) : null);
    }

    private static void problem(HttpServletRequest request, HttpServletResponse response, AdminProblem problem,
            boolean head) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        problem.headers().forEach(response::setHeader);
        write(request, response, problem.status(), "application/problem+json",
                Json.write(problem.body()).getBytes(StandardCharsets.UTF_8), head, null);
    }

    /**
     * Writes an answer; with an entity tag, a matching {@code If-None-Match} gets 304 and no body, so a console
     * that polls the status moves no bytes while nothing changes.
     */
    private static void write(HttpServletRequest request, HttpServletResponse response, int status,
            String contentType, byte[] bytes, boolean head, String etag) throws IOException {
        JsonBody.drain(request);
        if (JsonBody.leftUnread(request)) {
            // A body refused unread cannot be skipped safely: say so, rather than close a connection the client
            // believes it may reuse.
            response.setHeader("Connection", "close");
        }
        if (etag != null) {
            response.setHeader("ETag", etag);
            if (Assets.matches(request.getHeader("If-None-Match"), etag)) {
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
        }
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        if (!head) {
            response.getOutputStream().write(bytes);
        }
    }
}
