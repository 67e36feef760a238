package dev.intermission.flyway.internal;

import java.time.Instant;

/**
 * A migration that the application's schema history records as failed, for a dry run to report before anything
 * runs again.
 *
 * <p>Flyway records a failure only where it could not roll the script back: on a database that cannot roll DDL
 * back (H2, MySQL, MariaDB), where the statements before the one that failed stay applied. The schema must then be
 * checked, the script fixed to start from where it stopped, and the record removed (a window that repairs failed
 * migrations) before the next run. On PostgreSQL a failed script is rolled back and nothing is recorded; a failed
 * migration that ran outside a transaction there is not recorded either, although its first statements stay.
 *
 * @param version              its version, or {@code null} for a repeatable migration
 * @param description          its description
 * @param script               the script or class that failed
 * @param failedAt             when it was recorded (the history's time, read in this JVM's time zone, as Flyway
 *                             reads it), or {@code null} when the history does not say
 * @param databaseRollsBackDdl whether the database rolls DDL back with a transaction (PostgreSQL does; H2, MySQL and
 *                             MariaDB do not; {@code false} when unknown)
 */
public record FailedMigration(String version, String description, String script, Instant failedAt,
        boolean databaseRollsBackDdl) {
}
