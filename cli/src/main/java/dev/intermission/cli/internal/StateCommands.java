package dev.intermission.cli.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import dev.intermission.HistoryEntry;
import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.ScheduledWindow;
import dev.intermission.cli.MaintenanceCli;
import dev.intermission.internal.ClusterValue;
import dev.intermission.internal.Json;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationRecord;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The commands that read and switch the maintenance state: status, enable, disable, history, instances, schedule.
 */
final class StateCommands {

    private StateCommands() {
    }

    // ------------------------------------------------------------------------------------------- status

    @Command(name = "status", sortOptions = false,
            description = "Show the maintenance state, and the database it was read from.")
    static final class Status implements Callable<Integer> {

        @Option(names = "--json", description = "Print JSON: the admin endpoint's status fields, and 'database'.")
        boolean json;

        @Option(names = "--check", description = "Exit with " + MaintenanceCli.EXIT_MAINTENANCE_ON + " when "
                + "maintenance is on now (switched on, or a scheduled window is open), " + MaintenanceCli.EXIT_OK
                + " when it is off: for scripts.")
        boolean check;

        private final Commands.Root root;

        Status(Commands.Root root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            MaintenanceStatus s;
            List<String> services = List.of();
            ClusterValue cluster = null;
            MigrationRecord lastWindow = null;
            try (StateAccess access = root.access()) {
                s = access.status();
                if (s.version() == 0) {
                    services = access.services();
                }
                if (!json) {
                    try {
                        cluster = access.instances();
                    } catch (CliFailure e) {
                        // Tables from before instances were recorded: the status stands without the line.
                    }
                    try {
                        List<MigrationRecord> windows = access.windows(1);
                        lastWindow = windows.isEmpty() ? null : windows.get(0);
                    } catch (CliFailure e) {
                        // Tables from before windows were recorded: the status stands without the line.
                    }
                }
            }
            if (json) {
                root.printJson(Json.status(s));
            } else {
                print(s, services);
                if (cluster != null && cluster.live() > 0) {
                    root.out().println("instances:   " + InstanceTable.summary(cluster));
                }
                String migration = lastWindow == null ? null : migrationLine(lastWindow);
                if (migration != null) {
                    root.out().println("migration:   " + migration);
                }
            }
            return check && s.maintenance() ? MaintenanceCli.EXIT_MAINTENANCE_ON : MaintenanceCli.EXIT_OK;
        }

        /**
         * The newest migration window when it did not end well or has not ended: why maintenance may be on, and
         * what to do; {@code null} when it succeeded or found nothing to do.
         */
        private static String migrationLine(MigrationRecord w) {
            if (w.outcome() == MigrationOutcome.FAILED) {
                String reason = w.error() == null || w.error().isBlank() ? "unknown error"
                        : Text.oneLine(w.error().strip().lines().findFirst().orElse(""));
                return "window " + w.id() + " FAILED" + (w.failedPhase() == null ? ""
                        : " in " + w.failedPhase().name().toLowerCase(java.util.Locale.ROOT))
                        + " at " + Text.time(w.endedAt()) + ": " + reason + "; next: 'migrate show " + w.id()
                        + "' says what stayed and what to do";
            }
            if (w.outcome() == null && w.running()) {
                return "window " + w.id() + " RUNNING since " + Text.time(w.startedAt()) + ", started by "
                        + Text.oneLine(w.actor()) + " on " + Text.oneLine(w.holder());
            }
            if (w.outcome() == null) {
                return "window " + w.id() + " INTERRUPTED: started at " + Text.time(w.startedAt()) + " by "
                        + Text.oneLine(w.actor()) + " on " + Text.oneLine(w.holder()) + ", whose process stopped "
                        + "before it ended (its lease expired); next: 'migrate --dry-run' shows what is still "
                        + "pending, then 'migrate' again, or 'disable'";
            }
            return null;
        }

