package dev.intermission.migration;

/**
 * One instance that held a migration window up: it had not acknowledged the window's change yet, or still had
 * requests or background jobs in flight; with how long it held the window up and how that ended.
 */
public interface InstanceWait {

    /** How the wait for one instance ended. */
    enum Outcome {
        /** The instance acknowledged the change and its work ended. */
        READY,
        /** The instance left: it stopped, or its lease ended without a heartbeat (it died or was cut off). */
        GONE,
        /** The instance was still not ready when the drain timeout ended. */
        TIMED_OUT
    }

    /**
     * Returns the instance's id.
     *
     * @return the id
     */
    String instanceId();

    /**
     * Returns the host the instance runs on.
     *
     * @return the host name
     */
    String host();

    /**
     * Returns how long the instance held the window up, in milliseconds.
     *
     * @return zero or more
     */
    long waitedMillis();

    /**
     * Returns what held the window up, in words: the version it had not acknowledged, and the requests and jobs
     * it was running (the last seen).
     *
     * @return the reason
     */
    String reason();

    /**
     * Returns how the wait ended.
     *
     * @return the outcome
     */
    Outcome outcome();
}
