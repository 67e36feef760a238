package dev.intermission.notify.internal;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.intermission.internal.Json;
import dev.intermission.internal.Log;
import dev.intermission.notify.DeliveryStatus;

/**
 * Delivers one webhook's events in order, on its own thread: takes the first pending delivery, claims it with a
 * lease (so no other instance sends it meanwhile), posts it, records the attempt, and schedules a retry with
 * exponential backoff until the attempts run out. A later event waits until the one before is delivered or given
 * up, so a receiver sees events in the order they happened.
 */
public final class DeliveryWorker {

    private static final Log LOG = Log.of(DeliveryWorker.class);
    /** What a lease covers beyond the two timeouts: scheduling, recording. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    private static final long CONTENDED_PAUSE_MILLIS = 20;

    private final NotifySettings settings;
    private final EventStore store;
    private final SchemaGate schema;
    private final WebhookSender sender;
    private final String name;
    private final String service;
    private final Duration lease;
    private final Object signal = new Object();
    private boolean woken;
    private boolean failing;
    private volatile boolean stopped;

    /**
     * Creates the worker of one webhook.
     *
     * @param settings the notifier's settings
     * @param store    the tables
     * @param schema   the tables' readiness
     * @param target   the webhook
     */
    public DeliveryWorker(NotifySettings settings, EventStore store, SchemaGate schema,
            WebhookSender.Target target) {
        this.settings = settings;
        this.store = store;
        this.schema = schema;
        this.sender = new WebhookSender(target);
        this.name = target.name();
        this.service = settings.service().serviceName();
        this.lease = target.connectTimeout().plus(target.readTimeout()).plus(LEASE_MARGIN);
    }

    /** Wakes the worker: an event was recorded. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Stops the worker: its loop ends after the attempt in flight, if any (interrupt the thread to cut it). */
    public void stop() {
        stopped = true;
        wake();
    }

    /**
     * Runs until stopped or the service closes.
     */
    public void run() {
        while (!stopped && !settings.service().closed()) {
            long sleep;
            try {
                sleep = step();
                if (failing) {
                    failing = false;
                    LOG.info("Webhook {} of '{}': the notification tables are readable again", name, service);
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                if (!failing) {
                    failing = true;
                    LOG.warn("Webhook {} of '{}': deliveries cannot be read or recorded now; trying again every {}",
                            name, service, Texts.human(settings.pollInterval()), e);
                }
                sleep = settings.pollInterval().toMillis();
            }
            if (!pause(sleep)) {
                return;
            }
        }
    }

    /** Waits up to some milliseconds, or until woken; false when interrupted. */
    private boolean pause(long millis) {
        if (millis <= 0) {
            return true;
        }
        synchronized (signal) {
            try {
                if (!woken && !stopped) {
                    signal.wait(millis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                woken = false;
            }
        }
        return true;
    }

    /** Delivers the first pending event if it is due; returns how long to wait before looking again. */
    private long step() throws SQLException, InterruptedException {
        schema.ensure();
        long poll = settings.pollInterval().toMillis();
        Optional<EventStore.Head> found = store.head(service, name);
        if (found.isEmpty()) {
            return poll;
        }
        EventStore.Head head = found.get();
        Instant now = Instant.now();
        if (head.leaseUntil() != null && head.leaseUntil().isAfter(now)) {
            return Math.min(poll, Math.max(1, Duration.between(now, head.leaseUntil()).toMillis()));
        }
        if (head.nextAttemptAt().isAfter(now)) {
            return Math.min(poll, Math.max(1, Duration.between(now, head.nextAttemptAt()).toMillis()));
        }
        if (!store.claim(head, name, settings.holder(), now, now.plus(lease))) {
            return CONTENDED_PAUSE_MILLIS;
        }
        deliver(head);
        return 0;
    }

    private void deliver(EventStore.Head head) throws SQLException, InterruptedException {
        Optional<EventStore.Payload> payload = store.payload(head.eventId());
        int attempt = head.attempts() + 1;
        Instant at = Instant.now();
        long start = System.nanoTime();
        WebhookSender.Result result;
        if (payload.isEmpty()) {
            result = new WebhookSender.Result(null, false, "the event is no longer recorded");
        } else {
            byte[] body = (sender.target().chat() ? Json.write(Map.of("text", chatText(payload.get().text())))
                    : payload.get().json()).getBytes(StandardCharsets.UTF_8);
            result = sender.send(head.eventId(), payload.get().type(), attempt, body, Instant.now());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        boolean last = attempt >= settings.maxAttempts() || payload.isEmpty();
        DeliveryStatus status = result.succeeded() ? DeliveryStatus.DELIVERED
                : last ? DeliveryStatus.FAILED : DeliveryStatus.PENDING;
        Instant next = status == DeliveryStatus.PENDING ? Instant.now().plus(backoff(attempt)) : Instant.now();
        boolean recorded = store.recordAttempt(head.eventId(), name, settings.holder(), new EventStore.Outcome(
                attempt, at, millis, result.statusCode(), result.succeeded(), result.error(), status, next));
        String type = payload.map(p -> p.type().externalName()).orElse("?");
        if (!recorded) {
            LOG.warn("Webhook {} of '{}': attempt {} of event {} ({}) took longer than its lease; another instance "
                    + "may have sent it too", name, service, attempt, head.eventId(), type);
        } else if (status == DeliveryStatus.DELIVERED) {
            LOG.info("Webhook {} of '{}': event {} ({}) delivered on attempt {}", name, service, head.eventId(), type,
                    attempt);
        } else if (status == DeliveryStatus.PENDING) {
            LOG.warn("Webhook {} of '{}': attempt {} of {} for event {} ({}) failed: {}; next try in {}", name,
                    service, attempt, settings.maxAttempts(), head.eventId(), type, result.error(),
                    Texts.human(backoff(attempt)));
        } else {
            LOG.error("Webhook {} of '{}': event {} ({}) given up after {} attempts; last: {}", name, service,
                    head.eventId(), type, attempt, result.error());
        }
    }

    /** The wait after a failed attempt: the first backoff, doubled after each attempt, capped. */
    Duration backoff(int attempt) {
        Duration d = settings.retryBackoff();
        for (int i = 1; i < attempt && d.compareTo(settings.maxRetryBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(settings.maxRetryBackoff()) > 0 ? settings.maxRetryBackoff() : d;
    }

    /** Slack asks for {@code &}, {@code <} and {@code >} to be escaped in a message's text. */
    static String chatText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
