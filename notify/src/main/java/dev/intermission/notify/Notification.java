package dev.intermission.notify;

import java.time.Instant;
import java.util.List;

/**
 * One recorded event, as stored once for all instances, with its deliveries to each webhook; read with
 * {@link NotificationLog}, for a console or a command line.
 */
public interface Notification {

    /**
     * Returns the event's id, sent as the {@value Webhook#EVENT_ID_HEADER} header and the body's {@code id}.
     *
     * @return the id, a lower-case UUID
     */
    String id();

    /**
     * Returns the service the event belongs to.
     *
     * @return the service name
     */
    String serviceName();

    /**
     * Returns what happened.
     *
     * @return the type
     */
    EventType type();

    /**
     * Returns when it happened.
     *
     * @return the instant
     */
    Instant occurredAt();

    /**
     * Returns when it was recorded.
     *
     * @return the instant
     */
    Instant recordedAt();

    /**
     * Returns the instance (process) that recorded it.
     *
     * @return the process name
     */
    String recordedBy();

    /**
     * Returns the one-line summary.
     *
     * @return the summary
     */
    String summary();

    /**
     * Returns the JSON body sent to {@link Webhook.Format#JSON} webhooks.
     *
     * @return the JSON text
     */
    String body();

    /**
     * Returns the text rendered from the template, sent to {@link Webhook.Format#CHAT} webhooks.
     *
     * @return the text
     */
    String text();

    /**
     * Returns its delivery to each webhook, by webhook name.
     *
     * @return the deliveries
     */
    List<Delivery> deliveries();
}
