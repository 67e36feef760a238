package dev.intermission.migration;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.intermission.Mode;

/**
 * One recorded migration window, as stored in the database; serializes to JSON with the library's mapper. These
 * are the fields a maintenance notification needs.
 *
 * @param id            the window's id
 * @param serviceName   the service
 * @param actor         who started it
 * @param holder        the process that ran it
 * @param mode          the maintenance mode asked for
 * @param startedAt     when it took the lock and started
 * @param endedAt       when it ended, or {@code null} while running or when its process died
 * @param outcome       {@link MigrationOutcome#SUCCEEDED} or {@link MigrationOutcome#FAILED}, or {@code null} when
 *                      unfinished
 * @param versionBefore the schema version before, or {@code null}
 * @param versionAfter  the schema version after, or {@code null}
 * @param planned       what was pending when it started
 * @param applied       the migrations it applied
 * @param error         what failed, or {@code null}
 * @param failedPhase   the step that failed, or {@code null}
 * @param phaseMillis   how long each step that ran took, in milliseconds, in the order they ran
 * @param running       whether its holder still holds the lock's lease (so an unfinished window that is not
 *                      running was interrupted)
 */
public record MigrationRecord(
        String id,
        String serviceName,
        String actor,
        String holder,
        Mode mode,
        Instant startedAt,
        Instant endedAt,
        MigrationOutcome outcome,
        String versionBefore,
        String versionAfter,
        List<PendingMigration> planned,
        List<AppliedMigration> applied,
        String error,
        MigrationPhase failedPhase,
        Map<MigrationPhase, Long> phaseMillis,
        boolean running) {

    /** Copies the collections. */
    public MigrationRecord {
        planned = planned == null ? List.of() : List.copyOf(planned);
        applied = applied == null ? List.of() : List.copyOf(applied);
        phaseMillis = Phases.copy(phaseMillis);
    }

    /**
     * Returns whether the window ended (succeeded or failed).
     *
     * @return {@code true} when {@link #endedAt()} is set
     */
    public boolean finished() {
        return endedAt != null;
    }

    /**
     * Returns whether the window never finished and its holder no longer holds the lease: its process died.
     *
     * @return {@code true} when neither finished nor running
     */
    public boolean interrupted() {
        return endedAt == null && !running;
    }
}
