package dev.intermission.flyway.internal;

import java.time.Instant;

import dev.intermission.migration.FailedMigration;

/**
 * A migration that Flyway's schema history records as failed.
 *
 * <p>Flyway records a failure only where it could not roll the script back: on a database that cannot roll DDL
 * back (H2, MySQL, MariaDB), where the statements before the one that failed stay applied. On PostgreSQL a failed
 * script is rolled back and nothing is recorded; a failed migration that ran outside a transaction there is not
 * recorded either, although its first statements stay.
 *
 * @param version              its version, or {@code null} for a repeatable migration
 * @param description          its description
 * @param script               the script or class that failed
 * @param failedAt             when it was recorded (the history's time, read in this JVM's time zone, as Flyway
 *                             reads it), or {@code null} when the history does not say
 * @param databaseRollsBackDdl whether the database rolls DDL back with a transaction
 */
public record RecordedFailure(String version, String description, String script, Instant failedAt,
        boolean databaseRollsBackDdl) implements FailedMigration {
}
