package dev.intermission.boot.internal;

import java.time.Duration;
import java.util.List;

import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.Values;
import dev.intermission.boot.IntermissionProperties;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;

/**
 * Runs the application's start-up migration inside one maintenance window, on the starting thread, so nothing of
 * the application that needs the new schema starts before the window ends: up to date, nothing happens; another
 * instance migrating, this one waits for its lock, finds nothing pending and starts; a failed window fails
 * start-up with maintenance left on, as the library does.
 */
public final class StartupMigrationWindow {

    private static final System.Logger LOG = System.getLogger(StartupMigrationWindow.class.getName());

    /** The actor recorded for start-up windows. */
    public static final String ACTOR = MigrationWindow.START_ACTOR;

    /**
     * The window's settings, checked.
     *
     * @param mode            the mode during the window
     * @param message         the message users see
     * @param estimate        the expected duration, or {@code null}
     * @param lockWaitTimeout how long to wait for another instance's window
     */
    public record Settings(Mode mode, String message, Duration estimate, Duration lockWaitTimeout) {
    }

    private StartupMigrationWindow() {
    }

    /**
     * Reads and checks the {@code intermission.migrations.*} properties; they are checked at every start-up, the
     * window on or off, like every other property.
     *
     * @param m the properties
     * @return the window's settings
     * @throws InvalidValueException naming the property when a value is invalid
     */
    public static Settings settings(IntermissionProperties.Migrations m) {
        Mode mode = PropertyChecks.constant("intermission.migrations.mode", m.getMode(), Mode.class);
        if (mode == Mode.OFF) {
            throw new InvalidValueException("intermission.migrations.mode", m.getMode(),
                    "must be full or read-only");
        }
        PropertyChecks.check("intermission.migrations.message", m.getMessage(),
                () -> MaintenanceChange.enable(Mode.FULL).message(m.getMessage()));
        Duration estimate = null;
        if (m.getEstimate() != null && !m.getEstimate().isBlank()) {
            estimate = PropertyChecks.duration("intermission.migrations.estimate", m.getEstimate());
            Duration checked = estimate;
            PropertyChecks.check("intermission.migrations.estimate", m.getEstimate(),
                    () -> Values.checkDuration("estimate", checked, Duration.ofSeconds(1),
                            Duration.ofHours(24)));
        }
        Duration lockWait = PropertyChecks.duration("intermission.migrations.lock-wait-timeout",
                m.getLockWaitTimeout());
        PropertyChecks.check("intermission.migrations.lock-wait-timeout", m.getLockWaitTimeout(),
                () -> Values.checkDuration("lockWaitTimeout", lockWait, Duration.ZERO,
                        Duration.ofHours(24)));
        return new Settings(mode, m.getMessage(), estimate, lockWait);
    }

    /**
     * Runs the window and returns when it has ended.
     *
     * @param service   the maintenance service
     * @param migrator  the application's migrations
     * @param settings  the window's settings
     * @param observers who hears the result
     * @return the result
     * @throws IllegalStateException when the window failed or another window held the lock too long
     */
    public static MigrationResult run(MaintenanceService service, SchemaMigrator migrator, Settings settings,
            List<MigrationResults> observers) {
        MigrationWindow.Builder b = MigrationWindow.newBuilder(service, migrator)
                .mode(settings.mode())
                .message(settings.message())
                .lockWaitTimeout(settings.lockWaitTimeout())
                .actor(ACTOR);
        if (settings.estimate() != null) {
            b.estimate(settings.estimate());
        }
        MigrationResult result = b.build().run();
        for (MigrationResults observer : observers) {
            try {
                observer.record(result);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Recording the migration window failed: {0}", e.getMessage());
            }
        }
        switch (result.outcome()) {
            case UP_TO_DATE, SUCCEEDED -> {
                // The window logged its own outcome (up to date, or each step and its success): not told twice.
            }
            case ALREADY_RUNNING -> throw new IllegalStateException("Another instance's migration window of "
                    + service.serviceName() + " (" + result.windowId() + ") still holds the lock after "
                    + "intermission.migrations.lock-wait-timeout (" + Values.text(
                            settings.lockWaitTimeout()) + "); not starting on a schema being migrated");
            case FAILED -> throw new IllegalStateException("Migration window " + result.windowId() + " of "
                    + service.serviceName() + " failed in phase " + result.failedPhase() + ": " + result.error()
                    + "; maintenance stays on until an operator switches it off");
            default -> throw new IllegalStateException("unexpected outcome " + result.outcome());
        }
        return result;
    }
}
