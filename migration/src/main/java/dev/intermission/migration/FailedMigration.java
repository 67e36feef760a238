package dev.intermission.migration;

import java.time.Instant;

/**
 * A migration that the application's schema history records as failed: what a dry run reports before anyone runs
 * a window again, and what the operator must look at first.
 *
 * <p>A migration tool records a failure where it could not roll the failed script back: on a database that commits
 * each DDL statement (H2, MySQL, MariaDB), the statements before the one that failed stay applied, so the schema
 * must be checked and those changes undone (or the script made to start where it stopped) before the record is
 * removed and the script runs again. On a database that rolls DDL back (PostgreSQL), a failed script leaves
 * nothing and is usually not recorded at all.
 */
public interface FailedMigration {

    /**
     * Returns its version.
     *
     * @return the version, or {@code null} for a repeatable migration
     */
    String version();

    /**
     * Returns its description.
     *
     * @return the description
     */
    String description();

    /**
     * Returns the script or class that failed.
     *
     * @return the script, such as {@code V4__priority.sql}
     */
    String script();

    /**
     * Returns when the failure was recorded.
     *
     * @return the history's time, or {@code null} when the history does not say
     */
    Instant failedAt();

    /**
     * Returns whether the database rolls DDL back with a transaction (PostgreSQL does; H2, MySQL and MariaDB do
     * not).
     *
     * @return {@code true} for a database known to roll DDL back; {@code false} otherwise, and when unknown
     */
    boolean databaseRollsBackDdl();

    /**
     * Returns whether the failed script may have left some of its statements applied: on a database that does not
     * roll DDL back, everything before the failing statement stays.
     *
     * @return {@code true} unless the database rolls DDL back
     */
    default boolean mayBePartlyApplied() {
        return !databaseRollsBackDdl();
    }
}
