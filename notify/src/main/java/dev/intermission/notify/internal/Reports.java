package dev.intermission.notify.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.intermission.HistoryEntry;
import dev.intermission.Origin;
import dev.intermission.ScheduledWindow;
import dev.intermission.internal.Engine;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.MigrationContext;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationPhase;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.PendingMigration;
import dev.intermission.notify.EventType;

/**
 * Builds each event's summary and the window's report (the fields of a maintenance notification that apply)
 * from what every instance can read alike: the history, the recorded migration windows, the facts a hook stored,
 * and the notifier's settings. So whichever instance records an event first, the body is the same.
 */
public final class Reports {

    /** How long an instance waits for a migration window's record to be completed after maintenance went off. */
    static final Duration RECORD_WAIT = Duration.ofSeconds(5);
    private static final int MAX_ERROR = 500;

    /**
     * One event's content.
     *
     * @param type    the type
     * @param summary the one-line summary
     * @param report  the window's report
     */
    public record Built(EventType type, String summary, Map<String, Object> report) {
    }

    private final Engine service;
    private final EventStore store;
    private final List<String> rollbackHints;
    private final MigrationHistory migrations;

    /**
     * Creates the builder of one service's reports.
     *
     * @param service       the service
     * @param store         the notification tables
     * @param rollbackHints the hints the user configured, added to every migration report
     */
    public Reports(Engine service, EventStore store, List<String> rollbackHints) {
        this.service = service;
        this.store = store;
        this.rollbackHints = List.copyOf(rollbackHints);
        this.migrations = MigrationHistory.of(service);
    }

    private String name() {
        return service.serviceName();
    }

    // ---- maintenance switched by hand (or by code, the CLI, the admin endpoint)

    Built started(HistoryEntry e, Run run) throws SQLException {
        if (e.origin() == Origin.MIGRATION) {
            Optional<MigrationRecord> r = windowAt(e.at());
            if (r.isPresent()) {
                Map<String, Object> report = migration(r.get(), run, "in-progress");
                report.put("appliedMigrations", List.of());
                return new Built(EventType.STARTED, "Schema migration of " + name() + " started by "
                        + r.get().actor() + ": " + versions(r.get()) + ", " + count(r.get().planned().size(), "pending")
                        + " (" + e.newMode().externalName() + ")", report);
            }
        }
        Map<String, Object> report = manual(run, "in-progress");
        return new Built(EventType.STARTED, "Maintenance of " + name() + " started by " + e.actor() + " ("
                + e.newMode().externalName() + ")" + (e.until() == null ? "" : ", expected to end at " + e.until()),
                report);
    }

    Built ended(HistoryEntry e, Run run) throws SQLException {
        Optional<MigrationRecord> window = Optional.empty();
        if (e.origin() == Origin.MIGRATION) {
            window = windowAt(e.at()).map(this::awaitFinished);
        } else if (run != null && run.origin() == Origin.MIGRATION) {
            window = windowAt(run.since());
        }
        Duration inMaintenance = run == null || run.since() == null ? null : Duration.between(run.since(), e.at());
        if (window.isPresent()) {
            MigrationRecord r = window.get();
            String outcome = r.outcome() == null ? "interrupted" : r.outcome().name().toLowerCase(Locale.ROOT);
            Map<String, Object> report = migration(r, run, outcome);
            report.put("endedAt", e.at());
            report.put("actualDuration", Duration.between(r.startedAt(), e.at()));
            String summary = e.origin() == Origin.MIGRATION && r.outcome() == MigrationOutcome.SUCCEEDED
                    ? "Schema migration of " + name() + " succeeded: " + versions(r) + ", "
                            + count(r.applied().size(), "applied") + " in "
                            + Texts.human(Duration.between(r.startedAt(), e.at())) + "; maintenance is off"
                    : "Maintenance of " + name() + " ended by " + e.actor() + " after the " + outcome
                            + " schema migration " + r.id()
                            + (inMaintenance == null ? "" : " (" + Texts.human(inMaintenance) + " in maintenance)");
            return new Built(EventType.ENDED, summary, report);
        }
        Map<String, Object> report = manual(run, "ended");
        report.put("endedAt", e.at());
        report.put("actualDuration", inMaintenance);
        return new Built(EventType.ENDED, "Maintenance of " + name() + " ended by " + e.actor()
                + (inMaintenance == null ? "" : " after " + Texts.human(inMaintenance))
                + (run == null ? "" : " (" + run.mode().externalName() + ")"), report);
    }

    private Map<String, Object> manual(Run run, String outcome) {
        Map<String, Object> m = skeleton("manual", "maintenance");
        if (run != null) {
            m.put("mode", run.mode());
            m.put("message", run.message());
            m.put("actor", run.actor());
            m.put("startedAt", run.since());
            m.put("expectedEnd", run.until());
            m.put("estimatedDuration", estimate(run));
        }
        m.put("outcome", outcome);
        return m;
    }

    // ---- scheduled windows

