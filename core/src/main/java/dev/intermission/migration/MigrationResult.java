package dev.intermission.migration;

import java.util.List;
import java.util.Map;

/**
 * How one run of a {@link MigrationWindow} ended; serializes to JSON with the library's mapper.
 *
 * @param outcome        how it ended
 * @param windowId       the recorded window's id; for {@link MigrationOutcome#ALREADY_RUNNING}, the id of the window
 *                       that holds the lock (when known); {@code null} when no window was recorded
 * @param serviceName    the service
 * @param versionBefore  the schema version before the window, or {@code null}
 * @param versionAfter   the schema version after the window, or {@code null}
 * @param applied        the migrations applied, in order (also those applied before a failure)
 * @param error          what failed, or {@code null}
 * @param failedPhase    the step that failed, or {@code null}
 * @param phaseMillis    how long each step that ran took, in milliseconds, in the order they ran
 * @param maintenanceOn  whether maintenance was (stored) on when the run ended
 */
public record MigrationResult(
        MigrationOutcome outcome,
        String windowId,
        String serviceName,
        String versionBefore,
        String versionAfter,
        List<AppliedMigration> applied,
        String error,
        MigrationPhase failedPhase,
        Map<MigrationPhase, Long> phaseMillis,
        boolean maintenanceOn) {

    /**
     * Validates and copies the result.
     *
     * @throws IllegalArgumentException when {@code outcome} is {@code null}
     */
    public MigrationResult {
        if (outcome == null) {
            throw new IllegalArgumentException("outcome: must not be null");
        }
        applied = applied == null ? List.of() : List.copyOf(applied);
        phaseMillis = Phases.copy(phaseMillis);
    }

    /**
     * Returns whether the window failed (a CLI exits non-zero then).
     *
     * @return {@code true} for {@link MigrationOutcome#FAILED}
     */
    public boolean failed() {
        return outcome == MigrationOutcome.FAILED;
    }
}
