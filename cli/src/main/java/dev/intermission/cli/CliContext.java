package dev.intermission.cli;

import java.io.PrintStream;
import java.util.Map;

import dev.intermission.MaintenanceService;

/**
 * What a subcommand of {@link MaintenanceCli} gets from the command line it runs in: the output streams, the
 * connection and identity options, and a way to open the {@link MaintenanceService} they describe.
 *
 * <p>Values are those of the current invocation, so read them when the subcommand runs, not when it is built.
 */
public interface CliContext {

    /**
     * Returns where results go.
     *
     * @return the standard output of this invocation
     */
    PrintStream out();

    /**
     * Returns where diagnostics go.
     *
     * @return the standard error of this invocation
     */
    PrintStream err();

    /**
     * Returns the environment the invocation sees (for {@code INTERMISSION_*} variables and the like).
     *
     * @return an unmodifiable view of the environment
     */
    Map<String, String> env();

    /**
     * Returns the JDBC URL from {@code --jdbc-url}, {@value MaintenanceCli#JDBC_URL_ENV}, or the command line's
     * {@linkplain MaintenanceCli#defaultDatabase default}.
     *
     * @return the URL
     * @throws IllegalArgumentException when none is given or it is not a JDBC URL (a usage error, exit 2)
     */
    String jdbcUrl();

    /**
     * Returns the database as every answer names it: the URL with any password hidden, and the user.
     *
     * @return the description
     * @throws IllegalArgumentException when no database is given or its URL is invalid (a usage error, exit 2)
     */
    String database();

    /**
     * Returns the database user from {@code --user} or {@value MaintenanceCli#JDBC_USER_ENV}.
     *
     * @return the user, or {@code null}
     */
    String user();

    /**
     * Returns the database password from {@code --password} or {@value MaintenanceCli#JDBC_PASSWORD_ENV}.
     *
     * @return the password, or {@code null}
     */
    String password();

    /**
     * Returns the service name from {@code --service}.
     *
     * @return the service name, {@code default} unless given
     */
    String serviceName();

    /**
     * Returns the table prefix from {@code --table-prefix}.
     *
     * @return the prefix, empty unless given
     */
    String tablePrefix();

    /**
     * Returns who is acting, from {@code --actor} or the operating-system user.
     *
     * @return the actor recorded in the history
     */
    String actor();

    /**
     * Opens a service on the configured database and reads its state once; it never creates the database or the
     * library's tables, and fails with one line saying where it looked when they are missing.
     *
     * @return the open service; the caller closes it
     * @throws RuntimeException         when the database is missing, unreachable or has no library tables (exit 1)
     * @throws IllegalArgumentException when an option value is invalid (service name, URL, prefix; exit 2)
     */
    MaintenanceService openService();
}
