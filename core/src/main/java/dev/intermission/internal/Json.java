package dev.intermission.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.intermission.HistoryEntry;
import dev.intermission.MaintenanceStatus;
import dev.intermission.ScheduledWindow;

/** The one JSON mapper of the library and the JSON shapes of status and history, shared by the endpoint and CLI. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** Returns the shared, configured mapper (ISO-8601 instants, strict on unknown fields). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serializes a value; the shapes here never fail to serialize. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the status as JSON fields: {@code maintenance} (the classic flag), {@code mode}, {@code effectiveMode},
     * {@code message}, {@code since}, {@code until}, {@code version}, {@code changedBy}, {@code changedAt},
     * {@code stale}, {@code lastRefreshed}, {@code window} and {@code upcomingWindow}.
     */
    public static Map<String, Object> status(MaintenanceStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", s.serviceName());
        m.put("maintenance", s.maintenance());
        m.put("mode", s.mode().name());
        m.put("effectiveMode", s.effectiveMode().name());
        m.put("message", s.effectiveMessage());
        m.put("since", text(s.effectiveSince()));
        m.put("until", text(s.effectiveUntil()));
        m.put("storedMessage", s.message());
        m.put("storedSince", text(s.since()));
        m.put("storedUntil", text(s.until()));
        m.put("version", s.version());
        m.put("changedBy", s.changedBy());
        m.put("changedAt", text(s.changedAt()));
        m.put("stale", s.stale());
        m.put("lastRefreshed", text(s.lastRefreshed()));
        m.put("window", window(s.window()));
        m.put("upcomingWindow", s.upcomingWindow().isPresent());
        return m;
    }

    /** Returns a window as JSON fields, or {@code null}. */
    public static Map<String, Object> window(ScheduledWindow w) {
        if (w == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", text(w.start()));
        m.put("end", text(w.end()));
        m.put("mode", w.mode().name());
        m.put("message", w.message());
        return m;
    }

    /** Returns a history entry as JSON fields. */
    public static Map<String, Object> history(HistoryEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", e.version());
        m.put("action", e.action().name());
        m.put("previousMode", e.previousMode().name());
        m.put("mode", e.newMode().name());
        m.put("message", e.message());
        m.put("until", text(e.until()));
        m.put("window", window(e.window()));
        m.put("actor", e.actor());
        m.put("origin", e.origin().name());
        m.put("clientAddress", e.clientAddress());
        m.put("at", text(e.at()));
        return m;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