    Built scheduled(HistoryEntry e) {
        ScheduledWindow w = e.window();
        Map<String, Object> report = scheduledWindow(w, e.actor(), "scheduled");
        return new Built(EventType.SCHEDULED, "Maintenance of " + name() + " scheduled by " + e.actor() + ": "
                + w.mode().externalName() + " from " + w.start() + " to " + w.end(), report);
    }

    Built reminder(TrackedWindow t, Duration lead) {
        ScheduledWindow w = t.window;
        Map<String, Object> report = scheduledWindow(w, t.actor, "scheduled");
        report.put("reminderBefore", lead);
        return new Built(EventType.REMINDER, "Reminder: maintenance of " + name() + " starts in " + Texts.human(lead)
                + ", at " + w.start() + " (" + w.mode().externalName() + " until " + w.end() + ")", report);
    }

    Built windowStarted(TrackedWindow t) {
        ScheduledWindow w = t.window;
        Map<String, Object> report = scheduledWindow(w, t.actor, "in-progress");
        report.put("startedAt", w.start());
        return new Built(EventType.STARTED, "Scheduled maintenance of " + name() + " started: "
                + w.mode().externalName() + " until " + w.end(), report);
    }

    Built windowEnded(TrackedWindow t, Instant endedAt, String closedBy) {
        ScheduledWindow w = t.window;
        Map<String, Object> report = scheduledWindow(w, t.actor, "ended");
        report.put("startedAt", w.start());
        report.put("endedAt", endedAt);
        report.put("actualDuration", Duration.between(w.start(), endedAt));
        String how = closedBy == null ? "" : ", closed early by " + closedBy;
        return new Built(EventType.ENDED, "Scheduled maintenance of " + name() + " ended after "
                + Texts.human(Duration.between(w.start(), endedAt)) + " (" + w.mode().externalName() + how + ")",
                report);
    }

    private Map<String, Object> scheduledWindow(ScheduledWindow w, String actor, String outcome) {
        Map<String, Object> m = skeleton("scheduled", "scheduled maintenance");
        m.put("mode", w.mode());
        m.put("message", w.message());
        m.put("actor", actor);
        m.put("scheduledStart", w.start());
        m.put("scheduledEnd", w.end());
        m.put("noticeAt", w.noticeAt());
        m.put("estimatedDuration", Duration.between(w.start(), w.end()));
        m.put("outcome", outcome);
        return m;
    }

    // ---- migration windows, from the hook

    Built drained(MigrationContext c, Run run) throws SQLException {
        MigrationRecord r = record(c.windowId());
        Map<String, Object> report = migration(r, run, "in-progress");
        report.put("mode", c.mode());
        report.put("appliedMigrations", List.of());
        return new Built(EventType.DRAINED, "Schema migration of " + name() + ": maintenance is on everywhere and "
                + "requests have drained; migrating " + versions(r) + " (" + count(r.planned().size(), "pending")
                + ")", report);
    }

    Built migrated(MigrationContext c, Run run) throws SQLException {
        MigrationRecord r = record(c.windowId());
        Map<String, Object> report = migration(r, run, "in-progress");
        report.put("mode", c.mode());
        report.put("appliedMigrations", applied(c.applied()));
        String now = versionAfter(r.versionBefore(), c.applied());
        return new Built(EventType.MIGRATED, "Schema migration of " + name() + " applied "
                + count(c.applied().size(), "migration") + ", now at version " + now
                + "; maintenance is switched off next", report);
    }

    Built failed(MigrationContext c, MigrationPhase phase, String reason, Run run) throws SQLException {
        MigrationRecord r = record(c.windowId());
        Map<String, Object> report = migration(r, run, "failed");
        report.put("mode", c.mode());
        if (r.applied().isEmpty() && !c.applied().isEmpty()) {
            report.put("appliedMigrations", applied(c.applied()));
        }
        report.put("failedPhase", phase);
        if (report.get("error") == null) {
            report.put("error", Texts.reason(reason, MAX_ERROR));
        }
        String error = (String) report.get("error");
        return new Built(EventType.FAILED, "Schema migration of " + name() + " failed in " + phase
                + (error == null ? "" : ": " + error) + "; maintenance stays on", report);
    }

    private MigrationRecord record(String windowId) {
        return migrations.find(windowId).orElseThrow(() -> new IllegalStateException("migration window "
                + windowId + " of '" + name() + "' is not recorded"));
    }

    /** The newest migration window that started at or before an instant. */
    private Optional<MigrationRecord> windowAt(Instant at) {
        return migrations.recent(10).stream().filter(r -> !r.startedAt().isAfter(at)).findFirst();
    }

