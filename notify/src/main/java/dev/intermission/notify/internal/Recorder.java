package dev.intermission.notify.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.intermission.Action;
import dev.intermission.HistoryEntry;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.ScheduledWindow;
import dev.intermission.internal.Engine;
import dev.intermission.internal.Json;
import dev.intermission.internal.Log;
import dev.intermission.migration.MigrationContext;
import dev.intermission.migration.MigrationPhase;
import dev.intermission.notify.EventType;

/**
 * Turns what happens into recorded events, each under a key every instance derives alike, so that instances
 * recording the same event insert one row:
 * <ul>
 *   <li>changes, read from the history in version order (a listener only wakes this up): {@code state:<version>:
 *       started|ended|scheduled};</li>
 *   <li>a scheduled window's moments, from the clock: {@code window:<start>-<end>:<mode>:reminder:<lead>|started|
 *       ended};</li>
 *   <li>a migration window's steps, from its hook on the instance that runs it: {@code migration:<id>:drained|
 *       migrated|failed}; the history is read first, so they follow the change that started the window.</li>
 * </ul>
 * One lock serializes recording on this instance; nothing here sends anything.
 */
public final class Recorder {

    private static final Log LOG = Log.of(Recorder.class);
    private static final int MAX_DEFERRED_TRIES = 30;
    private static final int MAX_SUMMARY = 1000;

    /** The content of an event, built only when its key is not recorded yet. */
    @FunctionalInterface
    private interface Content {
        Reports.Built build() throws SQLException;
    }

    /** A hook's event that could not be recorded at once; tried again by the recorder's thread. */
    private static final class Deferred {
        final EventType type;
        final MigrationContext context;
        final MigrationPhase phase;
        final String reason;
        final Instant at;
        final long version;
        int tries;

        Deferred(EventType type, MigrationContext context, MigrationPhase phase, String reason, Instant at,
                long version) {
            this.type = type;
            this.context = context;
            this.phase = phase;
            this.reason = reason;
            this.at = at;
            this.version = version;
        }
    }

    private final NotifySettings settings;
    private final Engine service;
    private final EventStore store;
    private final SchemaGate schema;
    private final Reports reports;
    private final Runnable recorded;
    private final Object lock = new Object();
    private final Deque<Deferred> deferred = new ArrayDeque<>();
    private final long baseline;

    private boolean ready;
    private long lastVersion;
    private Run run;
    private TrackedWindow tracked;

    /**
     * Creates the recorder of one notifier.
     *
     * @param settings the settings
     * @param store    the tables
     * @param schema   the tables' readiness
     * @param recorded called after each event recorded (wakes the deliveries)
     */
    public Recorder(NotifySettings settings, EventStore store, SchemaGate schema, Runnable recorded) {
        this.settings = settings;
        this.service = settings.service();
        this.store = store;
        this.schema = schema;
        this.reports = new Reports(service, store, settings.rollbackHints());
        this.recorded = recorded;
        // Where things stand now, from memory: changes from here on are told, even those made before the
        // recorder's thread first runs. Unknown (-1) when the state was never read; then from the first read.
        MaintenanceStatus now = service.status();
        this.baseline = now.lastRefreshed() == null ? -1 : now.version();
    }

    /**
     * Records whatever is due: hook events left over, changes in the history, a scheduled window's moments.
     *
     * @return when the next timed event is due, or {@code null} when none is known
     * @throws SQLException when the database cannot be read or written; nothing is skipped, the next tick retries
     */
    public Instant tick() throws SQLException {
        synchronized (lock) {
            if (!ready()) {
                return null;
            }
            // The time first, then the history: a change made before this moment (a window cancelled before
            // its start) is in the history read next, so a window's moments never outrun the change that
            // removed it.
            Instant now = service.clock().instant();
            flushDeferred();
            catchUp(Long.MAX_VALUE);
            return checkWindow(now);
        }
    }

