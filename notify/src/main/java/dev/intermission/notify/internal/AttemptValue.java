package dev.intermission.notify.internal;

import java.time.Instant;

import dev.intermission.notify.DeliveryAttempt;

/** The module's DeliveryAttempt: one immutable value. */
public record AttemptValue(int number, Instant at, long durationMillis, Integer statusCode, boolean succeeded,
        String error, String holder) implements DeliveryAttempt {
}