        private void print(MaintenanceStatus s, List<String> services) {
            PrintStream out = root.out();
            root.printDatabase("database:    ");
            out.println("service:     " + s.serviceName());
            out.println("maintenance: " + (s.maintenance() ? "on (" + s.effectiveMode().externalName() + ")" : "off"));
            boolean windowOpen = s.window() != null && s.upcomingWindow().isEmpty();
            if (s.effectiveMode() != s.mode()) {
                out.println("switched:    " + s.mode().externalName() + (s.mode() == Mode.OFF
                        ? " (maintenance comes from the open scheduled window, which ends by itself)"
                        : " (the open scheduled window is stricter)"));
            }
            if (s.effectiveMessage() != null) {
                out.println("message:     " + Text.oneLine(s.effectiveMessage()));
            }
            if (s.effectiveSince() != null) {
                out.println("since:       " + Text.time(s.effectiveSince()));
            }
            if (s.effectiveUntil() != null) {
                boolean automatic = windowOpen && s.mode() == Mode.OFF && s.effectiveUntil().equals(s.window().end());
                out.println("until:       " + Text.time(s.effectiveUntil()) + " " + (automatic
                        ? "(automatic end: the scheduled window closes, in " + Text.duration(Duration.between(
                                s.asOf(), s.effectiveUntil())) + ")"
                        : expectedEnd(s.effectiveUntil(), s.asOf())));
            }
            out.println("version:     " + s.version());
            if (s.changedBy() != null) {
                out.println("changed by:  " + Text.oneLine(s.changedBy()) + " at " + Text.time(s.changedAt()));
            }
            if (s.window() != null) {
                ScheduledWindow w = s.window();
                out.println("window:      " + w.mode().externalName() + " from " + Text.time(w.start()) + " to "
                        + Text.time(w.end()) + (s.upcomingWindow().isPresent() ? " (upcoming" + (w.noticeAt() == null
                                ? ")" : w.noticeAt().isAfter(s.asOf()) ? ", not yet public: announced from "
                                + Text.time(w.noticeAt()) + ")" : ", announced since " + Text.time(w.noticeAt()) + ")")
                                : " (open)")
                        + (w.message() == null ? "" : ": " + Text.oneLine(w.message())));
            }
            if (s.version() == 0) {
                out.println("note:        " + (services.isEmpty()
                        ? "no change recorded in this database yet"
                        : "no change recorded for '" + s.serviceName() + "'; services recorded here: "
                                + String.join(", ", services) + " (choose with --service)"));
            }
        }
    }

    /** Says whether an expected end is ahead or overdue: it is an announcement, not an automatic switch-off. */
    static String expectedEnd(Instant until, Instant now) {
        if (until.isAfter(now)) {
            return "(expected end, in " + Text.duration(Duration.between(now, until)) + ")";
        }
        return "(expected end, OVERDUE by " + Text.duration(Duration.between(until, now))
                + ": maintenance stays on until switched off)";
    }

    // ------------------------------------------------------------------------------------------- changes

    /** The options and the one-shot write shared by the commands that change the state. */
    abstract static class Change implements Callable<Integer> {

        @Option(names = "--expected-version", paramLabel = "N", order = 90,
                description = "Apply only if the state is still at this version (else exit 1, nothing changed).")
        Long expectedVersion;

        @Option(names = "--json", order = 91,
                description = "Print the status after the change as JSON (the fields of 'status --json').")
        boolean json;

        final Commands.Root root;

        Change(Commands.Root root) {
            this.root = root;
        }

        /** Validates everything, then writes the change in one transaction and prints the outcome. */
        int apply(MaintenanceChange.Builder change, Function<MaintenanceStatus, List<String>> outcome) {
            if (expectedVersion != null) {
                if (expectedVersion < 0) {
                    throw new InvalidValueException("--expected-version", expectedVersion.toString(),
                            "must not be negative");
                }
                change.expectedVersion(expectedVersion);
            }
            Options.apply("--actor", () -> change.actor(root.actor()));
            change.origin(Origin.CLI);
            MaintenanceChange built = change.build();
            StateAccess.validate(built, Instant.now());
            MaintenanceStatus status;
            try (StateAccess access = root.access()) {
                status = access.apply(built);
            }
            if (json) {
                root.printJson(Json.status(status));
            } else {
                root.printDatabase("database: ");
                outcome.apply(status).forEach(root.out()::println);
            }
            return MaintenanceCli.EXIT_OK;
        }
    }