    /**
     * Records a migration window's step, on the window's thread; never throws (an event that cannot be recorded
     * now is kept and tried again by the recorder's thread).
     *
     * @param type    {@link EventType#DRAINED}, {@link EventType#MIGRATED} or {@link EventType#FAILED}
     * @param context the window
     * @param phase   the step that failed, for {@link EventType#FAILED}
     * @param error   the failure, for {@link EventType#FAILED}
     */
    public void hook(EventType type, MigrationContext context, MigrationPhase phase, Throwable error) {
        String reason = error == null ? null : Texts.firstLine(error.getMessage() != null ? error.getMessage()
                : error.getClass().getSimpleName(), 500);
        Deferred d = new Deferred(type, context, phase, reason, service.clock().instant(), service.status().version());
        synchronized (lock) {
            boolean done = false;
            try {
                if (ready()) {
                    flushDeferred();
                    catchUp(Long.MAX_VALUE);
                    recordHook(d);
                    done = true;
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Notification {} of migration window {} of '{}' cannot be recorded now; trying again",
                        type.externalName(), context.windowId(), service.serviceName(), e);
            } finally {
                if (!done) {
                    deferred.add(d);
                }
            }
        }
    }

    /**
     * Returns whether every change seen and every hook event has been recorded.
     *
     * @return whether nothing is waiting
     */
    public boolean idle() {
        synchronized (lock) {
            return ready && deferred.isEmpty() && service.status().version() <= lastVersion;
        }
    }

    // ---- start

    /**
     * Reads where things stood at the baseline (the version when the notifier was built), once: every change
     * after it is recorded, none from before.
     */
    private boolean ready() throws SQLException {
        if (ready) {
            return true;
        }
        MaintenanceStatus s = service.status();
        if (s.lastRefreshed() == null) {
            return false;
        }
        schema.ensure();
        long base = baseline >= 0 ? baseline : s.version();
        List<HistoryEntry> recent = base > 0 ? ascending(service.history(50)) : List.of();
        Optional<HistoryEntry> atBase = recent.stream().filter(e -> e.version() == base).findFirst();
        boolean on;
        ScheduledWindow window;
        if (atBase.isPresent()) {
            on = atBase.get().newMode().isMaintenance();
            window = atBase.get().window();
        } else {
            on = s.version() == base && s.mode().isMaintenance();
            window = s.version() == base ? s.window() : null;
        }
        run = null;
        if (on) {
            Optional<HistoryEntry> start = recent.stream().filter(e -> e.version() <= base && starts(e))
                    .reduce((a, b) -> b);
            if (start.isPresent()) {
                run = Run.startedBy(start.get());
                for (HistoryEntry e : recent) {
                    if (e.version() > start.get().version() && e.version() <= base && e.action() == Action.ENABLE) {
                        run = run.changedBy(e);
                    }
                }
            } else {
                run = new Run(s.since(), s.mode(), s.message(), s.until(), null, null);
            }
        }
        tracked = null;
        if (window != null && window.end().isAfter(service.clock().instant())) {
            Optional<HistoryEntry> scheduled = recent.stream().filter(e -> e.version() <= base
                    && e.action() == Action.SCHEDULE && window.equals(e.window())).reduce((a, b) -> b);
            tracked = new TrackedWindow(window, scheduled.map(HistoryEntry::at).orElse(null),
                    scheduled.map(HistoryEntry::actor).orElse(null));
        }
        lastVersion = base;
        ready = true;
        return true;
    }

    private static boolean starts(HistoryEntry e) {
        return e.action() == Action.ENABLE && !e.previousMode().isMaintenance() && e.newMode().isMaintenance();
    }

