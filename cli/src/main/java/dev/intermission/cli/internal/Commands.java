package dev.intermission.cli.internal;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.intermission.InvalidValueException;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.internal.StoreFailures;
import dev.intermission.cli.CliContext;
import dev.intermission.cli.MaintenanceCli;
import dev.intermission.internal.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The picocli command tree behind {@link MaintenanceCli}, and how one invocation runs and reports. */
public final class Commands {

    private Commands() {
    }

    /**
     * Runs one invocation; see {@link MaintenanceCli#run}.
     *
     * @param args                the arguments
     * @param out                 where results go
     * @param err                 where errors go
     * @param env                 the environment
     * @param flywayConfiguration the application's Flyway properties for {@code migrate}
     * @param defaultDatabase     the database used when none is given, or {@code null}
     * @param extras              the application's own subcommands
     * @return the exit status
     */
    public static int run(String[] given, PrintStream out, PrintStream err, Map<String, String> env,
            Map<String, String> flywayConfiguration, Database defaultDatabase,
            List<Function<CliContext, Object>> extras) {
        String[] args = groupHelp(given);
        if (extras.isEmpty() && "status".equals(onlyCommand(args))) {
            Integer fast = fastStatus(args, out, err, env, defaultDatabase);
            if (fast != null) {
                return fast;
            }
        }
        Root root = new Root(out, err, env, defaultDatabase, List.of(args).contains("--json"));
        CommandLine cli = new CommandLine(root);
        // Picocli builds each command's model by reflection, which is most of a short run's start-up: when the
        // arguments name one built-in command (and ask for no help), only that one is built.
        String only = extras.isEmpty() ? onlyCommand(args) : null;
        Builtins add = (name, command) -> {
            if (only == null || only.equals(name)) {
                cli.addSubcommand(name, command.get());
            }
        };
        add.to("status", () -> new StateCommands.Status(root));
        add.to("enable", () -> new StateCommands.Enable(root));
        add.to("disable", () -> new StateCommands.Disable(root));
        add.to("history", () -> new StateCommands.History(root));
        add.to("instances", () -> new StateCommands.Instances(root));
        add.to("schedule", () -> {
            CommandLine schedule = new CommandLine(new StateCommands.Schedule());
            schedule.addSubcommand(new StateCommands.ScheduleSet(root));
            schedule.addSubcommand(new StateCommands.ScheduleCancel(root));
            return schedule;
        });
        add.to("migrate", () -> MigrateCommand.create(root, flywayConfiguration));
        add.to("schema", () -> new SchemaCommand(root));
        add.to("repair", () -> new RepairCommand(root));
        add.to("notifications", () -> new NotificationsCommand(root));
        for (Function<CliContext, Object> extra : extras) {
            cli.addSubcommand(extra.apply(root));
        }
        add.to("help", Help::new);
        cli.getSubcommands().values().forEach(Commands::hideInherited);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionStrategy(parseResult -> {
            for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
                if (p.isUsageHelpRequested()) {
                    printUsage(p.commandSpec().commandLine(), cli.getOut());
                    return MaintenanceCli.EXIT_OK;
                }
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cli.setParameterExceptionHandler((e, a) -> root.usageError(e.getCommandLine(), describe(e), e));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> root.failure(e, commandLine));
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * {@code status}, the command scripts and people run most, without picocli's model when its arguments are
     * plain: the root's options, {@code --json}, {@code --check}, {@code --verbose}. Anything else, and any usage
     * error, returns {@code null} for the full command line to run it again from the start (it only reads), so
     * that errors and usage read exactly the same.
     */
    private static Integer fastStatus(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
            Database defaultDatabase) {
        Root root = new Root(out, err, env, defaultDatabase, List.of(args).contains("--json"));
        StateCommands.Status status = new StateCommands.Status(root);
        boolean commandSeen = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            String name = arg;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (ROOT_VALUE_OPTIONS.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        return null;
                    }
                    value = args[++i];
                }
                if (!root.setOption(name, value)) {
                    return null;
                }
            } else if (arg.equals("-v") || arg.equals("--verbose")) {
                root.verbose = true;
            } else if (commandSeen && arg.equals("--json")) {
                status.json = true;
            } else if (commandSeen && arg.equals("--check")) {
                status.check = true;
            } else if (!commandSeen && arg.equals("status")) {
                commandSeen = true;
            } else {
                return null;
            }
        }
        if (!commandSeen || !root.databaseGiven()) {
            return null;
        }
        try {
            return status.call();
        } catch (ParameterException | IllegalArgumentException e) {
            return null;
        } catch (RuntimeException e) {
            return root.failure(e, null);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Adds one built-in command by name, building it only when it is wanted. */
    @FunctionalInterface
    private interface Builtins {
        void to(String name, Supplier<Object> command);
    }

    /** The root's options that take a value (the next argument, unless given as {@code --option=value}). */
    private static final Set<String> ROOT_VALUE_OPTIONS = Set.of("--jdbc-url", "--user",
            "--password", "--service", "--table-prefix", "--actor");
    /** The built-in commands that can be built alone. */
    private static final Set<String> BUILT_IN = Set.of("status", "enable", "disable", "history",
            "instances", "schedule", "migrate", "schema");

    /**
     * The one built-in command the arguments name, or {@code null} to build every command: for help, for a word
     * that is not a built-in command (its error lists them all), and when nothing is named.
     */
    static String onlyCommand(String[] args) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("help")) {
                return null;
            }
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            if (ROOT_VALUE_OPTIONS.contains(arg)) {
                i++;
            } else if (arg.startsWith("--") && equals > 0 && ROOT_VALUE_OPTIONS.contains(arg.substring(0, equals))
                    || arg.equals("-v") || arg.equals("--verbose")) {
                continue;
            } else if (arg.startsWith("-")) {
                return null; // not the root's: its error shows the root's whole usage
            } else {
                return BUILT_IN.contains(arg) ? arg : null;
            }
        }
        return null;
    }

    /** The commands that hold commands of their own. */
    private static final Set<String> GROUPS = Set.of("migrate", "schedule");

    /**
     * {@code migrate help} and {@code schedule help [COMMAND]} read as {@code help migrate ...}: the word operators
     * type after a command that holds others.
     */
    static String[] groupHelp(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (ROOT_VALUE_OPTIONS.contains(arg)) {
                i++;
            } else if (arg.startsWith("-")) {
                continue;
            } else {
                if (GROUPS.contains(arg) && i + 1 < args.length && args[i + 1].equals("help")) {
                    List<String> rewritten = new ArrayList<>(List.of(args).subList(0, i));
                    rewritten.add("help");
                    rewritten.add(arg);
                    rewritten.addAll(List.of(args).subList(i + 2, args.length));
                    return rewritten.toArray(String[]::new);
                }
                return args;
            }
        }
        return args;
    }

    /** The reason of a usage error; a refused option value is named by the option the operator wrote. */
    private static String describe(ParameterException e) {
        InvalidValueException invalid = find(e, InvalidValueException.class);
        if (invalid != null) {
            ArgSpec spec = e.getArgSpec();
            String name = spec instanceof OptionSpec option ? option.longestName()
                    : spec != null ? spec.paramLabel() : invalid.field();
            return Text.oneLine(invalid.withField(name).getMessage());
        }
        return picocliReason(Text.firstLine(e), e instanceof CommandLine.UnmatchedArgumentException
                && e.getCommandLine().getCommandSpec().parent() == null
                ? e.getCommandLine().getSubcommands().keySet() : null);
    }

    /** Patterns for picocli's messages, compiled on the first usage error rather than by every command. */
    private static final class Picocli {
        static final Pattern LABELLED = Pattern.compile(
                "'?(--?[A-Za-z0-9][\\w-]*)=([^',\\]}\\s]+)'?");
        static final Pattern GROUP_MATCH = Pattern.compile(
                "\\{(--?[A-Za-z0-9][\\w-]*)=");
    }

    /**
     * One clean sentence from picocli's message, naming the option as the operator writes it: no "Error: " of its
     * own (the line already starts with "error: "), no {@code =LABEL} after option names.
     *
     * @param message  picocli's message
     * @param commands the commands to list when an unknown word was given where a command belongs, or {@code null}
     */
    static String picocliReason(String message, Collection<String> commands) {
        String m = message.strip();
        while (m.regionMatches(true, 0, "error: ", 0, 7)) {
            m = m.substring(7).strip();
        }
        Matcher matcher;
        if (m.startsWith("expected only one match but got")) {
            LinkedHashSet<String> names = new LinkedHashSet<>();
            matcher = Picocli.GROUP_MATCH.matcher(m);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            if (names.size() == 1) {
                return names.iterator().next() + ": given more than once; give it once";
            }
            if (!names.isEmpty()) {
                return String.join(" and ", names) + " cannot be used together: give only one";
            }
        }
        if ((matcher = Pattern.compile("^(.*) are mutually exclusive.*$").matcher(m)).matches()) {
            List<String> names = List.of(Picocli.LABELLED.matcher(matcher.group(1)).replaceAll("$1")
                    .split(",\\s*"));
            return String.join(" and ", names) + " cannot be used together: give only one";
        }
        if ((matcher = Pattern.compile("^option '(--?[\\w-]+)' \\([^)]*\\) should be specified only "
                + "once.*$").matcher(m)).matches()) {
            return matcher.group(1) + ": given more than once; give it once";
        }
        if ((matcher = Pattern.compile("^Invalid value for option '(--?[\\w-]+)': '(.*)' is not an? "
                + "(?:int|long).*$").matcher(m)).matches()) {
            return matcher.group(1) + ": '" + matcher.group(2) + "' is not a whole number";
        }
        if ((matcher = Pattern.compile("^Invalid value for option '(--?[\\w-]+)': (.*)$").matcher(m))
                .matches()) {
            return matcher.group(1) + ": " + matcher.group(2);
        }
        if ((matcher = Pattern.compile("^Missing required parameter for option '(--?[\\w-]+)' "
                + "\\((.*)\\)$").matcher(m)).matches()) {
            return matcher.group(1) + ": missing its value (" + matcher.group(2) + ")";
        }
        if ((matcher = Pattern.compile("^Missing required options?: (.*)$").matcher(m)).matches()) {
            String names = Picocli.LABELLED.matcher(matcher.group(1)).replaceAll("$1 ($2)");
            return (names.contains(",") ? "missing required options: " : "missing required option: ") + names;
        }
        if ((matcher = Pattern.compile("^Missing required parameters?: (.*)$").matcher(m))
                .matches()) {
            return "missing " + matcher.group(1).replace("'", "");
        }
        if ((matcher = Pattern.compile("^Unmatched arguments? from index \\d+: (.*)$|"
                + "^Unmatched argument at index \\d+: (.*)$").matcher(m)).matches()) {
            String words = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            if (commands != null) {
                return "unknown command " + words + "; commands: " + String.join(", ", commands);
            }
            return "unexpected argument " + words;
        }
        if ((matcher = Pattern.compile("^Unknown options?: (.*)$").matcher(m)).matches()) {
            return "unknown option " + matcher.group(1);
        }
        m = Picocli.LABELLED.matcher(m).replaceAll("$1");
        // A sentence's first word in lower case, as the CLI's own messages; a name (COMMAND, ID) stays as it is.
        return m.length() > 1 && Character.isLowerCase(m.charAt(1)) ? Character.toLowerCase(m.charAt(0))
                + m.substring(1) : m;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * Keeps the shared options (inherited from the root) working on every subcommand, but lists them only once,
     * in the root's usage, so each command's usage shows its own options.
     */
    private static void hideInherited(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        for (OptionSpec option : List.copyOf(spec.options())) {
            if (option.inherited() && !option.hidden()) {
                spec.remove(option);
                spec.addOption(option.toBuilder().hidden(true).scopeType(ScopeType.LOCAL).build());
            }
        }
        String[] footer = spec.usageMessage().footer();
        String[] withShared = java.util.Arrays.copyOf(footer, footer.length + 1);
        withShared[footer.length] = "The options of 'intermission' (--jdbc-url, --user, --password, --service, "
                + "--table-prefix, --actor, --verbose, --help) apply here too.";
        spec.usageMessage().footer(withShared);
        command.getSubcommands().values().forEach(Commands::hideInherited);
    }

    /** Prints a command's usage and then that of each of its subcommands, all the way down. */
    static void printUsage(CommandLine command, PrintWriter out) {
        out.print(command.getUsageMessage());
        for (CommandLine sub : command.getSubcommands().values()) {
            if (sub.getCommandSpec().userObject() instanceof Help) {
                continue;
            }
            out.println();
            out.println("-".repeat(Math.min(80, command.getUsageHelpWidth())));
            printUsage(sub, out);
        }
        out.flush();
    }

    // ------------------------------------------------------------------------------------------- root

    /** The top command: the connection and identity options, shared by every subcommand. */
    @Command(name = "intermission", sortOptions = false, usageHelpAutoWidth = false,
            description = {"Reads and switches maintenance mode straight in the application's database, even while "
                    + "the application is down. Every command names the database it used."},
            commandListHeading = "%nCommands:%n",
            footer = {"", "Environment: " + MaintenanceCli.JDBC_URL_ENV + ", " + MaintenanceCli.JDBC_USER_ENV + " and "
                    + MaintenanceCli.JDBC_PASSWORD_ENV + " stand in for --jdbc-url, --user and --password.",
                "Exit status: " + MaintenanceCli.EXIT_OK + " success; " + MaintenanceCli.EXIT_FAILURE
                    + " failure (database missing or unreachable, no library tables, version conflict, migration "
                    + "failed); " + MaintenanceCli.EXIT_USAGE + " usage error or refused option value (nothing "
                    + "changed); " + MaintenanceCli.EXIT_MAINTENANCE_ON + " maintenance is on (status --check)."})
    public static final class Root implements Callable<Integer>, CliContext {

        @Spec
        CommandSpec spec;

        @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT,
                description = "Show the usage of this command and of every command under it, and exit.")
        boolean help;

        @Option(names = "--jdbc-url", paramLabel = "URL", scope = ScopeType.INHERIT,
                description = "JDBC URL of the application's database (or " + MaintenanceCli.JDBC_URL_ENV + ").")
        String jdbcUrl;

        @Option(names = "--user", paramLabel = "USER", scope = ScopeType.INHERIT,
                description = "Database user (or " + MaintenanceCli.JDBC_USER_ENV + ").")
        String user;

        @Option(names = "--password", paramLabel = "PASSWORD", scope = ScopeType.INHERIT,
                description = "Database password (or, better, " + MaintenanceCli.JDBC_PASSWORD_ENV + "); never shown.")
        String password;

        @Option(names = "--service", paramLabel = "NAME", scope = ScopeType.INHERIT,
                description = "Service name (default: " + Maintenance.DEFAULT_SERVICE_NAME + ").")
        String service;

        @Option(names = "--table-prefix", paramLabel = "PREFIX", scope = ScopeType.INHERIT,
                description = "Prefix of the library's tables (default: none).")
        String tablePrefix;

        @Option(names = "--actor", paramLabel = "NAME", scope = ScopeType.INHERIT,
                description = "Who is acting, recorded in the history (default: the operating-system user).")
        String actor;

        @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
                description = "Show the library's log and the stack trace of a failure on standard error.")
        boolean verbose;

        private final PrintStream out;
        private final PrintStream err;
        private final Map<String, String> env;
        private final Database defaultDatabase;
        private final boolean json;
        private Database database;

        Root(PrintStream out, PrintStream err, Map<String, String> env, Database defaultDatabase, boolean json) {
            this.out = out;
            this.err = err;
            this.env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
            this.defaultDatabase = defaultDatabase;
            this.json = json;
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

        /** Sets a root option by name, as picocli would; {@code false} when it was given twice. */
        boolean setOption(String name, String value) {
            String before = switch (name) {
                case "--jdbc-url" -> jdbcUrl;
                case "--user" -> user;
                case "--password" -> password;
                case "--service" -> service;
                case "--table-prefix" -> tablePrefix;
                default -> actor;
            };
            if (before != null) {
                return false;
            }
            switch (name) {
                case "--jdbc-url" -> jdbcUrl = value;
                case "--user" -> user = value;
                case "--password" -> password = value;
                case "--service" -> service = value;
                case "--table-prefix" -> tablePrefix = value;
                default -> actor = value;
            }
            return true;
        }

        /** Whether a database is given: by option, by the environment, or as the application's default. */
        boolean databaseGiven() {
            String envUrl = env.get(MaintenanceCli.JDBC_URL_ENV);
            return jdbcUrl != null || envUrl != null && !envUrl.isBlank() || defaultDatabase != null;
        }

        /**
         * Returns the database of this invocation: {@code --jdbc-url}, else the environment, else the default.
         *
         * @throws ParameterException when none is given
         * @throws InvalidValueException naming the option or variable when the URL is not a JDBC URL
         */
        Database db() {
            if (database == null) {
                String userValue = user != null ? user : env.get(MaintenanceCli.JDBC_USER_ENV);
                String passwordValue = password != null ? password : env.get(MaintenanceCli.JDBC_PASSWORD_ENV);
                String envUrl = env.get(MaintenanceCli.JDBC_URL_ENV);
                if (jdbcUrl != null) {
                    database = Database.of(jdbcUrl, userValue, passwordValue, Database.Source.OPTION);
                } else if (envUrl != null && !envUrl.isBlank()) {
                    database = Database.of(envUrl, userValue, passwordValue, Database.Source.ENVIRONMENT);
                } else if (defaultDatabase != null) {
                    database = new Database(defaultDatabase.url(),
                            userValue != null ? userValue : defaultDatabase.user(),
                            passwordValue != null ? passwordValue : defaultDatabase.password(),
                            Database.Source.DEFAULT);
                } else {
                    throw new ParameterException(spec.commandLine(), "no database given: use --jdbc-url or set "
                            + MaintenanceCli.JDBC_URL_ENV);
                }
            }
            return database;
        }

        @Override
        public String jdbcUrl() {
            return db().url();
        }

        @Override
        public String user() {
            return db().user();
        }

        @Override
        public String password() {
            return db().password();
        }

        @Override
        public String database() {
            return db().display();
        }

        @Override
        public String serviceName() {
            return service == null ? Maintenance.DEFAULT_SERVICE_NAME : Options.service(service);
        }

        @Override
        public String tablePrefix() {
            return tablePrefix == null ? "" : Options.tablePrefix(tablePrefix);
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
            return StateAccess.openService(db(), serviceName(), tablePrefix(), Maintenance.MAX_REFRESH_INTERVAL,
                    false);
        }

        /** Checks the identity options, then reads and writes the state in one shot on one connection. */
        StateAccess access() {
            String name = serviceName();
            String prefix = tablePrefix();
            return StateAccess.open(db(), name, prefix);
        }

        /** Whether the library's log and stack traces are wanted. */
        boolean verbose() {
            return verbose;
        }

        /** Prints the database line every text answer starts with. */
        void printDatabase(String label) {
            out.println(label + db().display());
        }

        /** Prints a JSON answer: the database first, then the fields. */
        void printJson(Map<String, ?> fields) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("database", db().display());
            body.putAll(fields);
            out.println(Json.write(body));
        }

        // ---- reporting failures

        /** Returns a text with every password of this invocation's database hidden (drivers quote them). */
        String hidden(String text) {
            return database == null ? text : database.hide(text);
        }

        int usageError(CommandLine command, String shown, Throwable cause) {
            String reason = hidden(shown);
            out.flush();
            err.println("error: " + reason);
            if (json) {
                printError(reason);
            }
            CommandLine.Help help = command.getHelp();
            err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
            err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
            if (verbose && cause != null) {
                cause.printStackTrace(err);
            }
            err.flush();
            return MaintenanceCli.EXIT_USAGE;
        }

        int failure(Exception e, CommandLine command) {
            if (e instanceof ParameterException pe) {
                return usageError(pe.getCommandLine(), describe(pe), pe);
            }
            if (e instanceof IllegalArgumentException) {
                // A refused value: InvalidValueException names the option, a library refusal names its field.
                return usageError(command, Text.firstLine(e), e);
            }
            String reason = hidden(Text.firstLine(e));
            boolean repairing = command != null && command.getCommand() instanceof RepairCommand;
            if (StoreFailures.kind(e) == StoreFailures.Kind.CORRUPT && !repairing) {
                reason += "; 'intermission repair' rewrites it from the history now";
            }
            if (!(e instanceof CliFailure || e instanceof dev.intermission.MaintenanceException) && !verbose) {
                // Not a failure the CLI explains itself: the stack trace may help.
                reason += " (--verbose shows where it happened)";
            }
            out.flush();
            err.println("error: " + reason);
            if (json) {
                printError(reason);
            }
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return MaintenanceCli.EXIT_FAILURE;
        }

        private void printError(String reason) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", reason);
            body.put("database", database == null ? null : database.display());
            out.println(Json.write(body));
            out.flush();
        }
    }

    // ------------------------------------------------------------------------------------------- help

    /** {@code help [COMMAND...]}: the full usage of every command, or of the named one. */
    @Command(name = "help", description = "Show the usage of every command, or of the one named.")
    static final class Help implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "A command, such as 'enable' or "
                + "'migrate history'.")
        List<String> command = List.of();

        @Override
        public Integer call() {
            CommandLine target = spec.parent().commandLine();
            for (String name : command) {
                CommandLine sub = target.getSubcommands().get(name);
                if (sub == null) {
                    throw new ParameterException(spec.commandLine(), "COMMAND: no command '" + String.join(" ",
                            command) + "'; commands: " + String.join(", ", target.getSubcommands().keySet()));
                }
                target = sub;
            }
            printUsage(target, spec.commandLine().getOut());
            return MaintenanceCli.EXIT_OK;
        }
    }
}
