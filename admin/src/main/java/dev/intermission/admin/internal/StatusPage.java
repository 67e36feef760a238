package dev.intermission.admin.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import dev.intermission.HistoryEntry;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;

/**
 * The public status in the shape status-page tools read ({@code /status.json}): the page, an indicator, what is in
 * force now, and the maintenances: upcoming ({@code scheduled}), running ({@code in_progress}) and recently ended
 * ({@code completed}), each with {@code scheduled_for} and {@code scheduled_until}. It names no operator and no
 * address, and lists an upcoming window only from its notice time on.
 *
 * <p>Ended maintenances come from the history, read again only when the state's version moves (and at most every
 * {@value #RETRY_SECONDS} seconds while the history cannot be read), so public reads cost no query otherwise.
 */
public final class StatusPage {

    private static final System.Logger LOG = System.getLogger(StatusPage.class.getName());

    /** How many history entries are read to find ended maintenances. */
    public static final int HISTORY_SCAN = 50;
    /** How long an ended maintenance stays listed as {@code completed}. */
    public static final Duration COMPLETED_SHOWN_FOR = Duration.ofHours(24);
    /** The most {@code completed} maintenances listed. */
    public static final int MAX_COMPLETED = 5;
    /** The title of a scheduled window without a message. */
    public static final String WINDOW_TITLE = "Scheduled maintenance";
    /** The title of maintenance switched on by hand without a message. */
    public static final String MANUAL_TITLE = "Maintenance";

    static final int RETRY_SECONDS = 30;

    private final MaintenanceService service;
    private final AtomicReference<Past> past = new AtomicReference<>();

    /** A maintenance that ended, or the last window the history knows (which may have ended since). */
    private record Span(String id, boolean window, Mode mode, String message, Instant start, Instant plannedEnd,
            Instant end) {
    }

    /** What the history said at one version. */
    private record Past(long version, List<Span> ended, ScheduledWindow lastWindow, long readAtNanos,
            boolean failed) {
    }

    /**
     * Creates the page of one service.
     *
     * @param service the service
     */
    public StatusPage(MaintenanceService service) {
        this.service = service;
    }

    /**
     * Returns the document for a status.
     *
     * @param status the status to describe
     * @return the JSON fields
     */
    public Map<String, Object> build(MaintenanceStatus status) {
        Instant now = status.asOf();
        List<Map<String, Object>> items = new ArrayList<>();
        Instant updated = status.changedAt();
        if (status.mode().isMaintenance()) {
            items.add(item(manualId(status.since()), false, "in_progress", status.mode(), status.message(),
                    status.since(), status.until(), status.since(), null));
        }
        ScheduledWindow active = status.activeWindow().orElse(null);
        if (active != null) {
            items.add(item(windowId(active), true, "in_progress", active.mode(), active.message(), active.start(),
                    active.end(), active.start(), null));
            updated = later(updated, active.start());
        }
        // An upcoming window is public from its notice time on; until then it is not listed at all.
        ScheduledWindow upcoming = status.upcomingWindow().filter(w -> w.isAnnouncedAt(now)).orElse(null);
        if (upcoming != null) {
            items.add(item(windowId(upcoming), true, "scheduled", upcoming.mode(), upcoming.message(),
                    upcoming.start(), upcoming.end(), null, null));
            updated = later(updated, upcoming.noticeAt());
        }
        for (Span span : completed(status, now)) {
            items.add(item(span.id(), span.window(), "completed", span.mode(), span.message(), span.start(),
                    span.plannedEnd(), span.start(), span.end()));
            updated = later(updated, span.end());
        }

        Map<String, Object> page = new LinkedHashMap<>();
        page.put("name", status.serviceName());
        page.put("updated_at", updated);

        Mode effective = status.effectiveMode();
        Map<String, Object> indicator = new LinkedHashMap<>();
        indicator.put("indicator", effective.isMaintenance() ? "maintenance" : "none");
        indicator.put("description", switch (effective) {
            case FULL -> "Down for maintenance";
            case READ_ONLY -> "Read-only for maintenance";
            default -> "Operational";
        });

        Map<String, Object> current = new LinkedHashMap<>();
        current.put("active", status.maintenance());
        current.put("mode", effective);
        current.put("message", status.effectiveMessage());
        current.put("since", status.effectiveSince());
        current.put("until", status.effectiveUntil());
        current.put("overdue", StatusViews.overdue(status));

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("page", page);
        m.put("status", indicator);
        m.put("maintenance", current);
        m.put("scheduled_maintenances", items);
        m.put("stale", status.stale());
        return m;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }

