package dev.intermission.migration;

import java.util.List;

/**
 * The hook a migration tool implements so that a {@link MigrationWindow} can run it: it tells what is pending and
 * applies it. {@link FlywayMigrator} provides one for Flyway; Liquibase or plain SQL can implement it too.
 *
 * <p>Implementations use the application's own migrations and history, never the library's.
 */
public interface SchemaMigrator {

    /**
     * Reads what would be applied, changing nothing.
     *
     * @return the current version, the target version and the pending migrations
     * @throws RuntimeException when the schema or the migrations cannot be read
     */
    MigrationPlan plan();

    /**
     * Applies every pending migration, in order.
     *
     * @return the migrations applied, in order; empty when nothing was pending
     * @throws MigrationFailedException when a migration fails and the implementation can tell what it applied
     *                                  before the failure
     * @throws RuntimeException         when a migration fails
     */
    List<AppliedMigration> migrate();

    /**
     * Checks the schema after {@link #migrate()}; by default, that nothing is pending any more.
     *
     * @throws RuntimeException naming the problem when the schema is not as the migrations describe it
     */
    default void validate() {
        MigrationPlan plan = plan();
        if (!plan.upToDate()) {
            throw new IllegalStateException("still pending after migrating: " + plan.pending());
        }
    }
}
