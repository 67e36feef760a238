package dev.intermission.cli.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.cli.CliContext;
import dev.intermission.cli.MaintenanceCli;
import dev.intermission.internal.Json;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationLaunch;
import dev.intermission.migration.MigrationPlan;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.PendingMigration;
import dev.intermission.migration.SchemaMigrator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code migrate} command: runs the application's pending Flyway migrations as one maintenance window, or
 * shows what is pending ({@code --dry-run}); {@code migrate history} and {@code migrate show} read the recorded
 * windows. Built only from the {@link CliContext}, as any application's own subcommand would be.
 */
@Command(name = "migrate", sortOptions = false,
        description = {"Run the application's pending migrations as one maintenance window: maintenance on, wait "
                + "until every instance has seen it, migrate, validate, maintenance off. If a step fails, "
                + "maintenance stays on with the message 'migration failed: <reason>'.",
            "Flyway connects with --jdbc-url, --user and --password on connections of its own."},
        footer = {"", "Exit status: 0 migrated or up to date, 1 the window failed or another window is running, "
                + "2 usage error."})
public final class MigrateCommand implements Callable<Integer> {

    /** How often the application's instances refresh the state unless told otherwise. */
    static final Duration DEFAULT_REFRESH = Maintenance.DEFAULT_REFRESH_INTERVAL;

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

    @Option(names = "--mode", paramLabel = "MODE", converter = WindowModeConverter.class,
            description = "Maintenance during the window: full (default) or read-only.")
    Mode mode;

    @Option(names = "--message", paramLabel = "M",
            description = "The message users see (default: '" + MigrationWindow.DEFAULT_MESSAGE + "').")
    String message;

    @Option(names = "--estimate", paramLabel = "DURATION", converter = Times.DurationConverter.class,
            description = "Expected length, shown to users as the expected end: 10m, 1h30m or ISO-8601 (PT10M).")
    Duration estimate;

    @Option(names = "--lock-wait", paramLabel = "DURATION", converter = LockWaitConverter.class,
            description = "How long to wait for a window running elsewhere (default: 1m; 0 to not wait).")
    Duration lockWait;

    @Option(names = "--refresh-interval", paramLabel = "DURATION", converter = Times.DurationConverter.class,
            description = "How often the application's instances refresh the state (default: 1s); after switching "
                    + "maintenance on, the window waits this plus a margin so every instance has seen it.")
    Duration refreshInterval = DEFAULT_REFRESH;

    private final CliContext context;
    private final Map<String, String> flywayConfiguration;

    private MigrateCommand(CliContext context, Map<String, String> flywayConfiguration) {
        this.context = context;
        this.flywayConfiguration = flywayConfiguration;
    }

    /**
     * Builds the command and its {@code history} and {@code show} subcommands for one invocation.
     *
     * @param context             the invocation
     * @param flywayConfiguration the application's own Flyway properties ({@code flyway.locations}...), validated
     * @return the picocli command line to add as a subcommand
     */
    public static CommandLine create(CliContext context, Map<String, String> flywayConfiguration) {
        CommandLine migrate = new CommandLine(new MigrateCommand(context, Map.copyOf(flywayConfiguration)));
        migrate.addSubcommand(new HistoryCommand(context));
        migrate.addSubcommand(new ShowCommand(context));
        return migrate;
    }

    @Override
    public Integer call() {
        SchemaMigrator migrator = migrator();
        if (dryRun) {
            return dryRun(migrator);
        }
        MigrationWindow window;
        try (MaintenanceService service = openService()) {
            MigrationWindow.Builder builder = MigrationWindow.newBuilder(service, migrator);
            option("--actor", () -> builder.actor(context.actor()));
            if (mode != null) {
                option("--mode", () -> builder.mode(mode));
            }
            if (message != null) {
                option("--message", () -> builder.message(message));
            }
            if (estimate != null) {
                option("--estimate", () -> builder.estimate(estimate));
            }
            if (lockWait != null) {
                option("--lock-wait", () -> builder.lockWaitTimeout(lockWait));
            }
            window = builder.build();
            MigrationLaunch launch = window.start();
            PrintStream out = context.out();
            if (!json && !launch.done() && launch.windowId().isPresent()) {
                out.println("migration window " + launch.windowId().get() + " started by " + context.actor()
                        + " for '" + service.serviceName() + "'");
                out.flush();
            }
            return report(launch.join(), service.status());
        }
    }

