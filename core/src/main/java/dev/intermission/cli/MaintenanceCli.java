package dev.intermission.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.intermission.cli.internal.Commands;

/**
 * The operator command line: reads and switches maintenance straight in the database, so it works while the
 * application is down.
 *
 * <pre>
 * intermission [--jdbc-url URL] [--user U] [--password P] [--service NAME] [--table-prefix P] [--actor NAME]
 *     status [--json]
 *     enable [--read-only] [--message M] [--until T | --for DURATION] [--expected-version N]
 *     disable [--expected-version N]
 *     history [--limit N] [--json]
 *     schedule set --start T --end T [--read-only] [--message M] [--expected-version N]
 *     schedule cancel [--expected-version N]
 * </pre>
 *
 * <p>Exit status: {@value #EXIT_OK} on success, {@value #EXIT_USAGE} for a usage error (with the usage line),
 * {@value #EXIT_FAILURE} for any other failure (database unreachable, version conflict, a value the library
 * refuses), with one line on standard error. Applications can embed it in their own {@code main} and add
 * subcommands of their own with {@link #addSubcommand(Function)}.
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
    /** The exit status of a failed run (database unreachable, conflict, invalid value). */
    public static final int EXIT_FAILURE = 1;
    /** The exit status of a usage error. */
    public static final int EXIT_USAGE = 2;

    private final List<Function<CliContext, Object>> extraSubcommands = new ArrayList<>();

    /** Creates the command line with its built-in subcommands. */
    public MaintenanceCli() {
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
     * @return the exit status: {@value #EXIT_OK}, {@value #EXIT_FAILURE} or {@value #EXIT_USAGE}
     */
    public int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return Commands.run(args == null ? new String[0] : args, out, err, env == null ? Map.of() : env,
                List.copyOf(extraSubcommands));
    }

    /**
     * Runs the command line and exits the JVM with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(new MaintenanceCli().run(args, System.out, System.err, System.getenv()));
    }
}
