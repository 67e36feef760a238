package dev.intermission.migration;

/** What a migration window does when this instance's in-flight requests have not finished within the timeout. */
public enum DrainPolicy {
    /** Fail the window before anything is migrated (the default); maintenance stays on. */
    ABORT,
    /** Log the requests still running and migrate anyway. */
    PROCEED
}
