package dev.intermission.notify.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.intermission.SchemaMode;
import dev.intermission.internal.Engine;
import dev.intermission.notify.EventType;

/**
 * Everything a notifier was built with, validated.
 *
 * @param service         the service
 * @param webhooks        the webhooks
 * @param reminders       how long before a scheduled window's start a reminder goes out, longest first
 * @param attributes      the attributes every event carries
 * @param rollbackHints   the hints every migration report carries
 * @param template        the text template
 * @param pollInterval    how often the instance looks for work others left
 * @param maxAttempts     the most attempts per delivery
 * @param retryBackoff    the wait after the first failed attempt, doubled after each
 * @param maxRetryBackoff the longest wait between attempts
 * @param schemaMode      what to do with the notification tables
 * @param holder          this process's name in leases and records
 */
public record NotifySettings(Engine service, List<Target> webhooks, List<Duration> reminders,
        Map<String, String> attributes, List<String> rollbackHints, TextTemplate template, Duration pollInterval,
        int maxAttempts, Duration retryBackoff, Duration maxRetryBackoff, SchemaMode schemaMode, String holder) {

    /**
     * One webhook as the notifier needs it.
     *
     * @param sender what posts to it
     * @param events the event types it gets
     */
    public record Target(WebhookSender.Target sender, Set<EventType> events) {
    }

    /**
     * Returns the names of the webhooks that get a type of event.
     *
     * @param type the type
     * @return the names
     */
    public List<String> webhooksFor(EventType type) {
        return webhooks.stream().filter(w -> w.events().contains(type)).map(w -> w.sender().name()).toList();
    }

    /**
     * Returns every webhook's name.
     *
     * @return the names
     */
    public List<String> webhookNames() {
        return webhooks.stream().map(w -> w.sender().name()).toList();
    }
}
