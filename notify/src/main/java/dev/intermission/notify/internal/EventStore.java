package dev.intermission.notify.internal;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.intermission.internal.Db;
import dev.intermission.internal.Schema;
import dev.intermission.notify.Delivery;
import dev.intermission.notify.DeliveryAttempt;
import dev.intermission.notify.DeliveryStatus;
import dev.intermission.notify.EventType;
import dev.intermission.notify.Notification;

/**
 * Reads and writes the notification tables in portable SQL (H2, PostgreSQL, MySQL/MariaDB): events inserted once
 * per key, deliveries claimed through a lease with a conditional update, attempts recorded with the outcome.
 */
public final class EventStore {

    /** The longest error text stored. */
    static final int MAX_ERROR_LENGTH = 1000;

    private final Db db;
    private final NotifyTables tables;

    /**
     * Creates a store.
     *
     * @param db     the database
     * @param tables the table names
     */
    public EventStore(Db db, NotifyTables tables) {
        this.db = db;
        this.tables = tables;
    }

    /**
     * Returns the table names.
     *
     * @return the tables
     */
    public NotifyTables tables() {
        return tables;
    }

    /**
     * An event to record.
     *
     * @param id          its id
     * @param service     the service
     * @param key         what identifies it across instances
     * @param type        its type
     * @param occurredAt  when it happened
     * @param recordedBy  this process
     * @param summary     its one-line summary
     * @param json        its JSON body
     * @param text        its text rendering
     */
    public record NewEvent(String id, String service, String key, EventType type, Instant occurredAt,
            String recordedBy, String summary, String json, String text) {
    }

    /**
     * The first delivery still pending for one webhook.
     *
     * @param eventId       the event
     * @param attempts      the attempts made
     * @param nextAttemptAt when the next is due
     * @param leaseUntil    until when another instance holds it, or {@code null}
     */
    public record Head(String eventId, int attempts, Instant nextAttemptAt, Instant leaseUntil) {
    }

    /**
     * What a delivery sends.
     *
     * @param type the event's type
     * @param json the JSON body
     * @param text the text
     */
    public record Payload(EventType type, String json, String text) {
    }

    /**
     * Returns whether an event with this key is recorded.
     *
     * @param service the service
     * @param key     the key
     * @return whether it exists
     * @throws SQLException when the database cannot be read
     */
    public boolean exists(String service, String key) throws SQLException {
        return db.with(c -> db.first(c, "SELECT 1 FROM " + tables.events()
                + " WHERE service_name = ? AND event_key = ?", rs -> 1, service, key).isPresent());
    }

    /**
     * Records an event and its pending deliveries in one transaction.
     *
     * @param e        the event
     * @param webhooks the webhooks it goes to
     * @param now      the time of recording
     * @return {@code true} when recorded; {@code false} when an event with its key was recorded already
     * @throws SQLException when the database cannot be written
     */
    public boolean insert(NewEvent e, List<String> webhooks, Instant now) throws SQLException {
        try {
            return db.inTransaction(c -> {
                db.update(c, "INSERT INTO " + tables.events() + " (id, service_name, event_key, event_type, "
                        + "occurred_at, recorded_at, recorded_by, summary, json_body, text_body) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e.id(), e.service(), e.key(), e.type().name(),
                        Db.time(e.occurredAt()), Db.time(now), e.recordedBy(), e.summary(), e.json(), e.text());
                long seq = db.first(c, "SELECT seq FROM " + tables.events() + " WHERE id = ?", rs -> rs.getLong(1),
                        e.id()).orElseThrow(() -> new SQLException("event " + e.id() + " not found after insert"));
                for (String webhook : webhooks) {
                    db.update(c, "INSERT INTO " + tables.deliveries() + " (event_id, webhook, service_name, "
                            + "event_seq, status, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, 0, ?)", e.id(),
                            webhook, e.service(), seq, DeliveryStatus.PENDING.name(), Db.time(now));
                }
                return true;
            });
        } catch (SQLException ex) {
            if (Db.isContention(ex) && exists(e.service(), e.key())) {
                return false;
            }
            throw ex;
        }
    }