    private int dryRun(SchemaMigrator migrator) {
        MigrationPlan plan = migrator.plan();
        PrintStream out = context.out();
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("locations", shownLocations());
            body.put("table", shownTable());
            body.put("currentVersion", plan.currentVersion());
            body.put("targetVersion", plan.targetVersion());
            body.put("upToDate", plan.upToDate());
            body.put("pending", plan.pending());
            out.println(Json.write(body));
            return MaintenanceCli.EXIT_OK;
        }
        out.println("locations: " + String.join(", ", shownLocations()));
        out.println("table:     " + shownTable());
        out.println("current:   " + version(plan.currentVersion()));
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

    private int report(MigrationResult result, MaintenanceStatus status) {
        PrintStream out = context.out();
        if (json) {
            out.println(Json.write(result));
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
                    if (result.maintenanceOn()) {
                        out.println("maintenance stays on: it was switched on before the window");
                    }
                }
                return MaintenanceCli.EXIT_OK;
            }
            case ALREADY_RUNNING -> {
                failure("another migration window is running", result.windowId());
                return MaintenanceCli.EXIT_FAILURE;
            }
            default -> {
                if (!json) {
                    if (!result.applied().isEmpty()) {
                        out.println("applied before the failure:");
                        printApplied(out, result.applied());
                    }
                    if (result.maintenanceOn()) {
                        out.println("maintenance stays on: fix the cause and run migrate again, or switch it off "
                                + "with 'disable'");
                    }
                }
                failure(reason(result, status), result.windowId());
                return MaintenanceCli.EXIT_FAILURE;
            }
        }
    }

    private void failure(String reason, String windowId) {
        context.out().flush();
        PrintStream err = context.err();
        err.println(MigrationWindow.FAILURE_MESSAGE_PREFIX + reason + (windowId == null ? "" : " (window "
                + windowId + ")"));
        err.flush();
    }

    /** The short reason: the one maintenance shows after the window failed, or the error's first line. */
    private static String reason(MigrationResult result, MaintenanceStatus status) {
        String shown = status.message();
        if (result.windowId() != null && result.maintenanceOn() && shown != null
                && shown.startsWith(MigrationWindow.FAILURE_MESSAGE_PREFIX)) {
            return shown.substring(MigrationWindow.FAILURE_MESSAGE_PREFIX.length());
        }
        String error = result.error() == null ? "unknown error"
                : result.error().strip().lines().findFirst().orElse("unknown error");
        int colon = error.indexOf(": ");
        if (colon > 0 && error.substring(0, colon).matches("[A-Za-z0-9_$.]+")) {
            error = error.substring(colon + 2);
        }
        return error.replaceAll("\\p{Cntrl}", " ");
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
        Map<String, String> properties = new LinkedHashMap<>(flywayConfiguration);
        properties.put("flyway.url", context.jdbcUrl());
        if (context.user() != null) {
            properties.put("flyway.user", context.user());
        }
        if (context.password() != null) {
            properties.put("flyway.password", context.password());
        }
        FlywayMigrator.Builder builder = FlywayMigrator.newBuilder().configuration(properties)
                .repairFailedMigrations(repairFailed);
        if (table != null) {
            option("--flyway-table", () -> builder.table(table));
        }
        if (!locations.isEmpty()) {
            option("--location", () -> builder.addLocations(locations.toArray(String[]::new)));
        }
        return builder.build();
    }

    private MaintenanceService openService() {
        MaintenanceService service;
        try {
            service = Maintenance.newBuilder()
                    .jdbcUrl(context.jdbcUrl(), context.user(), context.password())
                    .serviceName(context.serviceName())
                    .tablePrefix(context.tablePrefix())
                    .poolSize(Commands.POOL_SIZE)
                    .connectionTimeout(Commands.CONNECTION_TIMEOUT)
                    .refreshInterval(refreshInterval)
                    .build();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("refreshInterval")) {
                throw usage("--refresh-interval", e);
            }
            throw e;
        }
        try {
            if (service.status().lastRefreshed() == null) {
                // The first read failed (the builder degrades quietly): read again to report why.
                service.refresh();
            }
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
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

    /** Applies an option's value, turning the library's refusal into a usage error naming the option. */
    private void option(String name, Runnable apply) {
        try {
            apply.run();
        } catch (IllegalArgumentException e) {
            throw usage(name, e);
        }
    }

    private ParameterException usage(String option, IllegalArgumentException e) {
        String detail = Commands.oneLine(e);
        int colon = detail.indexOf(": ");
        if (colon > 0 && colon < 40 && detail.substring(0, colon).matches("[A-Za-z.]+")) {
            detail = detail.substring(colon + 2);
        }
        return new ParameterException(spec.commandLine(), option + ": " + detail, e);
    }

    // ---- converters

    /** Converts {@code full} and {@code read-only} (any case, {@code _} or {@code -}). */
    static final class WindowModeConverter implements ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            if (v.equals("FULL")) {
                return Mode.FULL;
            }
            if (v.equals("READ_ONLY") || v.equals("READONLY")) {
                return Mode.READ_ONLY;
            }
            throw new TypeConversionException("'" + value + "' is not a window mode: use full or read-only");
        }
    }

    /** Converts a duration that may be zero ({@code 0} for no wait). */
    static final class LockWaitConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
            if (v.matches("0+[dhms]?") || v.equals("pt0s")) {
                return Duration.ZERO;
            }
            try {
                return Times.parseDuration(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    // ---- history and show

    /** {@code migrate history}: the recorded windows, newest first. */
    @Command(name = "history", description = "Show the recorded migration windows, newest first.")
    static final class HistoryCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--limit", paramLabel = "N", description = "How many windows (1-"
                + MigrationHistory.MAX_LIMIT + ", default: ${DEFAULT-VALUE}).")
        int limit = 20;

        @Option(names = "--json", description = "Print JSON (the HTTP endpoint's shape).")
        boolean json;

        private final CliContext context;

        HistoryCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Commands.checkLimit(spec.commandLine(), limit, MigrationHistory.MAX_LIMIT);
            try (MaintenanceService service = context.openService()) {
                List<MigrationRecord> windows = MigrationHistory.of(service).recent(limit);
                PrintStream out = context.out();
                if (json) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("service", service.serviceName());
                    body.put("windows", windows);
                    out.println(Json.write(body));
                    return MaintenanceCli.EXIT_OK;
                }
                if (windows.isEmpty()) {
                    out.println("no migration windows recorded for '" + service.serviceName() + "'");
                    return MaintenanceCli.EXIT_OK;
                }
                out.printf("%-36s  %-24s  %-11s  %-21s  %-7s  %s%n", "WINDOW", "STARTED", "OUTCOME", "VERSION",
                        "APPLIED", "ACTOR");
                for (MigrationRecord w : windows) {
                    out.printf("%-36s  %-24s  %-11s  %-21s  %-7d  %s%n", w.id(), w.startedAt(), outcome(w),
                            version(w.versionBefore()) + " -> " + version(w.versionAfter()), w.applied().size(),
                            w.actor());
                }
                return MaintenanceCli.EXIT_OK;
            }
        }
    }

    /** {@code migrate show ID}: one recorded window. */
    @Command(name = "show", description = "Show one recorded migration window.")
    static final class ShowCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The window's id.")
        String id;

        @Option(names = "--json", description = "Print JSON (the HTTP endpoint's shape).")
        boolean json;

        private final CliContext context;

        ShowCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (!MigrationHistory.isWindowId(id)) {
                throw new ParameterException(spec.commandLine(), "ID: '" + id + "' is not a migration window id "
                        + "(expected a lower-case UUID)");
            }
            try (MaintenanceService service = context.openService()) {
                Optional<MigrationRecord> found = MigrationHistory.of(service).find(id);
                if (found.isEmpty()) {
                    throw new IllegalStateException("no migration window " + id + " for '" + service.serviceName()
                            + "'");
                }
                MigrationRecord w = found.get();
                PrintStream out = context.out();
                if (json) {
                    out.println(Json.write(w));
                    return MaintenanceCli.EXIT_OK;
                }
                out.println("window:   " + w.id());
                out.println("service:  " + w.serviceName());
                out.println("outcome:  " + outcome(w));
                out.println("actor:    " + w.actor() + " (" + w.holder() + ")");
                out.println("mode:     " + w.mode());
                out.println("started:  " + w.startedAt());
                out.println("ended:    " + (w.endedAt() == null ? "-" : w.endedAt()));
                out.println("version:  " + version(w.versionBefore()) + " -> " + version(w.versionAfter()));
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
                            .append(phase).append(' ').append(millis).append(" ms"));
                    out.println("phases:   " + phases);
                }
                if (w.error() != null) {
                    out.println("failed:   " + w.failedPhase());
                    out.println("error:    " + w.error().replace("\n", "\n          "));
                }
                return MaintenanceCli.EXIT_OK;
            }
        }
    }

    private static String outcome(MigrationRecord w) {
        if (w.outcome() != null) {
            return w.outcome().name();
        }
        return w.running() ? "RUNNING" : "INTERRUPTED";
    }
}