    private static Map<String, Object> item(String id, boolean window, String state, Mode mode, String message,
            Instant scheduledFor, Instant scheduledUntil, Instant startedAt, Instant resolvedAt) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", message == null || message.isBlank() ? (window ? WINDOW_TITLE : MANUAL_TITLE) : message);
        m.put("status", state);
        m.put("impact", "maintenance");
        m.put("kind", window ? "window" : "manual");
        m.put("mode", mode);
        m.put("message", message);
        m.put("scheduled_for", scheduledFor);
        m.put("scheduled_until", scheduledUntil);
        m.put("started_at", startedAt);
        m.put("resolved_at", resolvedAt);
        return m;
    }

    static String windowId(ScheduledWindow w) {
        return "window-" + w.start().toEpochMilli() + "-" + w.end().toEpochMilli();
    }

    static String manualId(Instant since) {
        return since == null ? "manual" : "manual-" + since.toEpochMilli();
    }

    /** The maintenances that ended within {@link #COMPLETED_SHOWN_FOR}, the newest first. */
    private List<Span> completed(MaintenanceStatus status, Instant now) {
        Past p = past(status.version());
        List<Span> spans = new ArrayList<>(p.ended());
        ScheduledWindow last = p.lastWindow();
        if (last != null && !last.end().isAfter(now) && !Objects.equals(last, status.window())) {
            spans.add(new Span(windowId(last), true, last.mode(), last.message(), last.start(), last.end(),
                    last.end()));
        }
        Instant horizon = now.minus(COMPLETED_SHOWN_FOR);
        return spans.stream()
                .filter(s -> s.end().isAfter(horizon) && !s.end().isAfter(now))
                .sorted(Comparator.comparing(Span::end).reversed())
                .limit(MAX_COMPLETED)
                .toList();
    }

    private Past past(long version) {
        Past p = past.get();
        boolean retry = p != null && p.failed()
                && System.nanoTime() - p.readAtNanos() > Duration.ofSeconds(RETRY_SECONDS).toNanos();
        if (p == null || p.version() != version || retry) {
            Past read = read(version, p);
            past.set(read);
            return read;
        }
        return p;
    }

    private Past read(long version, Past previous) {
        List<HistoryEntry> entries;
        try {
            entries = service.history(HISTORY_SCAN);
        } catch (RuntimeException e) {
            if (previous == null || !previous.failed() || previous.version() != version) {
                LOG.log(Level.WARNING, "Public status of ''{0}'': cannot read the history, so ended maintenances "
                        + "are not listed until it can be read: {1}", service.serviceName(), e.getMessage());
            }
            return new Past(version, List.of(), null, System.nanoTime(), true);
        }
        List<Span> ended = new ArrayList<>();
        ScheduledWindow window = null;
        Instant manualStart = null;
        Mode manualMode = null;
        String manualMessage = null;
        Instant manualUntil = null;
        for (int i = entries.size() - 1; i >= 0; i--) {
            HistoryEntry e = entries.get(i);
            ScheduledWindow after = e.window();
            if (window != null && !window.equals(after)) {
                Instant end = window.end().isBefore(e.at()) ? window.end() : e.at();
                if (end.isAfter(window.start())) {
                    ended.add(new Span(windowId(window), true, window.mode(), window.message(), window.start(),
                            window.end(), end));
                }
            }
            window = after;
            if (e.newMode().isMaintenance()) {
                if (!e.previousMode().isMaintenance()) {
                    manualStart = e.at();
                }
                manualMode = e.newMode();
                manualMessage = e.message();
                manualUntil = e.until();
            } else if (e.previousMode().isMaintenance() && manualStart != null) {
                ended.add(new Span(manualId(manualStart), false, manualMode, manualMessage, manualStart, manualUntil,
                        e.at()));
                manualStart = null;
            }
        }
        return new Past(version, List.copyOf(ended), window, System.nanoTime(), false);
    }
}
