package dev.intermission.admin.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import dev.intermission.InFlightRequests;
import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceService;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationLaunch;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;
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
    public Answer find(String id) {
        if (!MigrationHistory.isWindowId(id)) {
            throw AdminProblem.badRequest("id", "not a migration window id (expected a lower-case UUID), was '"
                    + Texts.clip(Texts.printable(id, 60), 60) + "'");
        }
        MigrationRecord record = history.find(id)
                .orElseThrow(() -> AdminProblem.of(404, "no migration window " + id + " for '"
                        + service.serviceName() + "'"));
        return new Answer(200, record, Map.of());
    }

    /** Lists the newest windows first. */
    public Answer recent(int limit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service.serviceName());
        body.put("windows", history.recent(limit));
        return new Answer(200, body, Map.of());
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