    /**
     * Returns the first pending delivery of one webhook, in event order.
     *
     * @param service the service
     * @param webhook the webhook
     * @return the head, or empty when nothing is pending
     * @throws SQLException when the database cannot be read
     */
    public Optional<Head> head(String service, String webhook) throws SQLException {
        return db.with(c -> db.first(c, "SELECT event_id, attempts, next_attempt_at, lease_until FROM "
                + tables.deliveries() + " WHERE service_name = ? AND webhook = ? AND status = ? ORDER BY event_seq "
                + "LIMIT 1", rs -> new Head(rs.getString(1), rs.getInt(2), Db.instant(rs, "next_attempt_at"),
                        Db.instant(rs, "lease_until")), service, webhook, DeliveryStatus.PENDING.name()));
    }

    /**
     * Claims a delivery for one attempt: succeeds only if it is still pending with the attempts read and no
     * other instance's lease runs.
     *
     * @param head       the delivery as read
     * @param webhook    the webhook
     * @param holder     this process
     * @param now        the time now
     * @param leaseUntil until when the claim holds
     * @return whether this instance holds it now
     * @throws SQLException when the database cannot be written
     */
    public boolean claim(Head head, String webhook, String holder, Instant now, Instant leaseUntil)
            throws SQLException {
        return db.with(c -> db.update(c, "UPDATE " + tables.deliveries() + " SET lease_holder = ?, lease_until = ? "
                + "WHERE event_id = ? AND webhook = ? AND status = ? AND attempts = ? AND (lease_until IS NULL OR "
                + "lease_until <= ?)", holder, Db.time(leaseUntil), head.eventId(), webhook,
                DeliveryStatus.PENDING.name(), head.attempts(), Db.time(now)) == 1);
    }

    /**
     * Reads what a delivery sends.
     *
     * @param eventId the event
     * @return the payload, or empty when the event is gone
     * @throws SQLException when the database cannot be read
     */
    public Optional<Payload> payload(String eventId) throws SQLException {
        return db.with(c -> db.first(c, "SELECT event_type, json_body, text_body FROM " + tables.events()
                + " WHERE id = ?", rs -> new Payload(EventType.valueOf(rs.getString(1)), rs.getString(2),
                        rs.getString(3)), eventId));
    }

    /**
     * The outcome of one attempt, to record.
     *
     * @param number        the attempt's number
     * @param at            when it started
     * @param durationMs    how long it took
     * @param statusCode    the receiver's status, or {@code null}
     * @param succeeded     whether the receiver accepted it
     * @param error         what went wrong, or {@code null}
     * @param status        the delivery's status after it
     * @param nextAttemptAt when to try again (when still pending)
     */
    public record Outcome(int number, Instant at, long durationMs, Integer statusCode, boolean succeeded,
            String error, DeliveryStatus status, Instant nextAttemptAt) {
    }

    /**
     * Records an attempt and the delivery's new state, if this instance still holds the delivery.
     *
     * @param eventId the event
     * @param webhook the webhook
     * @param holder  this process
     * @param o       the outcome
     * @return whether recorded (false when the lease was lost to another instance)
     * @throws SQLException when the database cannot be written
     */
    public boolean recordAttempt(String eventId, String webhook, String holder, Outcome o) throws SQLException {
        String error = cut(o.error());
        return db.inTransaction(c -> {
            int changed = db.update(c, "UPDATE " + tables.deliveries() + " SET attempts = ?, status = ?, "
                    + "next_attempt_at = ?, lease_holder = NULL, lease_until = NULL, delivered_at = ?, last_error = ? "
                    + "WHERE event_id = ? AND webhook = ? AND lease_holder = ? AND attempts = ?", o.number(),
                    o.status().name(), Db.time(o.nextAttemptAt()), Db.time(o.succeeded() ? o.at() : null),
                    Db.text(o.succeeded() ? null : error), eventId, webhook, holder, o.number() - 1);
            if (changed != 1) {
                return false;
            }
            // No typed SQL null for an integer: a missing status code is a missing column.
            if (o.statusCode() == null) {
                db.update(c, "INSERT INTO " + tables.attempts() + " (event_id, webhook, attempt, attempted_at, "
                        + "duration_ms, succeeded, error, holder) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", eventId, webhook,
                        o.number(), Db.time(o.at()), o.durationMs(), o.succeeded(), Db.text(error), holder);
            } else {
                db.update(c, "INSERT INTO " + tables.attempts() + " (event_id, webhook, attempt, attempted_at, "
                        + "duration_ms, status_code, succeeded, error, holder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        eventId, webhook, o.number(), Db.time(o.at()), o.durationMs(), o.statusCode(),
                        o.succeeded(), Db.text(error), holder);
            }
            return true;
        });
    }

