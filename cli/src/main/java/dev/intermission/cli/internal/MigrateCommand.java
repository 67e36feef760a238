package dev.intermission.cli.internal;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.intermission.InvalidValueException;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.Values;
import dev.intermission.cli.MaintenanceCli;
import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.FailedMigration;
import dev.intermission.migration.MigrationContext;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationHook;
import dev.intermission.migration.MigrationLaunch;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationPhase;
import dev.intermission.migration.MigrationPlan;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.PendingMigration;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.migration.internal.FailedScripts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code migrate} command: runs the application's pending Flyway migrations as one maintenance window, or
 * shows what is pending ({@code --dry-run}); {@code migrate history} and {@code migrate show} read the recorded
 * windows.
 */
@Command(name = "migrate", sortOptions = false,
        description = {"Run the application's pending migrations as one maintenance window: maintenance on, wait "
                + "until every instance has seen it, migrate, validate, maintenance off. If a step fails, "
                + "maintenance stays on and the reason is recorded with the window ('migrate show ID').",
            "Flyway connects with --jdbc-url, --user and --password on connections of its own. The library's "
                + "tables are created if the database has none.",
            "Ctrl-C before the migrations start stops the window there (nothing applied, maintenance stays on "
                + "with the reason); once they run, they finish and the window ends as it would have."},
        footer = {"", "Exit status: 0 migrated or up to date, 1 the window failed or another window is running, "
                + "2 usage error or refused option value (nothing changed)."})
