package dev.intermission.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.intermission.ClusterView;
import dev.intermission.HistoryEntry;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;
import dev.intermission.ServiceInstance;

/**
 * Writes the library's JSON without a JSON library: maps, lists, records, strings, numbers, booleans, instants
 * (ISO-8601), modes ({@code off}, {@code read-only}, {@code full}) and other enums (their names); and the shapes
 * of status and history shared by the filter, the admin endpoint and the command line.
 */
public final class Json {

    private Json() {
    }

    /**
     * Serializes a value compactly.
     *
     * @param value the value
     * @return the JSON text
     */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder(256);
        write(b, value);
        return b.toString();
    }

    private static void write(StringBuilder b, Object value) {
        if (value == null) {
            b.append("null");
        } else if (value instanceof CharSequence s) {
            string(b, s.toString());
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte) {
            b.append(value);
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            b.append(Double.isFinite(d) ? n.toString() : "null");
        } else if (value instanceof Mode m) {
            string(b, m.externalName());
        } else if (value instanceof Enum<?> e) {
            string(b, e.name());
        } else if (value instanceof Instant || value instanceof Duration) {
            string(b, value.toString());
        } else if (value instanceof Optional<?> o) {
            write(b, o.orElse(null));
        } else if (value instanceof OptionalLong o) {
            write(b, o.isPresent() ? o.getAsLong() : null);
        } else if (value instanceof Map<?, ?> map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                string(b, String.valueOf(e.getKey()));
                b.append(':');
                write(b, e.getValue());
            }
            b.append('}');
        } else if (value instanceof Collection<?> list) {
            b.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                write(b, item);
            }
            b.append(']');
        } else if (value instanceof Record r) {
            write(b, components(r));
        } else {
            string(b, value.toString());
        }
    }

    /** Returns a record's components by name, in declaration order. */
    private static Map<String, Object> components(Record r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                m.put(c.getName(), c.getAccessor().invoke(r));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getName(), e);
            }
        }
        return m;
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    // Escape controls, and '<', '>' and '&' so JSON embedded in HTML can never close a tag.
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /**
     * Returns the status as JSON fields: {@code maintenance} (the classic flag), {@code mode}, {@code effectiveMode},
     * {@code message}, {@code since}, {@code until}, {@code overdue}, {@code version}, {@code changedBy}, {@code changedAt},
     * {@code stale}, {@code staleReason} (why, for operators), {@code failSafe}, {@code lastRefreshed},
     * {@code window} and {@code upcomingWindow}.
     *
     * @param s the status
     * @return the fields, in a stable order
     */
    public static Map<String, Object> status(MaintenanceStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", s.serviceName());
        m.put("maintenance", s.maintenance());
        m.put("mode", s.mode());
        m.put("effectiveMode", s.effectiveMode());
        m.put("message", s.effectiveMessage());
        m.put("since", s.effectiveSince());
        m.put("until", s.effectiveUntil());
        m.put("overdue", s.overdue());
        m.put("storedMessage", s.message());
        m.put("storedSince", s.since());
        m.put("storedUntil", s.until());
        m.put("version", s.version());
        m.put("changedBy", s.changedBy());
        m.put("changedAt", s.changedAt());
        m.put("stale", s.stale());
        m.put("staleReason", s.staleReason());
        m.put("failSafe", s.failSafe());
        m.put("lastRefreshed", s.lastRefreshed());
        m.put("window", window(s.window()));
        m.put("upcomingWindow", s.upcomingWindow().isPresent());
        return m;
    }

    /**
     * Returns a window as JSON fields ({@code start}, {@code end}, {@code mode}, {@code message}, {@code noticeAt}),
     * or {@code null}.
     *
     * @param w the window, or {@code null}
     * @return the fields, or {@code null}
     */
    public static Map<String, Object> window(ScheduledWindow w) {
        if (w == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", w.start());
        m.put("end", w.end());
        m.put("mode", w.mode());
        m.put("message", w.message());
        m.put("noticeAt", w.noticeAt());
        return m;
    }

    /**
     * Returns a history entry as JSON fields.
     *
     * @param e the entry
     * @return the fields, in a stable order
     */
    public static Map<String, Object> history(HistoryEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", e.version());
        m.put("action", e.action());
        m.put("previousMode", e.previousMode());
        m.put("mode", e.newMode());
        m.put("message", e.message());
        m.put("until", e.until());
        m.put("window", window(e.window()));
        m.put("actor", e.actor());
        m.put("origin", e.origin());
        m.put("clientAddress", e.clientAddress());
        m.put("at", e.at());
        return m;
    }

    /**
     * Returns the status as JSON fields (see {@link #status(MaintenanceStatus)}) with an {@code instances} summary:
     * {@code live}, {@code holdingCurrentVersion} and {@code currentVersion}; {@code null} when the instances
     * could not be read.
     *
     * @param s       the status
     * @param cluster the instances, or {@code null} when they could not be read
     * @return the fields, in a stable order
     */
    public static Map<String, Object> status(MaintenanceStatus s, ClusterView cluster) {
        Map<String, Object> m = status(s);
        if (cluster == null) {
            m.put("instances", null);
        } else {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("live", cluster.live());
            summary.put("holdingCurrentVersion", cluster.holdingCurrentVersion());
            summary.put("currentVersion", cluster.currentVersion());
            m.put("instances", summary);
        }
        return m;
    }

    /**
     * Returns the instances as JSON fields: {@code service}, {@code currentVersion}, {@code live},
     * {@code holdingCurrentVersion}, {@code asOf} and {@code instances} (each as {@link #instance}).
     *
     * @param cluster the instances
     * @return the fields, in a stable order
     */
    public static Map<String, Object> cluster(ClusterView cluster) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", cluster.serviceName());
        m.put("currentVersion", cluster.currentVersion());
        m.put("live", cluster.live());
        m.put("holdingCurrentVersion", cluster.holdingCurrentVersion());
        m.put("asOf", cluster.asOf());
        m.put("instances", cluster.instances().stream().map(i -> instance(i, cluster.currentVersion())).toList());
        return m;
    }

    /**
     * Returns one instance as JSON fields: {@code id}, {@code host}, {@code process}, {@code applicationVersion},
     * {@code startedAt}, {@code lastHeartbeat}, {@code expiresAt}, {@code stateVersion}, {@code current} (holds
     * the current version), {@code effectiveMode}, {@code stale}, {@code failSafe}, {@code listening},
     * {@code local} and {@code inFlight} ({@code requests}, {@code writes}, {@code jobs}, {@code runningJobs}).
     *
     * @param i              the instance
     * @param currentVersion the current version
     * @return the fields, in a stable order
     */
    public static Map<String, Object> instance(ServiceInstance i, long currentVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("host", i.host());
        m.put("process", i.process());
        m.put("applicationVersion", i.applicationVersion());
        m.put("startedAt", i.startedAt());
        m.put("lastHeartbeat", i.lastHeartbeat());
        m.put("expiresAt", i.expiresAt());
        m.put("stateVersion", i.stateVersion());
        m.put("current", i.stateVersion() >= currentVersion);
        m.put("effectiveMode", i.effectiveMode());
        m.put("stale", i.stale());
        m.put("failSafe", i.failSafe());
        m.put("listening", i.listening());
        m.put("local", i.local());
        Map<String, Object> work = new LinkedHashMap<>();
        work.put("requests", i.requestsInFlight());
        work.put("writes", i.writesInFlight());
        work.put("jobs", i.jobsInFlight());
        work.put("runningJobs", i.runningJobs());
        m.put("inFlight", work);
        return m;
    }
}
