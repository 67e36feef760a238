package dev.intermission.background;

/**
 * One background job that runs its own way, guarded: check {@link #allowed()} first, and close it when the job
 * ends (try-with-resources); while it is open it counts as running, so a migration window waits for it.
 *
 * <pre>{@code
 * try (BackgroundJob job = maintenance.background().start("nightly-report")) {
 *     if (!job.allowed()) {
 *         return;                       // maintenance is on: try again later
 *     }
 *     for (Batch batch : batches) {
 *         if (job.maintenanceOn()) {
 *             break;                    // a window waits for this job: stop at a safe point
 *         }
 *         batch.process();
 *     }
 * }
 * }</pre>
 */
public interface BackgroundJob extends AutoCloseable {

    /**
     * Returns the job's name.
     *
     * @return the name
     */
    String name();

    /**
     * Returns whether the job may run: maintenance was off when it started. A job that is not allowed is not
     * counted and must do nothing.
     *
     * @return whether to run
     */
    boolean allowed();

    /**
     * Returns whether maintenance is on now: a long job checks it to stop at a safe point, since a migration
     * window waits for it to end.
     *
     * @return whether maintenance is on
     */
    boolean maintenanceOn();

    /** Ends the job: it no longer counts as running. Closing twice does nothing. */
    @Override
    void close();
}