public final class MigrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dry-run", description = "Show what is pending (current version, target, migrations); "
            + "change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--location", paramLabel = "LOCATION",
            description = "Add a Flyway location (classpath:... or filesystem:...) to the application's own "
                    + "(default: " + FlywayMigrator.DEFAULT_LOCATION + "); repeatable.")
    List<String> locations = new ArrayList<>();

    @Option(names = "--flyway-table", paramLabel = "TABLE",
            description = "The application's Flyway history table (default: " + FlywayMigrator.DEFAULT_TABLE + ").")
    String table;

    @Option(names = "--repair-failed", description = "First remove the history entries of migrations that failed "
            + "(databases without transactional DDL record them), so a fixed script runs again; check the schema "
            + "first, a failed script may have been partly applied.")
    boolean repairFailed;

    @Option(names = "--mode", paramLabel = "MODE", converter = Options.WindowMode.class,
            description = "Maintenance during the window: full (default) or read-only.")
    Mode mode;

    @Option(names = "--message", paramLabel = "TEXT",
            description = "The message users see (default: '" + MigrationWindow.DEFAULT_MESSAGE + "').")
    String message;

    @Option(names = "--estimate", paramLabel = "DURATION", converter = Estimate.class,
            description = "Expected length, announced to users as the expected end: 10m, 1h30m or ISO-8601 (PT10M); "
                    + "at most 24h.")
    Duration estimate;

    @Option(names = "--lock-wait", paramLabel = "DURATION", converter = LockWait.class,
            description = "How long to wait for a window running elsewhere (default: 1m; 0 to not wait; at most 24h).")
    Duration lockWait;

    @Option(names = "--refresh-interval", paramLabel = "DURATION", converter = Options.RefreshInterval.class,
            description = "How often the application's instances refresh the state (default: 1s); after switching "
                    + "maintenance on, the window waits this plus a margin so every instance has seen it.")
    Duration refreshInterval = Maintenance.DEFAULT_REFRESH_INTERVAL;

    private final Commands.Root root;
    private final Map<String, String> flywayConfiguration;

    private MigrateCommand(Commands.Root root, Map<String, String> flywayConfiguration) {
        this.root = root;
        this.flywayConfiguration = flywayConfiguration;
    }

    /**
     * Builds the command and its {@code history} and {@code show} subcommands for one invocation.
     *
     * @param root                the invocation
     * @param flywayConfiguration the application's own Flyway properties ({@code flyway.locations}...), validated
     * @return the picocli command line to add as a subcommand
     */
    static CommandLine create(Commands.Root root, Map<String, String> flywayConfiguration) {
        MigrateCommand command = new MigrateCommand(root, Map.copyOf(flywayConfiguration));
        CommandLine migrate = new CommandLine(command);
        migrate.addSubcommand(new HistoryCommand(root));
        migrate.addSubcommand(new ShowCommand(root, command));
        return migrate;
    }

    @Override
    public Integer call() {
        // Every option is checked before anything connects, so a refused value changes nothing.
        String service = root.serviceName();
        String prefix = root.tablePrefix();
        String actor = root.actor();
        Options.apply("--actor", () -> MaintenanceChange.disable().actor(actor));
        if (message != null) {
            Options.apply("--message", () -> MaintenanceChange.enable(Mode.FULL).message(message));
        }
        SchemaMigrator migrator = migrator();
        if (dryRun) {
            return dryRun(migrator);
        }
        if (!json) {
            root.printDatabase("database: ");
        }
        if (!repairFailed) {
            Integer refused = refuseRecordedFailure(migrator);
            if (refused != null) {
                return refused;
            }
        }
        try (MaintenanceService maintenance = StateAccess.openService(root.db(), service, prefix, refreshInterval,
                true)) {
            Interruption interruption = new Interruption(actor, service);
            MigrationWindow.Builder builder = MigrationWindow.newBuilder(maintenance, migrator).actor(actor)
                    .addHook(interruption);
            if (mode != null) {
                builder.mode(mode);
            }
            if (message != null) {
                builder.message(message);
            }
            if (estimate != null) {
                builder.estimate(estimate);
            }
            if (lockWait != null) {
                builder.lockWaitTimeout(lockWait);
            }
            MigrationWindow window = builder.build();
            // Ctrl-C is handled here while the window runs; a shutdown hook covers the other ways the JVM is asked
            // to stop (kill, a second Ctrl-C), and says what happens then.
            Thread hook = new Thread(interruption::shuttingDown, "intermission-cli-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            CtrlC ctrlC = CtrlC.install(interruption::ctrlC);
            try {
                MigrationLaunch launch = window.start();
                interruption.launched(launch);
                if (!launch.done() && launch.windowId().isPresent()) {
                    interruption.started(launch.windowId().get());
                }
                return report(launch.join(), maintenance.status(), interruption.stoppedBeforeMigrating(), migrator);
            } finally {
                interruption.reported();
                if (ctrlC != null) {
                    ctrlC.close();
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // The JVM is shutting down: the hook runs, and has said what happens.
                }
            }
        }
    }

    /**
     * What an interruption does to a running window: before the migrations start, the window stops there; once
     * they run, they finish. Either way the command waits until the window has ended and reports it; a second
     * Ctrl-C leaves at once.
     */
    private final class Interruption implements MigrationHook {

        private final AtomicBoolean interrupted = new AtomicBoolean();
        private final AtomicBoolean migrating = new AtomicBoolean();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicBoolean announced = new AtomicBoolean();
        private final String actor;
        private final String service;
        private final CountDownLatch reported = new CountDownLatch(1);
        private volatile MigrationLaunch launch;

        Interruption(String actor, String service) {
            this.actor = actor;
            this.service = service;
        }

        void launched(MigrationLaunch launch) {
            this.launch = launch;
        }

        @Override
        public void beforeMigrate(MigrationContext context) {
            synchronized (this) {
                if (interrupted.get()) {
                    stopped.set(true);
                    throw new IllegalStateException("interrupted by the operator (Ctrl-C) before migrating; nothing "
                            + "was applied");
                }
                migrating.set(true);
            }
            started(context.windowId());
            if (!json) {
                root.out().println("migrating: " + context.plan().pending().size() + " pending, version "
                        + version(context.plan().currentVersion()) + " -> " + version(context.plan().targetVersion()));
                root.out().flush();
            }
        }

        /** Says once that the window started, whichever thread gets there first. */
        void started(String windowId) {
            if (!json && announced.compareAndSet(false, true)) {
                root.out().println("migration window " + windowId + " started by " + actor + " for '" + service
                        + "': maintenance on");
                root.out().flush();
            }
        }

        /** The first Ctrl-C: says what will happen; the window goes on to its end, and the command reports it. */
        void ctrlC() {
            if (!ended()) {
                notice("Press Ctrl-C again to leave at once.");
            }
        }

        /** The JVM is stopping (kill, or Ctrl-C again): waits for the window, unless told once already. */
        void shuttingDown() {
            if (ended()) {
                return;
            }
            if (interrupted.get()) {
                MigrationLaunch running = launch;
                root.err().println("leaving now: the window" + (running == null ? "" : running.windowId()
                        .map(id -> " " + id).orElse("")) + " is abandoned where it is; maintenance stays on, and "
                        + "the window shows as interrupted once its lease ends ('migrate show ID')");
                root.err().flush();
                return;
            }
            notice("");
            try {
                reported.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private boolean ended() {
            MigrationLaunch running = launch;
            return reported.getCount() == 0 || running != null && running.done();
        }

        private void notice(String more) {
            boolean during;
            synchronized (this) {
                interrupted.set(true);
                during = migrating.get();
            }
            PrintStream err = root.err();
            err.println((during
                    ? "interrupted: the migrations are running and will finish (stopping them midway could leave "
                            + "the schema half-changed); the window then ends as usual. Waiting for it."
                    : "interrupted: the window stops before migrating (nothing applied); maintenance stays on with "
                            + "the reason until you run 'disable' or migrate again. Waiting for it to end.")
                    + (more.isEmpty() ? "" : " " + more));
            err.flush();
        }

        void reported() {
            reported.countDown();
        }

        boolean stoppedBeforeMigrating() {
            return stopped.get();
        }
    }

    /**
     * A migration that the schema history records as failed stops every window in its migrate step, after
     * maintenance was switched on with this run's message (replacing the words users read since the failure):
     * refused before any window, naming the migration and the next step; {@code null} when there is none (or the
     * migrations cannot be read here, which the window then reports).
     */
    private Integer refuseRecordedFailure(SchemaMigrator migrator) {
        FailedMigration failed;
        try {
            failed = migrator.plan().failedMigration().orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
        if (failed == null) {
            return null;
        }
        Recovery recovery = Recovery.recorded(failed, root.db().dialect());
        String reason = "migration " + describe(failed.version(), failed.description(), failed.script())
                + " is recorded as failed in the schema history, so a window would fail: none was started, nothing "
                + "changed; " + recovery.next();
        failure(reason);
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", reason);
            body.put("failedMigration", failedJson(failed, recovery));
            root.printJson(body);
        } else {
            root.out().println("failed:   " + describe(failed.version(), failed.description(), failed.script())
                    + ", recorded as failed" + (failed.failedAt() == null ? "" : " at " + Text.time(failed.failedAt())));
            recovery.lines(10).forEach(root.out()::println);
        }
        return MaintenanceCli.EXIT_FAILURE;
    }

    private int dryRun(SchemaMigrator migrator) {
        MigrationPlan plan;
        try {
            plan = migrator.plan();
        } catch (RuntimeException e) {
            throw new CliFailure("cannot read the migrations of " + root.db().display() + ": "
                    + StateAccess.rootLine(e), e);
        }
        FailedMigration failed = plan.failedMigration().orElse(null);
        MigrationRecord lastWindow = failed == null ? lastWindow() : null;
        Recovery recovery = failed != null ? Recovery.recorded(failed, root.db().dialect())
                : lastWindow == null || plan.upToDate() ? null : Recovery.afterWindow(lastWindow, root.db().dialect());
        PrintStream out = root.out();
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("locations", shownLocations());
            body.put("table", shownTable());
            body.put("currentVersion", plan.currentVersion());
            body.put("targetVersion", plan.targetVersion());
            body.put("upToDate", plan.upToDate());
            body.put("pending", plan.pending());
            body.put("failedMigration", failed == null ? null : failedJson(failed, recovery));
            body.put("lastFailedWindow", failed != null || recovery == null ? null : lastFailedJson(lastWindow,
                    recovery));
            root.printJson(body);
            return MaintenanceCli.EXIT_OK;
        }
        root.printDatabase("database:  ");
        out.println("locations: " + String.join(", ", shownLocations()));
        out.println("table:     " + shownTable());
        out.println("current:   " + version(plan.currentVersion()));
        if (failed != null) {
            out.println("failed:    " + describe(failed.version(), failed.description(), failed.script())
                    + ", recorded as failed" + (failed.failedAt() == null ? "" : " at " + Text.time(failed.failedAt())));
            recovery.lines(11).forEach(out::println);
        } else if (recovery != null) {
            out.println("failed:    " + recovery.script() + ", in window " + lastWindow.id() + " at "
                    + Text.time(lastWindow.startedAt()));
            recovery.lines(11).forEach(out::println);
        }
        if (plan.upToDate()) {
            out.println("up to date: nothing to migrate");
            return MaintenanceCli.EXIT_OK;
        }
        out.println("target:    " + version(plan.targetVersion()));
        out.println("pending:   " + plan.pending().size() + " migration(s), nothing changed (dry run)");
        for (PendingMigration m : plan.pending()) {
            out.printf("  %-10s %-40s %s%n", m.version() == null ? "repeatable" : m.version(), m.description(),
                    m.script());
        }
        return MaintenanceCli.EXIT_OK;
    }

    /** What to do after this run's migration failed: from the schema history, or what the database did. */
    private Recovery afterFailure(SchemaMigrator migrator, String error) {
        try {
            MigrationPlan plan = migrator.plan();
            if (plan.failedMigration().isPresent()) {
                return Recovery.recorded(plan.failedMigration().get(), root.db().dialect());
            }
            String script = plan.pending().isEmpty() ? null : plan.pending().get(0).script();
            return FailedScripts.named(script, error) ? Recovery.unrecorded(script, root.db().dialect()) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The newest recorded window, when the library's tables are there; a dry run reads it only to explain. */
    private MigrationRecord lastWindow() {
        try (StateAccess access = root.access()) {
            List<MigrationRecord> windows = access.windows(1);
            return windows.isEmpty() ? null : windows.get(0);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String describe(String version, String description, String script) {
        return (version == null ? "repeatable" : version) + " " + description + " (" + script + ")";
    }

    private static Map<String, Object> failedJson(FailedMigration failed, Recovery recovery) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", failed.version());
        m.put("description", failed.description());
        m.put("failedAt", failed.failedAt());
        m.putAll(recovery.json());
        return m;
    }

    private static Map<String, Object> lastFailedJson(MigrationRecord window, Recovery recovery) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", window.id());
        m.put("startedAt", window.startedAt());
        m.putAll(recovery.json());
        return m;
    }

    /**
     * What to do about a window that failed while migrating: the schema history's failed record now (through the
     * application's Flyway), else what the database did with the failed script; {@code null} for other windows.
     */
    private Recovery recovery(MigrationRecord w) {
        if (w.outcome() != MigrationOutcome.FAILED
                || w.failedPhase() != MigrationPhase.MIGRATE) {
            return null;
        }
        try {
            Optional<FailedMigration> failed = migrator().plan().failedMigration();
            if (failed.isPresent()) {
                return Recovery.recorded(failed.get(), root.db().dialect());
            }
        } catch (RuntimeException e) {
            // The application's migrations cannot be read from here: explain from the window's record alone.
        }
        return Recovery.afterWindow(w, root.db().dialect());
    }

    private int report(MigrationResult result, MaintenanceStatus status, boolean stopped, SchemaMigrator migrator) {
        PrintStream out = root.out();
        Recovery recovery = result.failedPhase() == MigrationPhase.MIGRATE
                ? afterFailure(migrator, result.error()) : null;
        if (json) {
            Map<String, Object> body = fields(result);
            if (result.outcome() == MigrationOutcome.FAILED) {
                body.put("reason", reason(result));
                body.put("recovery", recovery == null ? null : recovery.json());
            }
            root.printJson(body);
        }
        switch (result.outcome()) {
            case UP_TO_DATE -> {
                if (!json) {
                    out.println("up to date at version " + version(result.versionAfter()) + ": nothing to migrate");
                }
                return MaintenanceCli.EXIT_OK;
            }
            case SUCCEEDED -> {
                if (!json) {
                    out.println("migration succeeded (window " + result.windowId() + "): version "
                            + version(result.versionBefore()) + " -> " + version(result.versionAfter()) + ", "
                            + result.applied().size() + " applied");
                    printApplied(out, result.applied());
                    out.println(!result.maintenanceOn() ? "maintenance off"
                            : "maintenance stays on: " + (result.note() != null ? Text.oneLine(result.note())
                                    : "it was switched on before the window"));
                }
                return MaintenanceCli.EXIT_OK;
            }
            case ALREADY_RUNNING -> {
                failure("another migration window is running" + (result.note() != null ? ": " + result.note()
                        : result.windowId() == null ? "" : " (window " + result.windowId() + ")")
                        + "; wait for it, or see 'migrate show " + (result.windowId() == null ? "ID"
                        : result.windowId()) + "'");
                return MaintenanceCli.EXIT_FAILURE;
            }
            default -> {
                String reason = reason(result);
                String where = result.windowId() == null ? "" : " (window " + result.windowId() + ")";
                // The reason comes first on standard error; the details follow on standard output.
                failure(MigrationWindow.FAILURE_MESSAGE_PREFIX + reason + where);
                if (!json) {
                    if (!result.applied().isEmpty()) {
                        out.println("applied before the failure:");
                        printApplied(out, result.applied());
                    }
                    if (stopped) {
                        out.println("maintenance stays on: nothing was applied; reopen with 'disable', or run migrate "
                                + "again");
                    } else if (recovery != null) {
                        out.println("script:  " + (recovery.script() == null ? "-" : recovery.script())
                                + (recovery.recorded() ? ", recorded as failed in the schema history" : ""));
                        recovery.lines(9).forEach(out::println);
                        out.println("maintenance stays on until a window succeeds, or 'disable'"
                                + (result.windowId() == null ? "" : "; details: 'migrate show " + result.windowId()
                                        + "'"));
                    } else if (result.maintenanceOn() || status.maintenance()) {
                        out.println("maintenance stays on: fix the cause and run migrate again, or switch it off "
                                + "with 'disable'" + (result.windowId() == null ? "" : "; details: 'migrate show "
                                + result.windowId() + "'"));
                    }
                }
                return MaintenanceCli.EXIT_FAILURE;
            }
        }
    }

    private void failure(String line) {
        root.out().flush();
        PrintStream err = root.err();
        err.println("error: " + root.hidden(line));
        err.flush();
    }

    /** The short reason: the recorded error's first line, which says what failed, complete. */
    private static String reason(MigrationResult result) {
        if (result.error() == null || result.error().isBlank()) {
            return "unknown error";
        }
        return Text.oneLine(result.error().strip().lines().findFirst().orElse("unknown error"));
    }

    /** A result's or record's fields by name, for JSON: the shape the admin endpoint writes. */
    private static Map<String, Object> fields(Object value) {
        if (!(value instanceof Record r)) {
            throw new IllegalStateException("not a value the library built: " + value.getClass().getName());
        }
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

    private static void printApplied(PrintStream out, List<AppliedMigration> applied) {
        for (AppliedMigration m : applied) {
            out.printf("  %-10s %-40s %s (%d ms)%n", m.version() == null ? "repeatable" : m.version(),
                    m.description(), m.script(), m.executionMillis());
        }
    }

    private static String version(String version) {
        return version == null ? "none" : version;
    }

    // ---- set-up

    /** The application's Flyway, connected with the CLI's URL and credentials on connections of its own. */
    private SchemaMigrator migrator() {
        Database database = root.db();
        Map<String, String> properties = new LinkedHashMap<>(flywayConfiguration);
        properties.put("flyway.url", database.connectUrl());
        if (database.user() != null) {
            properties.put("flyway.user", database.user());
        }
        if (database.password() != null) {
            properties.put("flyway.password", database.password());
        }
        FlywayMigrator.Builder builder = FlywayMigrator.newBuilder().configuration(properties)
                .repairFailedMigrations(repairFailed);
        if (table != null) {
            Options.apply("--flyway-table", () -> builder.table(table));
        }
        if (!locations.isEmpty()) {
            Options.apply("--location", () -> builder.addLocations(locations.toArray(String[]::new)));
        }
        return builder.build();
    }

    private List<String> shownLocations() {
        List<String> shown = new ArrayList<>();
        String configured = flywayConfiguration.get("flyway.locations");
        if (configured == null) {
            shown.add(FlywayMigrator.DEFAULT_LOCATION);
        } else {
            for (String l : configured.split(",")) {
                if (!l.isBlank()) {
                    shown.add(l.strip());
                }
            }
        }
        for (String l : locations) {
            if (!shown.contains(l.strip())) {
                shown.add(l.strip());
            }
        }
        return shown;
    }

    private String shownTable() {
        return table != null ? table : flywayConfiguration.getOrDefault("flyway.table", FlywayMigrator.DEFAULT_TABLE);
    }

    // ---- converters

    /** The expected length of a window: positive, at most the library's longest window. */
    static final class Estimate implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Values.duration(Options.FIELD, value, Duration.ofMillis(1), MigrationWindow.MAX_DURATION);
        }
    }

    /** How long to wait for another window: zero (do not wait) up to the library's longest window. */
    static final class LockWait implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Values.duration(Options.FIELD, value, Duration.ZERO, MigrationWindow.MAX_DURATION);
        }
    }

    // ---- history and show

    /** {@code migrate history}: the recorded windows, newest first. */
    @Command(name = "history", description = "Show the recorded migration windows, newest first.")
    static final class HistoryCommand implements Callable<Integer> {

        @Option(names = "--limit", paramLabel = "N", description = "How many windows (1-"
                + MigrationHistory.MAX_LIMIT + ", default: ${DEFAULT-VALUE}).")
        int limit = 20;

        @Option(names = "--json", description = "Print JSON (the admin endpoint's shape, and 'database').")
        boolean json;

        private final Commands.Root root;

        HistoryCommand(Commands.Root root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            Options.between("--limit", limit, 1, MigrationHistory.MAX_LIMIT);
            List<MigrationRecord> windows;
            String service;
            try (StateAccess access = root.access()) {
                windows = access.windows(limit);
                service = root.serviceName();
            }
            PrintStream out = root.out();
            if (json) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("service", service);
                body.put("windows", windows);
                root.printJson(body);
                return MaintenanceCli.EXIT_OK;
            }
            root.printDatabase("database: ");
            out.println("service:  " + service);
            if (windows.isEmpty()) {
                out.println("no migration windows recorded for '" + service + "'");
                return MaintenanceCli.EXIT_OK;
            }
            out.printf("%-36s  %-20s  %-11s  %-21s  %-7s  %s%n", "WINDOW", "STARTED", "OUTCOME", "VERSION",
                    "APPLIED", "ACTOR");
            for (MigrationRecord w : windows) {
                out.printf("%-36s  %-20s  %-11s  %-21s  %-7d  %s%n", w.id(), Text.time(w.startedAt()), outcome(w),
                        Text.cut(version(w.versionBefore()) + " -> " + versionAfter(w), 21),
                        w.applied().size(), Text.cut(Text.oneLine(w.actor()), 16));
            }
            return MaintenanceCli.EXIT_OK;
        }
    }

    /** {@code migrate show ID}: one recorded window. */
    @Command(name = "show", description = "Show one recorded migration window, with its error if it failed.")
    static final class ShowCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The window's id.")
        String id;

        @Option(names = "--json", description = "Print JSON (the admin endpoint's shape, and 'database').")
        boolean json;

        private final Commands.Root root;
        private final MigrateCommand migrate;

        ShowCommand(Commands.Root root, MigrateCommand migrate) {
            this.root = root;
            this.migrate = migrate;
        }

        @Override
        public Integer call() {
            if (!MigrationHistory.isWindowId(id)) {
                throw new InvalidValueException("ID", id, "must be a migration window id (a lower-case UUID, as "
                        + "'migrate history' lists them)");
            }
            Optional<MigrationRecord> found;
            try (StateAccess access = root.access()) {
                found = access.window(id);
            }
            if (found.isEmpty()) {
                throw new CliFailure("no migration window " + id + " for '" + root.serviceName() + "' in "
                        + root.db().display());
            }
            MigrationRecord w = found.get();
            Recovery recovery = migrate.recovery(w);
            PrintStream out = root.out();
            if (json) {
                Map<String, Object> body = fields(w);
                body.put("recovery", recovery == null ? null : recovery.json());
                root.printJson(body);
                return MaintenanceCli.EXIT_OK;
            }
            root.printDatabase("database: ");
            out.println("window:   " + w.id());
            out.println("service:  " + w.serviceName());
            out.println("outcome:  " + outcome(w));
            out.println("actor:    " + Text.oneLine(w.actor()) + " (" + Text.oneLine(w.holder()) + ")");
            out.println("mode:     " + w.mode().externalName());
            out.println("started:  " + Text.time(w.startedAt()));
            out.println("ended:    " + Text.time(w.endedAt()));
            out.println("version:  " + version(w.versionBefore()) + " -> " + versionAfter(w));
            out.println("planned:  " + w.planned().size());
            for (PendingMigration m : w.planned()) {
                out.printf("  %-10s %-40s %s%n", m.version() == null ? "repeatable" : m.version(),
                        m.description(), m.script());
            }
            out.println("applied:  " + w.applied().size());
            printApplied(out, w.applied());
            if (!w.phaseMillis().isEmpty()) {
                StringBuilder phases = new StringBuilder();
                w.phaseMillis().forEach((phase, millis) -> phases.append(phases.length() == 0 ? "" : ", ")
                        .append(phase.name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(millis)
                        .append(" ms"));
                out.println("phases:   " + phases);
            }
            if (w.note() != null) {
                out.println("note:     " + Text.oneLine(w.note()));
            }
            if (w.interrupted()) {
                out.println("next:     its process stopped before the window ended (its lease expired), leaving "
                        + "maintenance as it was; 'migrate --dry-run' shows what is still pending, then run 'migrate' "
                        + "again, or 'disable'");
            }
            if (w.error() != null) {
                out.println("failed:   " + (w.failedPhase() == null ? "-"
                        : w.failedPhase().name().toLowerCase(java.util.Locale.ROOT)));
                out.println("error:    " + w.error().strip().replace("\n", "\n          "));
            }
            if (recovery != null) {
                out.println("script:   " + (recovery.script() == null ? "-" : recovery.script())
                        + (recovery.recorded() ? ", recorded as failed in the schema history" : ""));
                recovery.lines(10).forEach(out::println);
            }
            return MaintenanceCli.EXIT_OK;
        }
    }

    /** The version a window ended at, or {@code -} while it has not ended ("none" would read as "no schema"). */
    private static String versionAfter(MigrationRecord w) {
        return w.finished() ? version(w.versionAfter()) : "-";
    }

    private static String outcome(MigrationRecord w) {
        if (w.outcome() != null) {
            return w.outcome().name();
        }
        return w.running() ? "RUNNING" : "INTERRUPTED";
    }
}
