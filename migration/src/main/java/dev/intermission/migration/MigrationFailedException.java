package dev.intermission.migration;

import java.util.List;

/** Thrown by {@link SchemaMigrator#migrate()} when a migration fails, with what was applied before it failed. */
public class MigrationFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The migrations applied before the failure; records are serializable, the list is copied. */
    private final List<AppliedMigration> applied;

    /**
     * Creates an exception.
     *
     * @param message what failed
     * @param cause   the underlying failure, or {@code null}
     * @param applied the migrations applied before the failure, in order
     */
    public MigrationFailedException(String message, Throwable cause, List<AppliedMigration> applied) {
        super(message, cause);
        this.applied = applied == null ? List.of() : List.copyOf(applied);
    }

    /**
     * Returns the migrations applied (and kept) before the failure.
     *
     * @return the applied migrations, in order; empty when none
     */
    public List<AppliedMigration> applied() {
        return applied;
    }
}
