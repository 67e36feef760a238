package dev.intermission;

import java.time.Instant;

/**
 * One row of the audit history: a change to a service's maintenance state, written in the same transaction.
 */
public interface HistoryEntry {

    /**
     * Returns the service.
     *
     * @return serviceName
     */
    String serviceName();

    /**
     * Returns the state's version after this change.
     *
     * @return version
     */
    long version();

    /**
     * Returns what the change did.
     *
     * @return action
     */
    Action action();

    /**
     * Returns the stored mode before the change.
     *
     * @return previousMode
     */
    Mode previousMode();

    /**
     * Returns the stored mode after the change.
     *
     * @return newMode
     */
    Mode newMode();

    /**
     * Returns the stored message after the change, or {@code null}.
     *
     * @return message
     */
    String message();

    /**
     * Returns the stored expected end after the change, or {@code null}.
     *
     * @return until
     */
    Instant until();

    /**
     * Returns the scheduled window after the change, or {@code null}.
     *
     * @return window
     */
    ScheduledWindow window();

    /**
     * Returns who made the change.
     *
     * @return actor
     */
    String actor();

    /**
     * Returns where the change came from.
     *
     * @return origin
     */
    Origin origin();

    /**
     * Returns the client's network address, or {@code null}.
     *
     * @return clientAddress
     */
    String clientAddress();

    /**
     * Returns when the change was committed.
     *
     * @return at
     */
    Instant at();

}
