package dev.intermission.migration;

/** The steps of a migration window, in the order they run. */
public enum MigrationPhase {
    /** Reading what is pending. */
    PLAN,
    /** Taking the cluster-wide lock, waiting for another window if one runs. */
    LOCK,
    /** Switching maintenance on (or keeping an operator's). */
    ENABLE,
    /**
     * Waiting until every live instance has acknowledged the change (reports its version), or has left; when the
     * instance table says nothing, a refresh interval plus a margin instead.
     */
    PROPAGATE,
    /** Waiting until no instance has a request (in a read-only window: a write) or a background job in flight. */
    DRAIN,
    /** Running the {@link MigrationHook#beforeMigrate(MigrationContext)} hooks, for example a backup. */
    BEFORE_HOOKS,
    /** Applying the pending migrations. */
    MIGRATE,
    /** Checking the schema after migrating. */
    VALIDATE,
    /** Running the {@link MigrationHook#afterMigrate(MigrationContext)} hooks, for example verification queries. */
    AFTER_HOOKS,
    /** Switching maintenance off, or leaving an operator's on. */
    FINISH,
    /** Running the {@link MigrationHook#onFailure(MigrationContext, MigrationPhase, Throwable)} hooks. */
    FAILURE_HOOKS
}
