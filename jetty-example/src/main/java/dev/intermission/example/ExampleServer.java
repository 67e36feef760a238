package dev.intermission.example;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.intermission.cli.MaintenanceCli;

/**
 * An embedded Jetty 12 service shaped like a small real one (an orders API, a static page, a health check)
 * behind Intermission, and the operator's command line in the same jar.
 *
 * <pre>
 * java -jar intermission-jetty-example.jar                      # the server (PORT, INTERMISSION_* variables)
 * java -jar intermission-jetty-example.jar maintenance status   # the operator CLI, on the same database
 * java -jar intermission-jetty-example.jar migrate --dry-run
 * java -jar intermission-jetty-example.jar --help
 * </pre>
 *
 * <p>Exit status of the server: 2 with one {@code error:} line naming the setting when a setting is invalid or the
 * port is taken (before any database is opened); 143 after SIGTERM, once stopped gracefully.
 */
public final class ExampleServer {

    /** Where the admin endpoint is mounted. */
    public static final String ADMIN_PATH = ExampleConfig.ADMIN_PATH;
    /** The exit status of an invalid setting or a taken port. */
    public static final int EXIT_CONFIGURATION = 2;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JAR = "java -jar intermission-jetty-example.jar";
    private static final Set<String> HELP = Set.of("help", "--help", "-h", "-?");
    /** SLF4J's simple binding reads its level from this system property when it starts. */
    private static final String SLF4J_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private ExampleServer() {
    }

    /**
     * Runs the server with no arguments, the usage with {@code help} or {@code --help}, or the operator CLI with
     * {@code maintenance ...} or {@code migrate ...}.
     *
     * @param args the command line
     * @throws InterruptedException when interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0) {
            quietLog(args);
            System.exit(runCli(args, System.out, System.err, System.getenv()));
        }
        ExampleConfig config;
        try {
            config = ExampleConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(EXIT_CONFIGURATION);
            return;
        }
        ExampleApp app;
        try {
            app = ExampleApp.listen(config, System.out);
        } catch (ExampleApp.PortUnavailableException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(EXIT_CONFIGURATION);
            return;
        } catch (Exception e) {
            System.err.println("error: the server cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        // From here on SIGTERM stops gracefully, even while the start-up window runs.
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "example-shutdown"));
        if (config.adminTokenGenerated()) {
            System.out.println("Admin token (set INTERMISSION_ADMIN_TOKEN to choose one): " + config.adminToken());
        }
        app.startServices();
        app.join();
    }

    /**
     * Keeps the log of a command-line run off standard error unless {@code -v} or {@code --verbose} is given: the
     * library's and Flyway's ({@code java.util.logging}) and what logs through SLF4J's simple binding, which the
     * server uses. Runs before anything logs.
     */
    private static void quietLog(String[] args) {
        boolean verbose = Arrays.stream(args).anyMatch(a -> a.equals("-v") || a.equals("--verbose"));
        if (System.getProperty(SLF4J_LEVEL) == null) {
            System.setProperty(SLF4J_LEVEL, verbose ? "info" : "off");
        }
        MaintenanceCli.configureLogging(args);
    }

    /**
     * Starts the server for tests and embedders: listens, then starts the services (see {@link ExampleApp}).
     *
     * @param config the settings; port 0 picks a free port
     * @return the running application
     * @throws Exception when the port cannot be bound or Jetty fails to start
     */
    public static ExampleApp newServer(ExampleConfig config) throws Exception {
        ExampleApp app = ExampleApp.listen(config, System.out);
        try {
            return app.startServices();
        } catch (RuntimeException | Error e) {
            app.close();
            throw e;
        }
    }

