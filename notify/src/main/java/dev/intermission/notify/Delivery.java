package dev.intermission.notify;

import java.time.Instant;
import java.util.List;

/** The delivery of one notification to one webhook, with every attempt made. */
public interface Delivery {

    /**
     * Returns the webhook's name.
     *
     * @return the name
     */
    String webhook();

    /**
     * Returns where the delivery stands.
     *
     * @return the status
     */
    DeliveryStatus status();

    /**
     * Returns how many attempts were made.
     *
     * @return the count
     */
    int attemptCount();

    /**
     * Returns when the next attempt is due, while {@link DeliveryStatus#PENDING}.
     *
     * @return the instant, or {@code null} when delivered or given up
     */
    Instant nextAttemptAt();

    /**
     * Returns when the receiver accepted it.
     *
     * @return the instant, or {@code null} when not delivered
     */
    Instant deliveredAt();

    /**
     * Returns what went wrong on the last failed attempt.
     *
     * @return the error, or {@code null}
     */
    String lastError();

    /**
     * Returns every attempt, in order.
     *
     * @return the attempts
     */
    List<DeliveryAttempt> attempts();
}
