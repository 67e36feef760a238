package dev.intermission.migration;

import dev.intermission.InvalidValueException;

import java.util.List;

/**
 * What a {@link SchemaMigrator} would apply: a dry run.
 *
 * @param currentVersion the schema's version now, or {@code null} when nothing was ever applied
 * @param targetVersion  the version once every pending migration is applied ({@code currentVersion} when nothing
 *                       is pending), or {@code null} when there is none
 * @param pending        the pending migrations, in the order they would run
 */
public record MigrationPlan(String currentVersion, String targetVersion, List<PendingMigration> pending) {

    /**
     * Validates and copies the plan.
     *
     * @throws InvalidValueException when {@code pending} is {@code null}
     */
    public MigrationPlan {
        if (pending == null) {
            throw new InvalidValueException("pending", null, "must not be null");
        }
        pending = List.copyOf(pending);
    }

    /**
     * Returns whether nothing is pending.
     *
     * @return {@code true} when {@link #pending()} is empty
     */
    public boolean upToDate() {
        return pending.isEmpty();
    }
}