    /**
     * Runs the usage or the operator CLI on the example's database: the environment's, or the default H2 file under
     * {@code INTERMISSION_HOME} (the jar's directory unless set), the same file the server uses from any working
     * directory.
     *
     * @param args {@code help}, {@code maintenance <command> ...} or {@code migrate ...}
     * @param out  standard output
     * @param err  standard error
     * @param env  the environment variables
     * @return the exit code: 0 success, 1 failure, 2 usage error
     */
    public static int runCli(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length == 0 || HELP.contains(args[0])) {
            out.print(usage());
            return MaintenanceCli.EXIT_OK;
        }
        String[] cliArgs;
        switch (args[0]) {
            case "maintenance" -> cliArgs = Arrays.copyOfRange(args, 1, args.length);
            case "migrate" -> cliArgs = args;
            default -> {
                err.println("error: unknown command '" + args[0] + "'");
                err.print(usage());
                return MaintenanceCli.EXIT_USAGE;
            }
        }
        MaintenanceCli cli = new MaintenanceCli();
        String url = env.get(MaintenanceCli.JDBC_URL_ENV);
        boolean urlOption = Arrays.stream(cliArgs).anyMatch(a -> a.equals("--jdbc-url") || a.startsWith("--jdbc-url="));
        boolean help = Arrays.stream(cliArgs).anyMatch(HELP::contains) || cliArgs.length == 0;
        if ((url == null || url.isBlank()) && !urlOption) {
            Path home;
            try {
                home = ExampleConfig.home(env.get("INTERMISSION_HOME"));
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return MaintenanceCli.EXIT_USAGE;
            }
            Path file = ExampleConfig.defaultDatabaseFile(home);
            String user = env.get(MaintenanceCli.JDBC_USER_ENV);
            user = user == null || user.isBlank() ? "sa" : user;
            if (!help && !Files.isRegularFile(file)) {
                // Never invent an empty database: an empty answer would read as "maintenance off".
                String reason = "no database at " + file + " (the default: <INTERMISSION_HOME>/data, where "
                        + "INTERMISSION_HOME is " + home + "); start the server once to create it, set "
                        + "INTERMISSION_HOME to the server's, or give INTERMISSION_JDBC_URL or --jdbc-url";
                err.println("error: " + reason);
                if (Arrays.asList(cliArgs).contains("--json")) {
                    Map<String, String> body = new LinkedHashMap<>();
                    body.put("error", reason);
                    body.put("database", ExampleConfig.defaultJdbcUrl(home) + " as " + user);
                    try {
                        out.println(JSON.writeValueAsString(body));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException("cannot write the error as JSON", e);
                    }
                }
                return MaintenanceCli.EXIT_FAILURE;
            }
            // Named as the default in every answer and error, not as if INTERMISSION_JDBC_URL had been given.
            cli.defaultDatabase(ExampleConfig.defaultJdbcUrl(home), "sa", null);
        }
        return cli.run(cliArgs, out, err, env);
    }

    /**
     * Returns the usage: the commands, and every environment variable the server reads.
     *
     * @return several lines, ending with a line break
     */
    public static String usage() {
        StringBuilder b = new StringBuilder();
        b.append("usage: ").append(JAR).append("                       run the server\n");
        b.append("       ").append(JAR).append(" maintenance <command>  the operator CLI (maintenance --help)\n");
        b.append("       ").append(JAR).append(" migrate [options]      migrate in a window (migrate --help)\n");
        b.append("       ").append(JAR).append(" help | --help          this text\n\n");
        b.append("The server reads these environment variables; the CLI reads INTERMISSION_HOME and")
                .append(" INTERMISSION_JDBC_*:\n");
        ExampleConfig.VARIABLES.forEach((name, text) -> b.append(wrap(String.format("  %-30s ", name), text)));
        b.append("\nOn SIGTERM the server stops accepting connections, lets requests in flight finish for up to\n")
                .append("INTERMISSION_SHUTDOWN_GRACE, then exits. An invalid setting or a taken port stops it before\n")
                .append("it opens any database: one 'error:' line naming the setting, exit status 2.\n");
        return b.toString();
    }

    /** Writes a text after a prefix, wrapped to 118 columns and indented under its first line. */
    private static String wrap(String prefix, String text) {
        StringBuilder b = new StringBuilder(prefix);
        int column = prefix.length();
        for (String word : text.split(" ")) {
            if (column > prefix.length() && column + 1 + word.length() > 118) {
                b.append('\n').append(" ".repeat(prefix.length()));
                column = prefix.length();
            } else if (column > prefix.length()) {
                b.append(' ');
                column++;
            }
            b.append(word);
            column += word.length();
        }
        return b.append('\n').toString();
    }
}
