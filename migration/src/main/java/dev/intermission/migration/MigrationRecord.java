package dev.intermission.migration;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import dev.intermission.Mode;

/**
 * One recorded migration window, as stored in the database; serializes to JSON with the library's mapper. These
 * are the fields a maintenance notification needs.
 */
public interface MigrationRecord {

    /**
     * Returns the window's id.
     *
     * @return id
     */
    String id();

    /**
     * Returns the service.
     *
     * @return serviceName
     */
    String serviceName();

    /**
     * Returns who started it.
     *
     * @return actor
     */
    String actor();

    /**
     * Returns the process that ran it.
     *
     * @return holder
     */
    String holder();

    /**
     * Returns the maintenance mode asked for.
     *
     * @return mode
     */
    Mode mode();

    /**
     * Returns when it took the lock and started.
     *
     * @return startedAt
     */
    Instant startedAt();

    /**
     * Returns when it ended, or {@code null} while running or when its process died.
     *
     * @return endedAt
     */
    Instant endedAt();

    /**
     * Returns {@link MigrationOutcome#SUCCEEDED} or {@link MigrationOutcome#FAILED}, or {@code null} when unfinished.
     *
     * @return outcome
     */
    MigrationOutcome outcome();

    /**
     * Returns the schema version before, or {@code null}.
     *
     * @return versionBefore
     */
    String versionBefore();

    /**
     * Returns the schema version after, or {@code null}.
     *
     * @return versionAfter
     */
    String versionAfter();

    /**
     * Returns what was pending when it started.
     *
     * @return planned
     */
    List<PendingMigration> planned();

    /**
     * Returns the migrations it applied.
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
     * Returns whether its holder still holds the lock's lease (so an unfinished window that is not running was interrupted).
     *
     * @return running
     */
    boolean running();

    /**
     * Returns what the window noticed and did about it that is not a failure, for example that an operator changed
     * maintenance during the window so it was left as they set it; or {@code null}.
     *
     * @return the note, or {@code null}
     */
    String note();

    /**
     * Returns the instances that held the window up before it migrated, and what they were running; empty when
     * none did.
     *
     * @return heldUpBy
     */
    List<InstanceWait> heldUpBy();

    /**
     * Returns whether the window ended (succeeded or failed).
     *
     * @return {@code true} when {@link #endedAt()} is set
     */
    default boolean finished() {
        return endedAt() != null;
    }

    /**
     * Returns whether the window never finished and its holder() no longer holds the lease: its process died.
     *
     * @return {@code true} when neither finished nor running()
     */
    default boolean interrupted() {
        return endedAt() == null && !running();
    }
}