    /** Fails unless an instant given by an option lies in the future. */
    static void future(String option, Instant instant) {
        if (!instant.isAfter(Instant.now())) {
            throw new InvalidValueException(option, instant.toString(), "must be in the future");
        }
    }

    @Command(name = "enable", sortOptions = false,
            description = {"Switch maintenance on: full (every request refused but allow-listed ones) or read-only.",
                "An expected end (--until, --for) is announced to users (Retry-After); it does not switch "
                        + "maintenance off: 'disable' does. With --auto-off it does: maintenance is then a scheduled "
                        + "window from now to that end, and every instance reopens at the end by its own clock, with "
                        + "nothing written then."})
    static final class Enable extends Change {

        @Option(names = "--read-only", order = 1, description = "Refuse writes only; safe requests still pass.")
        boolean readOnly;

        @Option(names = "--message", paramLabel = "TEXT", order = 2,
                description = "The message shown to users (at most " + MaintenanceChange.MAX_MESSAGE_LENGTH
                        + " characters).")
        String message;

        @ArgGroup(exclusive = true, order = 3)
        End end;

        static final class End {
            @Option(names = "--until", paramLabel = "TIME", converter = Options.When.class,
                    description = "Expected end: ISO-8601 (2030-01-31T18:00:00Z, with an offset, or local time).")
            Instant until;

            @Option(names = "--for", paramLabel = "DURATION", converter = Options.PositiveDuration.class,
                    description = "Expected length: 30m, 1h30m, 2h, 45s, 1d or ISO-8601 (PT20M).")
            Duration duration;
        }

        @Spec
        CommandSpec spec;

        @Option(names = "--auto-off", order = 4,
                description = "Switch maintenance off by itself at the end given with --for or --until: a scheduled "
                        + "window from now to that end (replacing any planned window), which every instance closes "
                        + "on time without a write. Refused while maintenance is switched on: 'disable' first.")
        boolean autoOff;

        Enable(Commands.Root root) {
            super(root);
        }

        @Override
        public Integer call() {
            if (autoOff) {
                return autoOff();
            }
            MaintenanceChange.Builder change = MaintenanceChange.enable(readOnly ? Mode.READ_ONLY : Mode.FULL);
            Options.apply("--message", () -> change.message(message));
            if (end != null && end.until != null) {
                future("--until", end.until);
                Options.apply("--until", () -> change.until(end.until));
            }
            if (end != null && end.duration != null) {
                Options.apply("--for", () -> change.expectedDuration(end.duration));
            }
            return apply(change, s -> {
                List<String> lines = new ArrayList<>();
                lines.add("maintenance on (" + s.mode().externalName() + ") for '" + s.serviceName() + "', version "
                        + s.version());
                if (s.until() != null) {
                    lines.add("expected end " + Text.time(s.until()) + " (in "
                            + Text.duration(Duration.between(s.asOf(), s.until())) + "), announced to users; "
                            + "maintenance stays on until 'disable'");
                }
                return lines;
            });
        }

