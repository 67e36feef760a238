package dev.intermission.notify.internal;

import java.time.Instant;
import java.util.List;

import dev.intermission.notify.Delivery;
import dev.intermission.notify.EventType;
import dev.intermission.notify.Notification;

/** The module's Notification: one immutable value. */
public record NotificationValue(String id, String serviceName, EventType type, Instant occurredAt,
        Instant recordedAt, String recordedBy, String summary, String body, String text, List<Delivery> deliveries)
        implements Notification {

    /** Copies the list. */
    public NotificationValue {
        deliveries = List.copyOf(deliveries);
    }
}
