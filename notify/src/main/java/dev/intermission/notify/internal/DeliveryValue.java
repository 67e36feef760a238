package dev.intermission.notify.internal;

import java.time.Instant;
import java.util.List;

import dev.intermission.notify.Delivery;
import dev.intermission.notify.DeliveryAttempt;
import dev.intermission.notify.DeliveryStatus;

/** The module's Delivery: one immutable value. */
public record DeliveryValue(String webhook, DeliveryStatus status, int attemptCount, Instant nextAttemptAt,
        Instant deliveredAt, String lastError, List<DeliveryAttempt> attempts) implements Delivery {

    /** Copies the list. */
    public DeliveryValue {
        attempts = List.copyOf(attempts);
    }
}
