package dev.intermission.flyway.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import org.flywaydb.core.Flyway;

/**
 * Names the Flyway database module an application lacks. Since Flyway 10, only a few databases (H2, SQLite) work
 * with {@code flyway-core} alone; the others fail at run time with "Unsupported Database: ..." (or, when Flyway
 * opens the connection from a URL, "No Flyway database plugin found to handle ..."), which does not say what to add.
 */
public final class DatabaseModules {

    private static final String UNSUPPORTED = "Unsupported Database:";
    private static final String NO_PLUGIN = "No Flyway database plugin found to handle";

    private DatabaseModules() {
    }

    /**
     * Returns a clear message when the failure, or one of its causes, is Flyway's missing database module.
     *
     * @param failure what Flyway threw
     * @return the message naming the artifact to add, or empty when the failure is something else
     */
    public static Optional<String> explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message == null) {
                continue;
            }
            int unsupported = message.indexOf(UNSUPPORTED);
            if (unsupported >= 0) {
                String database = firstLine(message.substring(unsupported + UNSUPPORTED.length())).strip();
                return Optional.of(message(database, database));
            }
            int noPlugin = message.indexOf(NO_PLUGIN);
            if (noPlugin >= 0) {
                // The URL itself is not repeated: it may hold credentials.
                String database = subprotocol(firstLine(message.substring(noPlugin + NO_PLUGIN.length())).strip());
                return Optional.of(message(database, database.isEmpty() ? "" : "a " + database + " database"));
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the message for a database Flyway cannot handle without a module.
     *
     * @param database the database's product name and version, or the URL's subprotocol
     * @param shown    how to name the database in the message
     * @return the message, naming the artifact and the version of Flyway found on the class path
     */
    static String message(String database, String shown) {
        String version = flywayVersion();
        String artifact = artifactFor(database);
        String coordinates = artifact == null ? null
                : "org.flywaydb:" + artifact + (version == null ? "" : ":" + version);
        StringBuilder text = new StringBuilder("Flyway").append(version == null ? "" : " " + version)
                .append(" cannot migrate ").append(shown.isEmpty() ? "this database" : shown)
                .append(" without its database module: add ");
        if (coordinates == null) {
            text.append("the Flyway database module for it");
        } else {
            text.append(coordinates);
        }
        return text.append(" to the application, in the same version as flyway-core").toString();
    }

    /**
     * Returns the artifact of the Flyway module that supports a database.
     *
     * @param database a product name ({@code PostgreSQL 17.11}, {@code MariaDB 11.4}) or a JDBC subprotocol
     * @return the artifact id in group {@code org.flywaydb}, or {@code null} when unknown
     */
    static String artifactFor(String database) {
        String d = database.toLowerCase(Locale.ROOT);
        if (d.contains("cockroach")) {
            return "flyway-database-cockroachdb";
        }
        if (d.contains("postgres")) {
            return "flyway-database-postgresql";
        }
        if (d.contains("mysql") || d.contains("mariadb")) {
            return "flyway-mysql";
        }
        if (d.contains("sql server") || d.contains("sqlserver")) {
            return "flyway-sqlserver";
        }
        if (d.contains("oracle")) {
            return "flyway-database-oracle";
        }
        if (d.contains("db2")) {
            return "flyway-database-db2";
        }
        return null;
    }

    /** The version of the Flyway on the class path, or {@code null} when it cannot be read. */
    static String flywayVersion() {
        try (InputStream in = Flyway.class.getResourceAsStream("/org/flywaydb/core/internal/version.txt")) {
            if (in != null) {
                String version = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                if (version.matches("[0-9][0-9A-Za-z.\\-]{0,40}")) {
                    return version;
                }
            }
        } catch (IOException ignored) {
            // fall through to the package's version
        }
        Package p = Flyway.class.getPackage();
        return p == null ? null : p.getImplementationVersion();
    }

    private static String subprotocol(String url) {
        String u = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        int colon = u.indexOf(':');
        return colon > 0 ? u.substring(0, colon) : "";
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
