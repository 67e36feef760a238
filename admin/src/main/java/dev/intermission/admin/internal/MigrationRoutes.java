package dev.intermission.admin.internal;

import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import dev.intermission.InFlightRequests;
import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceService;
import dev.intermission.internal.Engine;
import dev.intermission.internal.Schema;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationLaunch;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationPhase;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.migration.internal.FailedScripts;
import dev.intermission.migration.internal.MigrationStore;
import dev.intermission.admin.MaintenanceAdminConfig;

/**
 * Serves the migrations routes: starts a window on its own thread and answers as soon as it is recorded (before
 * it drains in-flight requests, the starting request among them), and reads the recorded windows.
 */
public final class MigrationRoutes {

    private static final System.Logger LOG = System.getLogger(MigrationRoutes.class.getName());

    /** The default number of windows listed. */
    public static final int DEFAULT_LIMIT = 20;

    private final MaintenanceService service;
    private final SchemaMigrator migrator;
    private final UnaryOperator<MigrationWindow.Builder> customizer;
    private final InFlightRequests inFlightRequests;
    private final MigrationHistory history;
    private final Engine engine;
    private final MigrationStore store;
    /** The database's kind, read once, when a failed window is first explained. */
    private volatile Schema.Dialect dialect;

    /** One answer: a status, a JSON body and extra headers. */
    public record Answer(int status, Object body, Map<String, String> headers) {
    }

    /**
     * Prepares the routes and applies the customizer once, to check it.
     *
     * @throws IllegalArgumentException when the service was not built by the library, or the customizer fails
     *                                  ({@link InvalidValueException} naming {@code migrationWindow})
     */
    public MigrationRoutes(MaintenanceService service, MaintenanceAdminConfig config, SchemaMigrator migrator) {
        this.service = service;
        this.migrator = migrator;
        this.customizer = config.migrationWindow();
        this.inFlightRequests = config.inFlightRequests();
        this.history = MigrationHistory.of(service);
        this.engine = Engine.of(service);
        this.store = new MigrationStore(engine.db(), engine.tables());
        try {
            newBuilder();
        } catch (RuntimeException e) {
            InvalidValueException invalid = new InvalidValueException("migrationWindow", null,
                    "the customizer fails: " + e.getMessage());
            invalid.initCause(e);
            throw invalid;
        }
    }

