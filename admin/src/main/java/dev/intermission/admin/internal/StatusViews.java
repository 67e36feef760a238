package dev.intermission.admin.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.intermission.ClusterView;
import dev.intermission.MaintenanceStatus;
import dev.intermission.ScheduledWindow;
import dev.intermission.internal.Json;

/**
 * The two shapes of the status: everything for an operator, and for anyone else only what users need (the mode,
 * the message, the expected end, a scheduled window, whether the state is stale), built field by field so that
 * what the status gains later (names, addresses, failure details) never reaches the public by default.
 */
public final class StatusViews {

    private StatusViews() {
    }

    /**
     * Returns the whole status, for an authorized reader.
     *
     * @param status the status
     * @return the JSON fields
     */
    public static Map<String, Object> full(MaintenanceStatus status) {
        Map<String, Object> m = new LinkedHashMap<>(Json.status(status));
        m.put("overdue", overdue(status));
        return m;
    }

    /**
     * Returns the whole status with the {@code instances} summary ({@code live}, {@code holdingCurrentVersion},
     * {@code currentVersion}; {@code null} when the instances could not be read), for an authorized reader.
     *
     * @param status  the status
     * @param cluster the instances, or {@code null} when they could not be read
     * @return the JSON fields
     */
    public static Map<String, Object> full(MaintenanceStatus status, ClusterView cluster) {
        Map<String, Object> m = new LinkedHashMap<>(Json.status(status, cluster));
        m.put("overdue", overdue(status));
        return m;
    }

    /**
     * Returns what users need: {@code service}, {@code maintenance}, {@code mode}, {@code effectiveMode},
     * {@code message}, {@code since}, {@code until}, {@code overdue}, {@code stale}, the scheduled {@code window}
     * while it is open or upcoming from its notice time on, and {@code upcomingWindow}.
     *
     * @param status the status
     * @return the JSON fields
     */
    public static Map<String, Object> forPublic(MaintenanceStatus status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", status.serviceName());
        m.put("maintenance", status.maintenance());
        m.put("mode", status.mode());
        m.put("effectiveMode", status.effectiveMode());
        m.put("message", status.effectiveMessage());
        m.put("since", status.effectiveSince());
        m.put("until", status.effectiveUntil());
        m.put("overdue", overdue(status));
        m.put("stale", status.stale());
        // An upcoming window is public from its notice time on.
        Optional<ScheduledWindow> announced = status.upcomingWindow().filter(w -> w.isAnnouncedAt(status.asOf()));
        m.put("window", Json.window(announced.or(status::activeWindow).orElse(null)));
        m.put("upcomingWindow", announced.isPresent());
        return m;
    }

    /**
     * Returns whether maintenance goes on past its expected end.
     *
     * @param status the status
     * @return {@code true} when an expected end is known, has passed, and maintenance is still on
     */
    public static boolean overdue(MaintenanceStatus status) {
        return status.maintenance() && status.effectiveUntil() != null
                && !status.effectiveUntil().isAfter(status.asOf());
    }
}
