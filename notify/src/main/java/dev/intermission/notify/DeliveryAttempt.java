package dev.intermission.notify;

import java.time.Instant;

/** One attempt to deliver a notification to a webhook: when, how long, and what the receiver answered. */
public interface DeliveryAttempt {

    /**
     * Returns the attempt's number, from 1.
     *
     * @return the number
     */
    int number();

    /**
     * Returns when it started.
     *
     * @return the instant
     */
    Instant at();

    /**
     * Returns how long it took, in milliseconds.
     *
     * @return the duration
     */
    long durationMillis();

    /**
     * Returns the receiver's HTTP status code.
     *
     * @return the code, or {@code null} when no answer came (a timeout, a refused connection)
     */
    Integer statusCode();

    /**
     * Returns whether the receiver accepted the notification (a 2xx status).
     *
     * @return whether it succeeded
     */
    boolean succeeded();

    /**
     * Returns what went wrong, in words: the status, a timeout, a refused connection, a redirect not followed.
     *
     * @return the error, or {@code null} when it succeeded
     */
    String error();

    /**
     * Returns the instance (process) that made the attempt.
     *
     * @return the process name
     */
    String holder();
}
