package dev.intermission.migration;

/** How a migration window ended. */
public enum MigrationOutcome {
    /** Nothing was pending: maintenance was not touched and no window was recorded. */
    UP_TO_DATE,
    /** The pending migrations were applied and validated. */
    SUCCEEDED,
    /** A step failed: maintenance stays on with a message starting {@code "migration failed: "}. */
    FAILED,
    /** Another window held the lock until the wait timed out; nothing was done. */
    ALREADY_RUNNING
}
