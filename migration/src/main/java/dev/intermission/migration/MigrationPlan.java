package dev.intermission.migration;

import dev.intermission.InvalidValueException;

import java.util.List;
import java.util.Optional;

/**
 * What a {@link SchemaMigrator} would apply: a dry run.
 *
 * @param currentVersion the schema's version now, or {@code null} when nothing was ever applied
 * @param targetVersion  the version once every pending migration is applied ({@code currentVersion} when nothing
 *                       is pending), or {@code null} when there is none
 * @param pending        the pending migrations, in the order they would run
 * @param failed         the migration the schema history records as failed (also the first pending one), or
 *                       {@code null} when none is; see {@link #failedMigration()}
 */
public record MigrationPlan(String currentVersion, String targetVersion, List<PendingMigration> pending,
        FailedMigration failed) {

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
     * Creates a plan with no failed migration recorded.
     *
     * @param currentVersion the schema's version now, or {@code null}
     * @param targetVersion  the version once every pending migration is applied, or {@code null}
     * @param pending        the pending migrations, in order
     * @throws InvalidValueException when {@code pending} is {@code null}
     */
    public MigrationPlan(String currentVersion, String targetVersion, List<PendingMigration> pending) {
        this(currentVersion, targetVersion, pending, null);
    }

    /**
     * Returns the migration the schema history records as failed: it must be looked at (and, where the database
     * does not roll DDL back, its partial changes undone) before a window runs it again.
     *
     * @return the failed migration, or empty when none is recorded
     */
    public Optional<FailedMigration> failedMigration() {
        return Optional.ofNullable(failed);
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