    /**
     * Gives up this process's leases, so another instance can send what it was sending (the notifier closes).
     *
     * @param holder this process
     * @return how many were released
     * @throws SQLException when the database cannot be written
     */
    public int release(String holder) throws SQLException {
        return db.with(c -> db.update(c, "UPDATE " + tables.deliveries() + " SET lease_holder = NULL, lease_until = "
                + "NULL WHERE lease_holder = ? AND status = ?", holder, DeliveryStatus.PENDING.name()));
    }

    /**
     * Counts the deliveries still pending for some webhooks.
     *
     * @param service  the service
     * @param webhooks the webhooks
     * @return the count
     * @throws SQLException when the database cannot be read
     */
    public int pending(String service, List<String> webhooks) throws SQLException {
        if (webhooks.isEmpty()) {
            return 0;
        }
        List<Object> params = new ArrayList<>();
        params.add(service);
        params.add(DeliveryStatus.PENDING.name());
        params.addAll(webhooks);
        return db.with(c -> db.first(c, "SELECT COUNT(*) FROM " + tables.deliveries() + " WHERE service_name = ? "
                + "AND status = ? AND webhook IN (" + placeholders(webhooks.size()) + ")", rs -> rs.getInt(1),
                params.toArray()).orElse(0));
    }

    /**
     * Stores facts about a migration window, replacing earlier values of the same names.
     *
     * @param service  the service
     * @param windowId the window
     * @param facts    the facts by name
     * @throws SQLException when the database cannot be written
     */
    public void putFacts(String service, String windowId, Map<String, String> facts) throws SQLException {
        db.inTransaction(c -> {
            for (Map.Entry<String, String> f : facts.entrySet()) {
                String value = cut(f.getValue());
                if (db.update(c, "UPDATE " + tables.facts() + " SET fact_value = ? WHERE service_name = ? AND "
                        + "window_id = ? AND name = ?", value, service, windowId, f.getKey()) == 0) {
                    db.update(c, "INSERT INTO " + tables.facts() + " (service_name, window_id, name, fact_value) "
                            + "VALUES (?, ?, ?, ?)", service, windowId, f.getKey(), value);
                }
            }
            return null;
        });
    }

    /**
     * Reads the facts about a migration window.
     *
     * @param service  the service
     * @param windowId the window
     * @return the facts by name, sorted by name
     * @throws SQLException when the database cannot be read
     */
    public Map<String, String> facts(String service, String windowId) throws SQLException {
        Map<String, String> facts = new LinkedHashMap<>();
        db.with(c -> db.list(c, "SELECT name, fact_value FROM " + tables.facts() + " WHERE service_name = ? AND "
                + "window_id = ? ORDER BY name", rs -> facts.put(rs.getString(1), rs.getString(2)), service,
                windowId));
        return facts;
    }

    /**
     * Reads the newest events of a service with their deliveries and attempts.
     *
     * @param service the service
     * @param limit   the most events
     * @return the events, newest first; empty when the tables do not exist
     * @throws SQLException when the database cannot be read
     */
    public List<Notification> recent(String service, int limit) throws SQLException {
        return read("WHERE service_name = ? ORDER BY seq DESC LIMIT " + limit, service);
    }

