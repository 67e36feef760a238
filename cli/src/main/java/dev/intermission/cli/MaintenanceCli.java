package dev.intermission.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.intermission.cli.internal.Commands;
import dev.intermission.cli.internal.Database;
import dev.intermission.cli.internal.Logging;
import dev.intermission.flyway.FlywayMigrator;

/**
 * The operator command line: reads and switches maintenance straight in the database, so it works while the
 * application is down. It reads and writes the state in one shot on one connection, names the database it used in
 * every answer, and never creates a database or, except for {@code migrate}, a table.
 *
 * <pre>
 * intermission [--jdbc-url URL] [--user U] [--password P] [--service NAME] [--table-prefix P] [--actor NAME]
 *              [--verbose]
 *     status [--json] [--check]
 *     enable [--read-only] [--message M] [--until T | --for DURATION] [--auto-off] [--expected-version N]
 *            [--json]
 *     disable [--expected-version N] [--json]
 *     history [--limit N] [--wide] [--json]
 *     schedule set --start T --end T [--read-only] [--message M] [--expected-version N] [--json]
 *     schedule cancel [--expected-version N] [--json]
 *     migrate [--dry-run] [--json] [--location LOCATION]... [--flyway-table TABLE] [--repair-failed]
 *             [--mode full|read-only] [--message M] [--estimate DURATION] [--lock-wait DURATION]
 *             [--refresh-interval DURATION]
 *     migrate history [--limit N] [--json]
 *     migrate show ID [--json]
 *     schema --print [--database h2|postgresql|mysql]
 *     help [COMMAND...]
 * </pre>
 *
 * <p>{@code migrate} runs the application's pending Flyway migrations as one
 * {@link dev.intermission.migration.MigrationWindow}; Flyway connects with the same URL and credentials on
 * connections of its own. Its locations are the application's ({@link #flywayConfiguration(Map)}, else
 * {@value FlywayMigrator#DEFAULT_LOCATION}) plus each {@code --location}.
 *
 * <p>Exit status: {@value #EXIT_OK} on success, {@value #EXIT_FAILURE} for a failure (database missing or
 * unreachable, no library tables, version conflict, a migration window that failed or found another one running),
 * {@value #EXIT_USAGE} for a usage error or a refused option value (nothing changed), and
 * {@value #EXIT_MAINTENANCE_ON} from {@code status --check} when maintenance is on. A failure prints its one-line
 * reason first on standard error (and as {@code {"error": ...}} with {@code --json}); stack traces only with
 * {@code --verbose}. Applications can embed it in their own {@code main} and add subcommands of their own with
 * {@link #addSubcommand(Function)}.
 */
public final class MaintenanceCli {

    /** The environment variable read when {@code --jdbc-url} is not given. */
    public static final String JDBC_URL_ENV = "INTERMISSION_JDBC_URL";
    /** The environment variable read when {@code --user} is not given. */
    public static final String JDBC_USER_ENV = "INTERMISSION_JDBC_USER";
    /** The environment variable read when {@code --password} is not given. */
    public static final String JDBC_PASSWORD_ENV = "INTERMISSION_JDBC_PASSWORD";
    /** The exit status of a successful run. */
    public static final int EXIT_OK = 0;
    /** The exit status of a failed run (database missing or unreachable, conflict, failed migration). */
    public static final int EXIT_FAILURE = 1;
    /** The exit status of a usage error or a refused option value. */
    public static final int EXIT_USAGE = 2;
    /** The exit status of {@code status --check} when maintenance is on. */
    public static final int EXIT_MAINTENANCE_ON = 3;

    private final List<Function<CliContext, Object>> extraSubcommands = new ArrayList<>();
    private Map<String, String> flywayConfiguration = Map.of();
    private Database defaultDatabase;

    /** Creates the command line with its built-in subcommands, {@code migrate} among them. */
    public MaintenanceCli() {
    }

