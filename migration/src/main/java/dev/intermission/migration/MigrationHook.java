package dev.intermission.migration;

/**
 * Steps a {@link MigrationWindow} runs around the migration; override the ones you need.
 *
 * <p>Hooks run on the window's thread while maintenance is on and the lock is held. An exception from
 * {@link #beforeMigrate} or {@link #afterMigrate} fails the window; one from {@link #onFailure} is logged and
 * added to the recorded error. A backup with {@code pg_dump}, restored if the window fails. The dump leaves out
 * the library's own tables ({@code service_context*}, {@code intermission_*}, {@code migration_window} and
 * {@code migration_lock}, under the configured prefix), so a restore puts the application's data back without
 * rewinding the maintenance state, its history or the record of this very window:
 *
 * <pre>{@code
 * MigrationHook backup = new MigrationHook() {
 *     public void beforeMigrate(MigrationContext c) throws Exception {
 *         run("pg_dump", "--format=custom", "--file=" + c.windowId() + ".dump", "--dbname=" + dbUrl,
 *                 "--exclude-table=service_context*", "--exclude-table=intermission_*",
 *                 "--exclude-table=migration_window", "--exclude-table=migration_lock");
 *     }
 *     public void onFailure(MigrationContext c, MigrationPhase phase, Throwable error) throws Exception {
 *         if (phase.compareTo(MigrationPhase.MIGRATE) >= 0) {
 *             run("pg_restore", "--clean", "--if-exists", "--dbname=" + dbUrl, c.windowId() + ".dump");
 *         }
 *     }
 *     private void run(String... command) throws Exception {
 *         Process p = new ProcessBuilder(command).inheritIO().start();
 *         if (p.waitFor() != 0) {
 *             throw new IllegalStateException(command[0] + " exited with " + p.exitValue());
 *         }
 *     }
 * };
 * }</pre>
 */
public interface MigrationHook {

    /**
     * Runs after maintenance is on and requests have drained, before migrating.
     *
     * @param context the window
     * @throws Exception to fail the window; nothing has been migrated yet
     */
    default void beforeMigrate(MigrationContext context) throws Exception {
    }

    /**
     * Runs after migrating and validating, before maintenance is switched off; for verification queries.
     *
     * @param context the window, with the migrations applied
     * @throws Exception to fail the window; maintenance then stays on
     */
    default void afterMigrate(MigrationContext context) throws Exception {
    }

    /**
     * Runs when a step failed, after maintenance was set to {@code "migration failed: ..."} and the error recorded;
     * for example a restore.
     *
     * @param context the window, with the migrations applied before the failure
     * @param phase   the step that failed
     * @param error   the failure
     * @throws Exception when the hook itself fails; the failure is added to the recorded error
     */
    default void onFailure(MigrationContext context, MigrationPhase phase, Throwable error) throws Exception {
    }
}
