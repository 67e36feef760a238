package dev.intermission.migration;

import java.util.List;
import java.util.Map;

/**
 * How one run of a {@link MigrationWindow} ended; serializes to JSON with the library's mapper.
 */
public interface MigrationResult {

    /**
     * Returns how it ended.
     *
     * @return outcome
     */
    MigrationOutcome outcome();

    /**
     * Returns the recorded window's id; for {@link MigrationOutcome#ALREADY_RUNNING}, the id of the window that holds the lock (when known); {@code null} when no window was recorded.
     *
     * @return windowId
     */
    String windowId();

    /**
     * Returns the service.
     *
     * @return serviceName
     */
    String serviceName();

    /**
     * Returns the schema version before the window, or {@code null}.
     *
     * @return versionBefore
     */
    String versionBefore();

    /**
     * Returns the schema version after the window, or {@code null}.
     *
     * @return versionAfter
     */
    String versionAfter();

    /**
     * Returns the migrations applied, in order (also those applied before a failure).
     *
     * @return applied
     */
    List<AppliedMigration> applied();

    /**
     * Returns what failed, or {@code null}.
     *
     * @return error
     */
    String error();

    /**
     * Returns the step that failed, or {@code null}.
     *
     * @return failedPhase
     */
    MigrationPhase failedPhase();

    /**
     * Returns how long each step that ran took, in milliseconds, in the order they ran.
     *
     * @return phaseMillis
     */
    Map<MigrationPhase, Long> phaseMillis();

    /**
     * Returns whether maintenance was (stored) on when the run ended.
     *
     * @return maintenanceOn
     */
    boolean maintenanceOn();

    /**
     * Returns what the window noticed and did about it that is not a failure, for example that an operator changed
     * maintenance during the window so it was left as they set it, or, for {@link MigrationOutcome#ALREADY_RUNNING},
     * which window of which process holds the lock and until when; or {@code null}.
     *
     * @return the note, or {@code null}
     */
    String note();

    /**
     * Returns the instances that held the window up before it migrated (or until it gave up), and what they were
     * running; empty when none did.
     *
     * @return heldUpBy
     */
    List<InstanceWait> heldUpBy();

    /**
     * Returns whether the window failed (a CLI exits non-zero then).
     *
     * @return {@code true} for {@link MigrationOutcome#FAILED}
     */
    default boolean failed() {
        return outcome() == MigrationOutcome.FAILED;
    }
}