    /**
     * Sets the database used when neither {@code --jdbc-url} nor {@value #JDBC_URL_ENV} is given, such as an
     * application's own default; answers and errors name it as the default, and a default that does not exist
     * or has no library tables is an error saying so (it is never created).
     *
     * @param jdbcUrl  the JDBC URL; give an embedded file database an absolute path, so it is the same from any
     *                 directory
     * @param user     the user, or {@code null}
     * @param password the password, or {@code null}
     * @return this command line
     * @throws dev.intermission.InvalidValueException when the URL does not start with {@code jdbc:}
     */
    public MaintenanceCli defaultDatabase(String jdbcUrl, String user, String password) {
        this.defaultDatabase = Database.of(jdbcUrl, user, password, Database.Source.DEFAULT);
        return this;
    }
    /**
     * Sets the application's own Flyway configuration that {@code migrate} starts from, as Flyway properties
     * ({@code flyway.locations}, {@code flyway.table}, {@code flyway.schemas}, {@code flyway.placeholders.x}...);
     * {@code --location} adds to its locations and {@code --flyway-table} replaces its table. The connection
     * always comes from the command line ({@code --jdbc-url}, {@code --user}, {@code --password}).
     *
     * @param flywayProperties keys starting with {@code flyway.}
     * @return this command line
     * @throws IllegalArgumentException when {@code null}, a key does not start with {@code flyway.}, or the
     *                                  properties name the library's own migrations or history table
     */
    public MaintenanceCli flywayConfiguration(Map<String, String> flywayProperties) {
        if (flywayProperties == null) {
            throw new IllegalArgumentException("flywayConfiguration: must not be null");
        }
        FlywayMigrator.newBuilder().configuration(flywayProperties);
        this.flywayConfiguration = Map.copyOf(new LinkedHashMap<>(flywayProperties));
        return this;
    }

    /**
     * Adds a subcommand: the factory gets the invocation's {@link CliContext} and returns a picocli command
     * object (annotated with {@code @Command} and implementing {@code Callable<Integer>} or {@code Runnable}).
     * Exceptions it throws are reported like the built-in ones: a picocli {@code ParameterException} as a usage
     * error, anything else as one line and exit {@value #EXIT_FAILURE}.
     *
     * @param factory builds the subcommand for one invocation
     * @return this command line
     * @throws IllegalArgumentException when {@code null}
     */
    public MaintenanceCli addSubcommand(Function<CliContext, Object> factory) {
        if (factory == null) {
            throw new IllegalArgumentException("factory: must not be null");
        }
        extraSubcommands.add(factory);
        return this;
    }

    /**
     * Runs one invocation without exiting the JVM.
     *
     * @param args the arguments
     * @param out  where results go
     * @param err  where errors and usage go
     * @param env  the environment to read {@code INTERMISSION_*} variables from
     * @return the exit status: {@value #EXIT_OK}, {@value #EXIT_FAILURE}, {@value #EXIT_USAGE} or
     *         {@value #EXIT_MAINTENANCE_ON}
     */
    public int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return Commands.run(args == null ? new String[0] : args, out, err, env == null ? Map.of() : env,
                flywayConfiguration, defaultDatabase, List.copyOf(extraSubcommands));
    }

    /**
     * Configures the JVM's logging for one run of the command line, before anything has logged: off unless the
     * arguments include {@code -v} or {@code --verbose}, then one line per record on standard error. It covers
     * {@code java.util.logging}, which the library's {@code System.Logger} and Flyway use by default; an application
     * that embeds the command line with another logging backend (SLF4J's simple binding, Logback) silences that
     * one itself.
     *
     * @param args the command line's arguments
     */
    public static void configureLogging(String[] args) {
        Logging.configure(args == null ? new String[0] : args);
    }

    /**
     * Runs the command line and exits the JVM with its status; the library's log stays off unless
     * {@code --verbose} is given.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        configureLogging(args);
        System.exit(new MaintenanceCli().run(args, System.out, System.err, System.getenv()));
    }
}
