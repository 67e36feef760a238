package dev.intermission;

/**
 * What an instance assumes when it has never been able to read the state (the database was unreachable from the
 * start).
 *
 * <p>Once the state has been read once, an outage never changes it: the last state read is kept.
 */
public enum UnknownStatePolicy {
    /**
     * Refuse traffic until the state is known (the default): an instance that cannot see the database cannot
     * tell whether a migration is running, and serving writes into a schema being changed is the failure the
     * library exists to prevent. Allow-listed paths (health checks) and the admin endpoint still pass.
     */
    ASSUME_FULL,
    /** Serve traffic until the state is known: availability first, for applications that rarely migrate. */
    ASSUME_OFF
}