    /**
     * Reads one event of a service.
     *
     * @param service the service
     * @param id      the event's id
     * @return the event, or empty
     * @throws SQLException when the database cannot be read
     */
    public Optional<Notification> find(String service, String id) throws SQLException {
        return read("WHERE service_name = ? AND id = ?", service, id).stream().findFirst();
    }

    private record Row(String id, String service, EventType type, Instant occurredAt, Instant recordedAt,
            String recordedBy, String summary, String json, String text) {
    }

    private record DeliveryRow(String eventId, String webhook, DeliveryStatus status, int attempts,
            Instant nextAttemptAt, Instant deliveredAt, String lastError) {
    }

    private List<Notification> read(String where, Object... params) throws SQLException {
        try {
            return db.with(c -> {
                List<Row> rows = db.list(c, "SELECT id, service_name, event_type, occurred_at, recorded_at, "
                        + "recorded_by, summary, json_body, text_body FROM " + tables.events() + " " + where,
                        rs -> new Row(rs.getString(1), rs.getString(2), EventType.valueOf(rs.getString(3)),
                                Db.instant(rs, "occurred_at"), Db.instant(rs, "recorded_at"), rs.getString(6),
                                rs.getString(7), rs.getString(8), rs.getString(9)), params);
                if (rows.isEmpty()) {
                    return List.of();
                }
                Object[] ids = rows.stream().map(Row::id).toArray();
                List<DeliveryRow> deliveries = db.list(c, "SELECT event_id, webhook, status, attempts, "
                        + "next_attempt_at, delivered_at, last_error FROM " + tables.deliveries()
                        + " WHERE event_id IN (" + placeholders(ids.length) + ") ORDER BY webhook", rs -> new DeliveryRow(rs.getString(1),
                                rs.getString(2), DeliveryStatus.valueOf(rs.getString(3)), rs.getInt(4),
                                Db.instant(rs, "next_attempt_at"), Db.instant(rs, "delivered_at"), rs.getString(7)),
                        ids);
                Map<String, List<AttemptValue>> attempts = new LinkedHashMap<>();
                db.list(c, "SELECT event_id, webhook, attempt, attempted_at, duration_ms, status_code, succeeded, "
                        + "error, holder FROM " + tables.attempts() + " WHERE event_id IN (" + placeholders(ids.length)
                        + ") ORDER BY attempt", rs -> {
                            int code = rs.getInt(6);
                            Integer status = rs.wasNull() ? null : code;
                            AttemptValue a = new AttemptValue(rs.getInt(3), Db.instant(rs, "attempted_at"),
                                    rs.getLong(5), status, rs.getBoolean(7), rs.getString(8), rs.getString(9));
                            attempts.computeIfAbsent(rs.getString(1) + "\n" + rs.getString(2), k -> new ArrayList<>())
                                    .add(a);
                            return a;
                        }, ids);
                List<Notification> result = new ArrayList<>();
                for (Row r : rows) {
                    List<Delivery> ds = new ArrayList<>();
                    for (DeliveryRow d : deliveries) {
                        if (d.eventId().equals(r.id())) {
                            List<DeliveryAttempt> as = new ArrayList<>(attempts.getOrDefault(d.eventId() + "\n"
                                    + d.webhook(), List.of()));
                            ds.add(new DeliveryValue(d.webhook(), d.status(), d.attempts(),
                                    d.status() == DeliveryStatus.PENDING ? d.nextAttemptAt() : null, d.deliveredAt(),
                                    d.lastError(), as));
                        }
                    }
                    result.add(new NotificationValue(r.id(), r.service(), r.type(), r.occurredAt(), r.recordedAt(),
                            r.recordedBy(), r.summary(), r.json(), r.text(), ds));
                }
                return Collections.unmodifiableList(result);
            });
        } catch (SQLException e) {
            if (Schema.isMissingTable(e)) {
                return List.of();
            }
            throw e;
        }
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    static String cut(String text) {
        if (text == null || text.length() <= MAX_ERROR_LENGTH) {
            return text;
        }
        return text.substring(0, MAX_ERROR_LENGTH - 3) + "...";
    }
}
