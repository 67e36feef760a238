package dev.intermission.migration;

/**
 * What a migration window does when, within its drain timeout, an instance has not acknowledged the change or
 * still has requests or background jobs in flight.
 */
public enum DrainPolicy {
    /** Fail the window before anything is migrated (the default); maintenance stays on. */
    ABORT,
    /** Log the instances not ready and what they run, and migrate anyway. */
    PROCEED
}