        /**
         * Maintenance as a scheduled window from now to the end, so that it ends on every instance at that time
         * with no write; the history shows it set by the operator, and the schedule closes it.
         */
        private int autoOff() {
            if (end == null) {
                throw new ParameterException(spec.commandLine(), "--auto-off: needs the end: give --for DURATION or "
                        + "--until TIME");
            }
            if (expectedVersion != null && expectedVersion < 0) {
                throw new InvalidValueException("--expected-version", expectedVersion.toString(),
                        "must not be negative");
            }
            Instant now = Instant.now();
            Instant endsAt;
            if (end.until != null) {
                future("--until", end.until);
                endsAt = end.until;
            } else {
                endsAt = now.plus(end.duration);
            }
            Mode mode = readOnly ? Mode.READ_ONLY : Mode.FULL;
            ScheduledWindow[] window = new ScheduledWindow[1];
            Options.apply("--message", () -> window[0] = new ScheduledWindow(now, endsAt, mode, message));
            MaintenanceChange.Builder change = MaintenanceChange.schedule(window[0]);
            Options.apply("--actor", () -> change.actor(root.actor()));
            change.origin(Origin.CLI);
            MaintenanceStatus status;
            try (StateAccess access = root.access()) {
                MaintenanceStatus before = access.status();
                if (before.mode().isMaintenance()) {
                    // The window would end and leave this switched-on maintenance on: not what was asked.
                    throw new CliFailure("--auto-off: maintenance is already switched on (" + before.mode()
                            .externalName() + (before.changedBy() == null ? "" : ", by "
                            + Text.oneLine(before.changedBy())) + ") and would stay on after the window; run "
                            + "'disable' first, or leave out --auto-off; nothing changed");
                }
                change.expectedVersion(expectedVersion != null ? expectedVersion : before.version());
                status = access.apply(change.build());
            }
            if (json) {
                root.printJson(Json.status(status));
            } else {
                ScheduledWindow w = window[0];
                root.printDatabase("database: ");
                root.out().println("maintenance on (" + w.mode().externalName() + ") for '" + status.serviceName()
                        + "' until " + Text.time(w.end()) + " (in " + Text.duration(Duration.between(status.asOf(),
                                w.end())) + "), then off by itself on every instance (a scheduled window: nothing "
                        + "is written at the end), version " + status.version());
            }
            return MaintenanceCli.EXIT_OK;
        }
    }

    @Command(name = "disable", sortOptions = false, description = "Switch maintenance off (an open scheduled window "
            + "closes too; an upcoming one stays).")
    static final class Disable extends Change {

        Disable(Commands.Root root) {
            super(root);
        }

        @Override
        public Integer call() {
            return apply(MaintenanceChange.disable(), s -> List.of("maintenance off for '" + s.serviceName() + "'"
                    + (s.maintenance() ? " (a scheduled window still applies: " + s.effectiveMode().externalName()
                            + ")" : "") + ", version " + s.version()));
        }
    }

    // ------------------------------------------------------------------------------------------- history

    @Command(name = "history", sortOptions = false,
            description = "Show the audit history, newest first, as a table within 120 columns.")
    static final class History implements Callable<Integer> {

        @Option(names = "--limit", paramLabel = "N", description = "How many entries (1-"
                + MaintenanceService.MAX_HISTORY_LIMIT + ", default: ${DEFAULT-VALUE}).")
        int limit = 20;

        @Option(names = "--wide", description = "Show everything: whole actors and details, the client address, "
                + "times to the millisecond.")
        boolean wide;

        @Option(names = "--json", description = "Print JSON (the admin endpoint's shape, and 'database').")
        boolean json;

        private final Commands.Root root;

        History(Commands.Root root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            Options.between("--limit", limit, 1, MaintenanceService.MAX_HISTORY_LIMIT);
            List<HistoryEntry> entries;
            String service;
            try (StateAccess access = root.access()) {
                entries = access.history(limit);
                service = root.serviceName();
            }
            if (json) {
                List<Map<String, Object>> list = new ArrayList<>();
                entries.forEach(e -> list.add(Json.history(e)));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("service", service);
                body.put("entries", list);
                root.printJson(body);
                return MaintenanceCli.EXIT_OK;
            }
            PrintStream out = root.out();
            root.printDatabase("database: ");
            out.println("service:  " + service);
            if (entries.isEmpty()) {
                out.println("no changes recorded for '" + service + "'");
            } else {
                HistoryTable.print(entries, wide, out);
            }
            return MaintenanceCli.EXIT_OK;
        }
    }

    // ------------------------------------------------------------------------------------------- instances

