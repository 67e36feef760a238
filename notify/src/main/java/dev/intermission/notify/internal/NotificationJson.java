package dev.intermission.notify.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.intermission.notify.Delivery;
import dev.intermission.notify.DeliveryAttempt;
import dev.intermission.notify.Notification;

/**
 * The JSON shape of a notification, shared by the admin endpoint ({@code GET <base>/notifications}) and the
 * command line ({@code notifications --json}): the event, then each delivery with every attempt.
 */
public final class NotificationJson {

    private NotificationJson() {
    }

    /**
     * Returns a notification's fields: {@code id}, {@code type}, {@code occurredAt}, {@code recordedAt},
     * {@code recordedBy}, {@code summary} and {@code deliveries} (each with {@code webhook}, {@code status},
     * {@code attemptCount}, {@code nextAttemptAt}, {@code deliveredAt}, {@code lastError} and {@code attempts}: their
     * {@code number}, {@code at}, {@code durationMillis}, {@code statusCode}, {@code succeeded}, {@code error} and
     * {@code holder}).
     *
     * @param n the notification
     * @return the fields, in a stable order
     */
    public static Map<String, Object> of(Notification n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("type", n.type().externalName());
        m.put("occurredAt", n.occurredAt());
        m.put("recordedAt", n.recordedAt());
        m.put("recordedBy", n.recordedBy());
        m.put("summary", n.summary());
        List<Map<String, Object>> deliveries = new ArrayList<>();
        for (Delivery d : n.deliveries()) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("webhook", d.webhook());
            dm.put("status", d.status().name().toLowerCase(Locale.ROOT));
            dm.put("attemptCount", d.attemptCount());
            dm.put("nextAttemptAt", d.nextAttemptAt());
            dm.put("deliveredAt", d.deliveredAt());
            dm.put("lastError", d.lastError());
            List<Map<String, Object>> attempts = new ArrayList<>();
            for (DeliveryAttempt a : d.attempts()) {
                Map<String, Object> am = new LinkedHashMap<>();
                am.put("number", a.number());
                am.put("at", a.at());
                am.put("durationMillis", a.durationMillis());
                am.put("statusCode", a.statusCode());
                am.put("succeeded", a.succeeded());
                am.put("error", a.error());
                am.put("holder", a.holder());
                attempts.add(am);
            }
            dm.put("attempts", attempts);
            deliveries.add(dm);
        }
        m.put("deliveries", deliveries);
        return m;
    }

    /**
     * Returns a notification's fields (see {@link #of(Notification)}) with what was sent: {@code body} (the JSON
     * text sent to JSON webhooks) and {@code text} (the text sent to chat webhooks).
     *
     * @param n the notification
     * @return the fields, in a stable order
     */
    public static Map<String, Object> detail(Notification n) {
        Map<String, Object> m = of(n);
        Object deliveries = m.remove("deliveries");
        m.put("body", n.body());
        m.put("text", n.text());
        m.put("deliveries", deliveries);
        return m;
    }
}