    private static List<HistoryEntry> ascending(List<HistoryEntry> entries) {
        List<HistoryEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(HistoryEntry::version));
        return sorted;
    }

    // ---- the history

    /** Records the events of every change after the last one seen, up to a version. */
    private void catchUp(long upTo) throws SQLException {
        long known = Math.max(service.status().version(), upTo == Long.MAX_VALUE ? 0 : upTo);
        if (known <= lastVersion) {
            return;
        }
        // Read enough to reach back to the last version seen: the database may be ahead of this instance's
        // snapshot (a burst of changes elsewhere), so read more while the oldest entry read is still too new.
        int limit = (int) Math.min(MaintenanceService.MAX_HISTORY_LIMIT, Math.max(20, known - lastVersion + 5));
        List<HistoryEntry> entries = ascending(service.history(limit));
        while (entries.size() == limit && limit < MaintenanceService.MAX_HISTORY_LIMIT
                && entries.get(0).version() > lastVersion + 1) {
            limit = Math.min(MaintenanceService.MAX_HISTORY_LIMIT, limit * 4);
            entries = ascending(service.history(limit));
        }
        for (HistoryEntry e : entries) {
            if (e.version() <= lastVersion || e.version() > upTo) {
                continue;
            }
            if (e.version() > lastVersion + 1) {
                LOG.warn("Notifications of '{}' skip versions {} to {} of the history (more changes at once than "
                        + "one read returns)", service.serviceName(), lastVersion + 1, e.version() - 1);
            }
            process(e);
            lastVersion = e.version();
        }
    }

    private void process(HistoryEntry e) throws SQLException {
        if (tracked != null && !Objects.equals(e.window(), tracked.window)) {
            windowGone(e);
        }
        String key = "state:" + e.version() + ":";
        switch (e.action()) {
            case ENABLE -> {
                if (starts(e)) {
                    Run started = Run.startedBy(e);
                    run = started;
                    record(EventType.STARTED, key + "started", e.at(), () -> reports.started(e, started));
                } else if (run != null) {
                    run = run.changedBy(e);
                } else if (e.newMode().isMaintenance()) {
                    run = new Run(null, e.newMode(), e.message(), e.until(), null, null);
                }
            }
            case DISABLE -> {
                if (e.previousMode().isMaintenance()) {
                    Run ended = run;
                    record(EventType.ENDED, key + "ended", e.at(), () -> reports.ended(e, ended));
                }
                run = null;
            }
            case SCHEDULE -> {
                if (tracked == null || !tracked.window.equals(e.window())) {
                    tracked = new TrackedWindow(e.window(), e.at(), e.actor());
                }
                record(EventType.SCHEDULED, key + "scheduled", e.at(), () -> reports.scheduled(e));
            }
            case CANCEL_SCHEDULE -> tracked = null;
            default -> {
                // an action this release does not know: nothing to tell
            }
        }
    }

    // ---- the scheduled window

    /** The followed window was replaced, cancelled or closed by a change: it ends then if it was open. */
    private void windowGone(HistoryEntry e) throws SQLException {
        TrackedWindow t = tracked;
        if (!e.at().isBefore(t.window.start())) {
            boolean open = e.at().isBefore(t.window.end());
            finish(t, open ? e.at() : t.window.end(), open ? e.actor() : null);
        }
        tracked = null;
    }

    private void finish(TrackedWindow t, Instant endedAt, String closedBy) throws SQLException {
        if (!t.started) {
            record(EventType.STARTED, t.key() + ":started", t.window.start(), () -> reports.windowStarted(t));
            t.started = true;
        }
        record(EventType.ENDED, t.key() + ":ended", endedAt, () -> reports.windowEnded(t, endedAt, closedBy));
    }

    private Instant checkWindow(Instant now) throws SQLException {
        TrackedWindow t = tracked;
        if (t == null) {
            return null;
        }
        Instant next = null;
        Duration due = null;
        for (Duration lead : settings.reminders()) {
            if (t.reminded.contains(lead)) {
                continue;
            }
            Instant at = t.window.start().minus(lead);
            if (now.isBefore(at)) {
                next = earliest(next, at);
            } else if (!now.isBefore(t.window.start())
                    || (t.scheduledAt != null && !t.scheduledAt.isBefore(at))) {
                // Too late (the window opened), or scheduled within this lead: the scheduled event said it all.
                t.reminded.add(lead);
            } else {
                due = lead;
            }
        }
        if (due != null) {
            Duration lead = due;
            record(EventType.REMINDER, t.key() + ":reminder:" + lead, t.window.start().minus(lead),
                    () -> reports.reminder(t, lead));
            // A longer lead whose moment has passed too is not sent late.
            settings.reminders().stream().filter(l -> l.compareTo(lead) >= 0).forEach(t.reminded::add);
        }
        if (!t.started) {
            if (now.isBefore(t.window.start())) {
                return earliest(next, t.window.start());
            }
            record(EventType.STARTED, t.key() + ":started", t.window.start(), () -> reports.windowStarted(t));
            t.started = true;
        }
        if (now.isBefore(t.window.end())) {
            return earliest(next, t.window.end());
        }
        finish(t, t.window.end(), null);
        tracked = null;
        return next;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    // ---- hook events

    private void flushDeferred() throws SQLException {
        while (!deferred.isEmpty()) {
            Deferred d = deferred.peek();
            try {
                catchUp(d.version);
                recordHook(d);
                deferred.poll();
            } catch (SQLException | RuntimeException e) {
                if (++d.tries >= MAX_DEFERRED_TRIES) {
                    deferred.poll();
                    LOG.error("Notification {} of migration window {} of '{}' dropped after {} tries",
                            d.type.externalName(), d.context.windowId(), service.serviceName(), d.tries, e);
                }
                throw e;
            }
        }
    }

    private void recordHook(Deferred d) throws SQLException {
        Run current = run;
        MigrationContext c = d.context;
        String key = "migration:" + c.windowId() + ":" + d.type.externalName();
        record(d.type, key, d.at, () -> switch (d.type) {
            case DRAINED -> reports.drained(c, current);
            case MIGRATED -> reports.migrated(c, current);
            case FAILED -> reports.failed(c, d.phase, d.reason, current);
            default -> throw new IllegalStateException("not a hook event: " + d.type);
        });
    }

    // ---- recording

    private void record(EventType type, String key, Instant at, Content content) throws SQLException {
        String name = service.serviceName();
        // Milliseconds, as the database keeps them and every change's time is.
        Instant occurredAt = at.truncatedTo(ChronoUnit.MILLIS);
        if (store.exists(name, key)) {
            return;
        }
        Reports.Built built = content.build();
        String id = UUID.randomUUID().toString();
        String summary = built.summary().length() <= MAX_SUMMARY ? built.summary()
                : built.summary().substring(0, MAX_SUMMARY - 3) + "...";
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", id);
        payload.put("type", type.externalName());
        payload.put("service", name);
        payload.put("occurredAt", occurredAt);
        payload.put("summary", summary);
        payload.put("attributes", settings.attributes());
        payload.put("report", built.report());
        String json = Json.write(payload);
        String text = render(type, summary, payload);
        boolean inserted = store.insert(new EventStore.NewEvent(id, name, key, type, occurredAt, settings.holder(),
                summary, json, text), settings.webhooksFor(type), Instant.now());
        if (inserted) {
            LOG.info("Notification {} of '{}' recorded ({}): {}", type.externalName(), name, id, summary);
            recorded.run();
        }
    }

    @SuppressWarnings("unchecked")
    private String render(EventType type, String summary, Map<String, Object> payload) {
        String headline = "[" + type.name() + "] " + summary;
        Map<String, Object> context = (Map<String, Object>) Texts.context(payload);
        context.put("headline", headline);
        if (context.get("report") instanceof Map<?, ?> report && report.get("phases") instanceof List<?> phases) {
            ((Map<String, Object>) report).put("phaseSummary", Texts.phaseSummary(phases));
        }
        try {
            return settings.template().render(context);
        } catch (RuntimeException e) {
            LOG.warn("The notification text template cannot render a {} event of '{}'; sending its headline",
                    type.externalName(), service.serviceName(), e);
            return headline;
        }
    }
}