    /**
     * Starts a window.
     *
     * @param request       what the body asks for
     * @param actor         who asks, recorded with the window
     * @param clientAddress where from
     * @param base          the endpoint's path (context path and servlet path), for the status URL
     * @throws AdminProblem 400 for a value the window refuses, 409 when another window holds the lock
     */
    public Answer start(ChangeRequests.WindowRequest request, String actor, String clientAddress, String base) {
        MigrationWindow.Builder builder = newBuilder();
        if (request.mode() != null) {
            ChangeRequests.checked("mode", () -> builder.mode(request.mode()));
        }
        if (request.message() != null) {
            ChangeRequests.checked("message", () -> builder.message(request.message()));
        }
        if (request.estimate() != null) {
            ChangeRequests.checked("estimate", () -> builder.estimate(request.estimate()));
        }
        MigrationWindow window = builder.actor(actor).clientAddress(clientAddress).build();
        MigrationLaunch launch = window.start();
        Optional<String> id = launch.windowId();
        if (!launch.done() && id.isPresent()) {
            LOG.log(Level.INFO, "Migration window {0} of ''{1}'' started over HTTP by {2} from {3}", id.get(),
                    service.serviceName(), actor, clientAddress);
            String status = statusPath(base, id.get());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id.get());
            body.put("status", status);
            return new Answer(202, body, Map.of("Location", status));
        }
        // Ended before the answer: nothing pending, another window running, or a failure before the lock.
        MigrationResult result = launch.join();
        if (result.outcome() == MigrationOutcome.ALREADY_RUNNING) {
            String running = result.windowId();
            AdminProblem conflict = AdminProblem.of(409, "a migration window is already running: "
                    + (result.note() != null ? result.note() : running == null ? "another window holds the lock"
                    : "window " + running));
            if (running != null) {
                conflict.extension("id", running).extension("statusUrl", statusPath(base, running));
            }
            throw conflict;
        }
        LOG.log(Level.INFO, "Migration window of ''{0}'' asked over HTTP by {1} from {2} ended at once: {3}",
                service.serviceName(), actor, clientAddress, result.outcome());
        return new Answer(200, result, Map.of());
    }

    /**
     * Reads one window.
     *
     * @throws AdminProblem 400 for a malformed id, 404 for an unknown one
     */
    public Answer find(String id, String base) {
        if (!MigrationHistory.isWindowId(id)) {
            throw AdminProblem.badRequest("id", "not a migration window id (expected a lower-case UUID), was '"
                    + Texts.clip(Texts.printable(id, 60), 60) + "'");
        }
        MigrationRecord record = history.find(id)
                .orElseThrow(() -> AdminProblem.of(404, "no migration window " + id + " for '"
                        + service.serviceName() + "'"));
        return new Answer(200, view(record, base), Map.of());
    }

    /** Lists the newest windows first. */
    public Answer recent(int limit, String base) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service.serviceName());
        List<Map<String, Object>> windows = new ArrayList<>();
        for (MigrationRecord record : history.recent(limit)) {
            windows.add(view(record, base));
        }
        body.put("windows", windows);
        return new Answer(200, body, Map.of());
    }

    /**
     * The newest window for the operators' status when it needs them (failed, running or interrupted): its
     * {@code id}, {@code state}, {@code startedAt}, {@code failedPhase}, {@code error}, {@code next} and
     * {@code url}; {@code null} when it succeeded, none ran, or the windows cannot be read (the status is served
     * all the same). One statement.
     *
     * @param base the endpoint's path, for the record's URL
     */
    public Map<String, Object> attention(String base) {
        Optional<MigrationRecord> latest;
        try {
            latest = store.latest(service.serviceName(), engine.clock().instant());
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Admin status of ''{0}'': the migration windows cannot be read: {1}",
                    service.serviceName(), e.getMessage());
            return null;
        }
        MigrationRecord w = latest.orElse(null);
        if (w == null || w.outcome() == MigrationOutcome.SUCCEEDED || w.outcome() == MigrationOutcome.UP_TO_DATE) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("state", w.outcome() != null ? w.outcome().name() : w.running() ? "RUNNING" : "INTERRUPTED");
        m.put("startedAt", w.startedAt());
        m.put("failedPhase", w.failedPhase());
        m.put("error", w.error() == null ? null : w.error().strip().lines().findFirst().orElse(""));
        m.put("next", next(w, base));
        m.put("url", statusPath(base, w.id()));
        return m;
    }

    /** A window's record as JSON: its fields, then {@code next}. */
    private Map<String, Object> view(MigrationRecord record, String base) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (record instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    m.put(c.getName(), c.getAccessor().invoke(r));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + c.getName() + " of a migration record", e);
                }
            }
        }
        m.put("next", next(record, base));
        return m;
    }

    /**
     * What an operator over HTTP does next about a window that failed, was interrupted or runs; {@code null}
     * when it succeeded or had nothing to do. Worded like the command line's next step, with the endpoint's routes.
     */
    String next(MigrationRecord w, String base) {
        String again = "start a new window with POST " + base + "/migrations";
        String reopen = "or switch maintenance off (PATCH " + base + " {\"maintenance\": false}) to reopen on the "
                + "old schema";
        if (w.outcome() == null && w.running()) {
            return "wait: the window is running; GET " + statusPath(base, w.id()) + " shows its outcome when it ends";
        }
        if (w.outcome() == null) {
            return "its process stopped before the window ended (its lease expired), leaving maintenance as it was; "
                    + again + " (it applies what is still pending), " + reopen;
        }
        if (w.outcome() != MigrationOutcome.FAILED) {
            return null;
        }
        MigrationPhase phase = w.failedPhase();
        if (phase == null || phase.compareTo(MigrationPhase.MIGRATE) < 0) {
            return "nothing was migrated: fix what 'error' says, then " + again + "; " + reopen;
        }
        if (phase == MigrationPhase.MIGRATE) {
            String script = FailedScripts.of(w);
            if (script == null) {
                // No script named as failed: the step failed around the scripts (the lease lost, the tool itself).
                return "the migrate step failed (" + w.applied().size() + " migration(s) applied): check the schema "
                        + "against 'error' and fix the cause, then " + again + "; " + reopen;
            }
            String named = script;
            Schema.Dialect kind = dialect();
            if (kind == Schema.Dialect.POSTGRESQL) {
                return "fix " + named + " (PostgreSQL rolled it back: nothing of it stayed, unless it ran outside a "
                        + "transaction), then " + again + "; " + reopen;
            }
            return "fix " + named + "; " + (kind == null ? "this database" : kind.label())
                    + " commits each DDL statement at once, so it may be partly "
                    + "applied: undo by hand what it applied before failing, and repair the schema history's failed "
                    + "row with the command line's 'migrate --repair-failed'; then " + again + "; " + reopen;
        }
        if (phase == MigrationPhase.FINISH) {
            return "the schema is migrated but maintenance could not be switched back: switch it off (PATCH " + base
                    + " {\"maintenance\": false})";
        }
        return "the migrations were applied but " + phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + " failed: check the schema against 'error'; fix it, then " + again + ", or switch maintenance off "
                + "(PATCH " + base + " {\"maintenance\": false}) when the schema is right";
    }

    private Schema.Dialect dialect() {
        Schema.Dialect known = dialect;
        if (known == null) {
            try {
                known = store.dialect();
                dialect = known;
            } catch (RuntimeException e) {
                return null;
            }
        }
        return known;
    }

    private MigrationWindow.Builder newBuilder() {
        MigrationWindow.Builder defaults = MigrationWindow.newBuilder(service, migrator)
                // An HTTP client is answered at once: a window that runs elsewhere is a 409, not a long wait.
                .lockWaitTimeout(Duration.ZERO)
                .inFlightRequests(inFlightRequests);
        MigrationWindow.Builder customized = customizer.apply(defaults);
        if (customized == null) {
            throw new IllegalStateException("the migrationWindow customizer returned null");
        }
        return customized;
    }

    private static String statusPath(String base, String id) {
        return base + "/migrations/" + id;
    }
}
