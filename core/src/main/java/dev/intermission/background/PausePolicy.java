package dev.intermission.background;

/** What a background task does when it is due while maintenance is on. */
public enum PausePolicy {
    /** Does not run; a one-off task's future is cancelled, a periodic task runs again at its next period. */
    SKIP,
    /** Runs once maintenance is off (a periodic task's missed runs count as one). */
    DEFER,
    /** Runs anyway: work that is safe during maintenance; it is not counted as a running job. */
    RUN
}