    /** Waits (briefly) until the window that switched maintenance off has recorded how it ended. */
    private MigrationRecord awaitFinished(MigrationRecord r) {
        long deadline = System.nanoTime() + RECORD_WAIT.toNanos();
        MigrationRecord current = r;
        while (!current.finished() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return current;
            }
            current = migrations.find(r.id()).orElse(current);
        }
        return current;
    }

    private Map<String, Object> migration(MigrationRecord r, Run run, String outcome) throws SQLException {
        Map<String, Object> m = skeleton("migration", "schema migration");
        m.put("windowId", r.id());
        m.put("mode", r.mode());
        boolean windowsRun = run != null && run.origin() == Origin.MIGRATION && run.since() != null
                && !run.since().isBefore(r.startedAt());
        m.put("message", run == null ? null : run.message());
        m.put("actor", r.actor());
        m.put("startedAt", r.startedAt());
        m.put("expectedEnd", windowsRun ? run.until() : null);
        m.put("estimatedDuration", windowsRun ? estimate(run) : null);
        if (r.finished()) {
            m.put("endedAt", r.endedAt());
            m.put("actualDuration", Duration.between(r.startedAt(), r.endedAt()));
        }
        m.put("currentVersion", r.versionBefore());
        m.put("targetVersion", target(r));
        m.put("pendingMigrations", pending(r.planned()));
        m.put("appliedMigrations", applied(r.applied()));
        m.put("phases", r.phaseMillis().isEmpty() ? null : phases(r.phaseMillis()));
        m.put("backup", backup(store.facts(name(), r.id())));
        m.put("outcome", outcome);
        m.put("failedPhase", r.failedPhase());
        m.put("error", Texts.reason(r.error(), MAX_ERROR));
        m.put("rollback", rollback(r, outcome, m));
        return m;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> rollback(MigrationRecord r, String outcome, Map<String, Object> report) {
        List<String> hints = new ArrayList<>();
        if (outcome.equals("failed")) {
            hints.add("Maintenance stays on: users keep seeing the window's message until it is switched off.");
            if (!r.applied().isEmpty()) {
                hints.add(count(r.applied().size(), "migration") + " applied before the failure (the schema is at "
                        + "version " + r.versionAfter() + ", not " + target(r) + "): roll back or fix forward before "
                        + "switching maintenance off.");
            }
            Map<String, Object> backup = (Map<String, Object>) report.get("backup");
            if (backup != null && backup.get("location") != null) {
                hints.add("The backup taken before migrating is at " + backup.get("location") + ".");
            }
        }
        hints.addAll(rollbackHints);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("toVersion", r.versionBefore());
        m.put("hints", hints);
        return m;
    }

    private static Map<String, Object> skeleton(String kind, String operation) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("operation", operation);
        for (String key : List.of("windowId", "mode", "message", "actor", "scheduledStart", "scheduledEnd",
                "noticeAt", "reminderBefore", "startedAt", "expectedEnd", "estimatedDuration", "endedAt", "actualDuration",
                "currentVersion", "targetVersion", "pendingMigrations", "appliedMigrations", "phases", "backup",
                "outcome", "failedPhase", "error", "rollback")) {
            m.put(key, null);
        }
        return m;
    }

    private static Duration estimate(Run run) {
        return run.until() == null || run.since() == null ? null : Duration.between(run.since(), run.until());
    }

    private static String target(MigrationRecord r) {
        String target = r.versionBefore();
        for (PendingMigration p : r.planned()) {
            if (p.version() != null) {
                target = p.version();
            }
        }
        return target;
    }

    private static String versionAfter(String before, List<AppliedMigration> applied) {
        String version = before;
        for (AppliedMigration a : applied) {
            if (a.version() != null) {
                version = a.version();
            }
        }
        return version;
    }

    private static String versions(MigrationRecord r) {
        return "version " + (r.versionBefore() == null ? "(none)" : r.versionBefore()) + " to " + target(r);
    }

    private static String count(int n, String noun) {
        if (noun.equals("pending") || noun.equals("applied")) {
            return n + " " + noun;
        }
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static List<Map<String, Object>> pending(List<PendingMigration> list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PendingMigration p : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", p.version());
            m.put("description", p.description());
            m.put("script", p.script());
            out.add(m);
        }
        return out;
    }

    private static List<Map<String, Object>> applied(List<AppliedMigration> list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AppliedMigration a : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", a.version());
            m.put("description", a.description());
            m.put("script", a.script());
            m.put("duration", Duration.ofMillis(a.executionMillis()));
            out.add(m);
        }
        return out;
    }

    private static List<Map<String, Object>> phases(Map<MigrationPhase, Long> phases) {
        List<Map<String, Object>> out = new ArrayList<>();
        phases.forEach((phase, millis) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("phase", phase);
            m.put("duration", Duration.ofMillis(millis));
            out.add(m);
        });
        return out;
    }

    private static Map<String, Object> backup(Map<String, String> facts) {
        if (facts.isEmpty()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (String key : List.of("id", "location", "sizeBytes", "checksum", "verified", "takenAt", "note")) {
            String value = facts.get("backup." + key);
            Object typed = value;
            if (value != null && key.equals("sizeBytes")) {
                typed = Long.parseLong(value);
            } else if (value != null && key.equals("verified")) {
                typed = Boolean.parseBoolean(value);
            }
            m.put(key, typed);
        }
        return m;
    }
}
