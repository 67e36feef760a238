package dev.intermission.cli.internal;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import dev.intermission.HistoryEntry;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.ScheduledWindow;
import dev.intermission.cli.CliContext;
import dev.intermission.cli.MaintenanceCli;
import dev.intermission.internal.Json;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The picocli commands behind {@link MaintenanceCli}, and how one invocation runs and reports. */
public final class Commands {

    /** How long the CLI waits for a database connection. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The CLI's pool: one connection for its work, and a second one because creating the library's schema on a
     * fresh database (the migration tool) needs two at once; a pool of one waits for itself.
     */
    static final int POOL_SIZE = 2;

    private Commands() {
    }

    /** Runs one invocation; see {@link MaintenanceCli#run}. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
            List<Function<CliContext, Object>> extras) {
        Root root = new Root(out, err, env);
        CommandLine cli = new CommandLine(root);
        cli.addSubcommand(new StatusCommand(root));
        cli.addSubcommand(new EnableCommand(root));
        cli.addSubcommand(new DisableCommand(root));
        cli.addSubcommand(new HistoryCommand(root));
        CommandLine schedule = new CommandLine(new ScheduleCommand());
        schedule.addSubcommand(new ScheduleSetCommand(root));
        schedule.addSubcommand(new ScheduleCancelCommand(root));
        cli.addSubcommand(schedule);
        for (Function<CliContext, Object> extra : extras) {
            cli.addSubcommand(extra.apply(root));
        }
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, a) -> usageError(e));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ParameterException pe) {
                return usageError(pe);
            }
            commandLine.getErr().println("error: " + oneLine(e));
            commandLine.getErr().flush();
            return MaintenanceCli.EXIT_FAILURE;
        });
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int usageError(ParameterException e) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + oneLine(e));
        CommandLine.Help help = command.getHelp();
        err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return MaintenanceCli.EXIT_USAGE;
    }

    /** Returns the first line of the exception's message, or its type when it has none. */
    /**
     * Checks a {@code --limit} option: a usage error (exit 2) naming it when outside 1 to {@code max}.
     */
    static void checkLimit(CommandLine command, int limit, int max) {
        if (limit < 1 || limit > max) {
            throw new ParameterException(command, "--limit: must be between 1 and " + max + ", was " + limit);
        }
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message).strip();
    }

    // ------------------------------------------------------------------------------------------- root

    /** The top command: the connection and identity options, shared by every subcommand. */
    @Command(name = "intermission", mixinStandardHelpOptions = false, sortOptions = false,
            description = "Reads and switches maintenance mode in the database, even while the application is down.",
            footer = {"", "Environment: " + MaintenanceCli.JDBC_URL_ENV + ", " + MaintenanceCli.JDBC_USER_ENV + ", "
                    + MaintenanceCli.JDBC_PASSWORD_ENV + " stand in for --jdbc-url, --user and --password.",
                "Exit status: 0 success, 1 failure (database unreachable, conflict, invalid value), 2 usage error."})
    public static final class Root implements Callable<Integer>, CliContext {

        @Spec
        CommandSpec spec;

        @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT,
                description = "Show this help and exit.")
        boolean help;

        @Option(names = "--jdbc-url", paramLabel = "URL", scope = ScopeType.INHERIT,
                description = "JDBC URL of the database (or " + MaintenanceCli.JDBC_URL_ENV + ").")
        String jdbcUrl;

        @Option(names = "--user", paramLabel = "USER", scope = ScopeType.INHERIT,
                description = "Database user (or " + MaintenanceCli.JDBC_USER_ENV + ").")
        String user;

        @Option(names = "--password", paramLabel = "PASSWORD", scope = ScopeType.INHERIT,
                description = "Database password (or, better, " + MaintenanceCli.JDBC_PASSWORD_ENV + ").")
        String password;

        @Option(names = "--service", paramLabel = "NAME", scope = ScopeType.INHERIT,
                description = "Service name (default: ${DEFAULT-VALUE}).")
        String service = Maintenance.DEFAULT_SERVICE_NAME;

        @Option(names = "--table-prefix", paramLabel = "PREFIX", scope = ScopeType.INHERIT,
                description = "Prefix of the library's tables (default: none).")
        String tablePrefix = "";

        @Option(names = "--actor", paramLabel = "NAME", scope = ScopeType.INHERIT,
                description = "Who is acting, recorded in the history (default: the operating-system user).")
        String actor;

        private final PrintStream out;
        private final PrintStream err;
        private final Map<String, String> env;

        Root(PrintStream out, PrintStream err, Map<String, String> env) {
            this.out = out;
            this.err = err;
            this.env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        }

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "missing command: give one of "
                    + String.join(", ", spec.subcommands().keySet()));
        }

        @Override
        public PrintStream out() {
            return out;
        }

        @Override
        public PrintStream err() {
            return err;
        }

        @Override
        public Map<String, String> env() {
            return env;
        }

        @Override
        public String jdbcUrl() {
            String url = jdbcUrl != null ? jdbcUrl : env.get(MaintenanceCli.JDBC_URL_ENV);
            if (url == null || url.isBlank()) {
                throw new ParameterException(spec.commandLine(), "no database given: use --jdbc-url or set "
                        + MaintenanceCli.JDBC_URL_ENV);
            }
            return url.strip();
        }

        @Override
        public String user() {
            return user != null ? user : env.get(MaintenanceCli.JDBC_USER_ENV);
        }

        @Override
        public String password() {
            return password != null ? password : env.get(MaintenanceCli.JDBC_PASSWORD_ENV);
        }

        @Override
        public String serviceName() {
            return service;
        }

        @Override
        public String tablePrefix() {
            return tablePrefix;
        }

        @Override
        public String actor() {
            if (actor != null) {
                return actor;
            }
            String os = System.getProperty("user.name");
            return os == null || os.isBlank() ? "cli" : os;
        }

        @Override
        public MaintenanceService openService() {
            String url = jdbcUrl();
            MaintenanceService service = Maintenance.newBuilder()
                    .jdbcUrl(url, user(), password())
                    .serviceName(serviceName())
                    .tablePrefix(tablePrefix())
                    .poolSize(POOL_SIZE)
                    .connectionTimeout(CONNECTION_TIMEOUT)
                    .refreshInterval(Maintenance.MAX_REFRESH_INTERVAL)
                    .build();
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
    }

    /** The change options shared by the changing commands. */
    abstract static class ChangeCommand implements Callable<Integer> {

        @Option(names = "--expected-version", paramLabel = "N",
                description = "Apply only if the state is still at this version (else exit 1).")
        Long expectedVersion;

        final Root root;

        ChangeCommand(Root root) {
            this.root = root;
        }

        /** Applies the change built here, with the actor and origin, and prints the outcome. */
        int apply(MaintenanceChange.Builder change, Function<MaintenanceStatus, String> outcome) {
            if (expectedVersion != null) {
                change.expectedVersion(expectedVersion);
            }
            change.actor(root.actor()).origin(Origin.CLI);
            try (MaintenanceService service = root.openService()) {
                MaintenanceStatus status = service.apply(change.build());
                root.out().println(outcome.apply(status));
            }
            return MaintenanceCli.EXIT_OK;
        }
    }

    // ------------------------------------------------------------------------------------------- status

    @Command(name = "status", description = "Show the maintenance state.")
    static final class StatusCommand implements Callable<Integer> {

        @Option(names = "--json", description = "Print JSON (the HTTP endpoint's shape).")
        boolean json;

        private final Root root;

        StatusCommand(Root root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            try (MaintenanceService service = root.openService()) {
                MaintenanceStatus s = service.status();
                PrintStream out = root.out();
                if (json) {
                    out.println(Json.write(Json.status(s)));
                    return MaintenanceCli.EXIT_OK;
                }
                out.println("service:     " + s.serviceName());
                out.println("maintenance: " + (s.maintenance() ? "on (" + s.effectiveMode() + ")" : "off"));
                if (s.effectiveMode() != s.mode()) {
                    out.println("switched:    " + s.mode() + " (the scheduled window is stricter)");
                }
                if (s.effectiveMessage() != null) {
                    out.println("message:     " + s.effectiveMessage());
                }
                if (s.effectiveSince() != null) {
                    out.println("since:       " + s.effectiveSince());
                }
                if (s.effectiveUntil() != null) {
                    out.println("until:       " + s.effectiveUntil());
                }
                out.println("version:     " + s.version());
                if (s.changedBy() != null) {
                    out.println("changed by:  " + s.changedBy() + " at " + s.changedAt());
                }
                if (s.window() != null) {
                    ScheduledWindow w = s.window();
                    out.println("window:      " + w.mode() + " from " + w.start() + " to " + w.end()
                            + (s.upcomingWindow().isPresent() ? " (upcoming)" : " (open)")
                            + (w.message() == null ? "" : ": " + w.message()));
                }
                return MaintenanceCli.EXIT_OK;
            }
        }
    }

    // ------------------------------------------------------------------------------------------- enable

    @Command(name = "enable", description = "Switch maintenance on (FULL, or READ_ONLY with --read-only).")
    static final class EnableCommand extends ChangeCommand {

        @Option(names = "--read-only", description = "Refuse writes only; safe requests still pass.")
        boolean readOnly;

        @Option(names = "--message", paramLabel = "M", description = "The message shown to users.")
        String message;

        @ArgGroup(exclusive = true)
        End end;

        static final class End {
            @Option(names = "--until", paramLabel = "T", converter = Times.InstantConverter.class,
                    description = "Expected end: ISO-8601 (2030-01-31T18:00:00Z, with an offset, or local time).")
            Instant until;

            @Option(names = "--for", paramLabel = "DURATION", converter = Times.DurationConverter.class,
                    description = "Expected length: 30m, 1h30m, 2h, 45s, 1d or ISO-8601 (PT20M).")
            Duration duration;
        }

        EnableCommand(Root root) {
            super(root);
        }

        @Override
        public Integer call() {
            MaintenanceChange.Builder change = MaintenanceChange.enable(readOnly ? Mode.READ_ONLY : Mode.FULL)
                    .message(message);
            if (end != null && end.until != null) {
                change.until(end.until);
            }
            if (end != null && end.duration != null) {
                change.expectedDuration(end.duration);
            }
            return apply(change, s -> "maintenance on (" + s.mode() + ") for '" + s.serviceName() + "'"
                    + (s.until() == null ? "" : " until " + s.until()) + ", version " + s.version());
        }
    }

    @Command(name = "disable", description = "Switch maintenance off.")
    static final class DisableCommand extends ChangeCommand {

        DisableCommand(Root root) {
            super(root);
        }

        @Override
        public Integer call() {
            return apply(MaintenanceChange.disable(), s -> "maintenance off for '" + s.serviceName() + "'"
                    + (s.maintenance() ? " (a scheduled window still applies: " + s.effectiveMode() + ")" : "")
                    + ", version " + s.version());
        }
    }

    // ------------------------------------------------------------------------------------------- history

    @Command(name = "history", description = "Show the audit history, newest first.")
    static final class HistoryCommand implements Callable<Integer> {

        @Option(names = "--limit", paramLabel = "N", description = "How many entries (1-"
                + MaintenanceService.MAX_HISTORY_LIMIT + ", default: ${DEFAULT-VALUE}).")
        int limit = 20;

        @Option(names = "--json", description = "Print JSON (the HTTP endpoint's shape).")
        boolean json;

        private final Root root;

        HistoryCommand(Root root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            checkLimit(root.spec.commandLine().getSubcommands().get("history"), limit,
                    MaintenanceService.MAX_HISTORY_LIMIT);
            try (MaintenanceService service = root.openService()) {
                List<HistoryEntry> entries = service.history(limit);
                PrintStream out = root.out();
                if (json) {
                    List<Map<String, Object>> list = new ArrayList<>();
                    entries.forEach(e -> list.add(Json.history(e)));
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("service", service.serviceName());
                    body.put("entries", list);
                    out.println(Json.write(body));
                    return MaintenanceCli.EXIT_OK;
                }
                if (entries.isEmpty()) {
                    out.println("no changes recorded for '" + service.serviceName() + "'");
                    return MaintenanceCli.EXIT_OK;
                }
                out.printf("%-8s %-24s %-16s %-10s %-20s %-9s %-16s %s%n", "VERSION", "AT", "ACTION", "MODE",
                        "ACTOR", "ORIGIN", "ADDRESS", "DETAIL");
                for (HistoryEntry e : entries) {
                    String detail = e.message() == null ? "" : e.message();
                    if (e.until() != null) {
                        detail += (detail.isEmpty() ? "" : " ") + "until " + e.until();
                    }
                    if (e.window() != null && e.action() == dev.intermission.Action.SCHEDULE) {
                        detail = "window " + e.window().mode() + " " + e.window().start() + " to " + e.window().end();
                    }
                    out.printf("%-8d %-24s %-16s %-10s %-20s %-9s %-16s %s%n", e.version(), e.at(), e.action(),
                            e.newMode(), e.actor(), e.origin(), e.clientAddress() == null ? "-" : e.clientAddress(),
                            detail.replace('\n', ' '));
                }
                return MaintenanceCli.EXIT_OK;
            }
        }
    }

    // ------------------------------------------------------------------------------------------- schedule

    @Command(name = "schedule", description = "Set or cancel the scheduled maintenance window.")
    static final class ScheduleCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "missing command: give set or cancel");
        }
    }

    @Command(name = "set", description = "Plan a window: maintenance from --start to --end, on every instance.")
    static final class ScheduleSetCommand extends ChangeCommand {

        @Option(names = "--start", required = true, paramLabel = "T", converter = Times.InstantConverter.class,
                description = "When the window opens: ISO-8601, or 'now'.")
        Instant start;

        @Option(names = "--end", required = true, paramLabel = "T", converter = Times.InstantConverter.class,
                description = "When the window closes: ISO-8601.")
        Instant end;

        @Option(names = "--read-only", description = "READ_ONLY during the window (default FULL).")
        boolean readOnly;

        @Option(names = "--message", paramLabel = "M", description = "The message shown during the window.")
        String message;

        ScheduleSetCommand(Root root) {
            super(root);
        }

        @Override
        public Integer call() {
            ScheduledWindow window = new ScheduledWindow(start, end, readOnly ? Mode.READ_ONLY : Mode.FULL, message);
            return apply(MaintenanceChange.schedule(window), s -> "window scheduled for '" + s.serviceName() + "': "
                    + window.mode() + " from " + window.start() + " to " + window.end() + ", version " + s.version());
        }
    }

    @Command(name = "cancel", description = "Cancel the scheduled window.")
    static final class ScheduleCancelCommand extends ChangeCommand {

        ScheduleCancelCommand(Root root) {
            super(root);
        }

        @Override
        public Integer call() {
            return apply(MaintenanceChange.cancelSchedule(), s -> "window cancelled for '" + s.serviceName()
                    + "', version " + s.version());
        }
    }
}