    @Command(name = "instances", sortOptions = false,
            description = "Show the service's live instances (the state version each holds, its mode, its work in "
                    + "flight) as a table within 120 columns.")
    static final class Instances implements Callable<Integer> {

        @Option(names = "--json", description = "Print JSON: 'database', then the admin endpoint's 'instances' "
                + "answer.")
        boolean json;

        private final Commands.Root root;

        Instances(Commands.Root root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            ClusterValue cluster;
            try (StateAccess access = root.access()) {
                cluster = access.instances();
            }
            if (json) {
                root.printJson(Json.cluster(cluster));
                return MaintenanceCli.EXIT_OK;
            }
            PrintStream out = root.out();
            root.printDatabase("database:  ");
            out.println("service:   " + cluster.serviceName());
            if (cluster.live() == 0) {
                out.println("instances: none live for '" + cluster.serviceName() + "'");
                return MaintenanceCli.EXIT_OK;
            }
            out.println("instances: " + InstanceTable.summary(cluster));
            InstanceTable.print(cluster, out);
            return MaintenanceCli.EXIT_OK;
        }
    }

    // ------------------------------------------------------------------------------------------- schedule

    @Command(name = "schedule", description = "Set or cancel the scheduled maintenance window.")
    static final class Schedule implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "missing command: give set or cancel");
        }
    }

    @Command(name = "set", sortOptions = false,
            description = "Plan a window: maintenance from --start to --end on every instance, with no write then.")
    static final class ScheduleSet extends Change {

        @Option(names = "--start", required = true, paramLabel = "TIME", converter = Options.When.class, order = 1,
                description = "When the window opens: ISO-8601, a local time, or 'now'.")
        Instant start;

        @Option(names = "--end", required = true, paramLabel = "TIME", converter = Options.When.class, order = 2,
                description = "When the window closes: ISO-8601 or a local time; after --start, in the future.")
        Instant end;

        @Option(names = "--read-only", order = 3, description = "Read-only during the window (default: full).")
        boolean readOnly;

        @Option(names = "--message", paramLabel = "TEXT", order = 4,
                description = "The message shown during the window.")
        String message;

        @Option(names = "--notice", paramLabel = "TIME", converter = Options.When.class, order = 5,
                description = "When the window becomes public (the status for users, status.json, the banner): "
                        + "at or before --start; default: at once.")
        Instant notice;

        ScheduleSet(Commands.Root root) {
            super(root);
        }

        @Override
        public Integer call() {
            if (!end.isAfter(start)) {
                throw new InvalidValueException("--end", end.toString(), "must be after --start (" + start + ")");
            }
            future("--end", end);
            if (notice != null && notice.isAfter(start)) {
                throw new InvalidValueException("--notice", notice.toString(), "must be at or before --start ("
                        + start + ")");
            }
            ScheduledWindow[] window = new ScheduledWindow[1];
            Options.apply("--message", () -> window[0] = new ScheduledWindow(start, end,
                    readOnly ? Mode.READ_ONLY : Mode.FULL, message));
            Options.apply("--notice", () -> window[0] = window[0].withNoticeAt(notice));
            ScheduledWindow w = window[0];
            return apply(MaintenanceChange.schedule(w), s -> List.of("window scheduled for '" + s.serviceName()
                    + "': " + w.mode().externalName() + " from " + Text.time(w.start()) + " to " + Text.time(w.end())
                    + (w.noticeAt() == null ? "" : ", public from " + Text.time(w.noticeAt()))
                    + ", version " + s.version()));
        }
    }

    @Command(name = "cancel", sortOptions = false, description = "Cancel the scheduled window.")
    static final class ScheduleCancel extends Change {

        ScheduleCancel(Commands.Root root) {
            super(root);
        }

        @Override
        public Integer call() {
            return apply(MaintenanceChange.cancelSchedule(), s -> List.of("window cancelled for '" + s.serviceName()
                    + "', version " + s.version()));
        }
    }
}
