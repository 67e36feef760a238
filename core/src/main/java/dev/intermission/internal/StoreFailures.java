package dev.intermission.internal;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

/**
 * Names what went wrong with the state store in words an operator acts on: the database refused the connection,
 * the host is unknown, authentication failed, a statement timed out or waited on a lock, the library's tables are
 * missing, the stored row is corrupt; with the database's own first line after it.
 */
public final class StoreFailures {

    /** The kinds of failure the library tells apart. */
    public enum Kind {
        /** The database could not be reached (refused, unknown host, network, pool timeout). */
        UNREACHABLE,
        /** The database refused the credentials. */
        AUTHENTICATION,
        /** A statement ran out of time, or waited for a lock too long. */
        TIMEOUT,
        /** The library's tables are not there. */
        SCHEMA_MISSING,
        /** The stored state is not what the library writes. */
        CORRUPT,
        /** Anything else. */
        OTHER
    }

    private StoreFailures() {
    }

    /**
     * Classifies a failure.
     *
     * @param e the failure
     * @return its kind
     */
    public static Kind kind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ServiceContextRepository.CorruptStateException) {
                return Kind.CORRUPT;
            }
            if (t instanceof SQLInvalidAuthorizationSpecException) {
                return Kind.AUTHENTICATION;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("28") || sql.getErrorCode() == 1045) {
                    return Kind.AUTHENTICATION;
                }
                if (state.equals("57014") || state.equals("55P03") || state.equals("HYT00")
                        || sql.getErrorCode() == 1205 || sql.getErrorCode() == 50200 || sql.getErrorCode() == 57014) {
                    return Kind.TIMEOUT;
                }
                // 08: connection exceptions; PostgreSQL's 57P01 to 57P03: the server is shutting down, crashed, or
                // is starting up and not yet accepting connections (seen as the first answer after a restart).
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03")) {
                    return Kind.UNREACHABLE;
                }
            }
            if (t instanceof SQLTimeoutException) {
                return Kind.TIMEOUT;
            }
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException || t instanceof UnknownHostException) {
                return Kind.UNREACHABLE;
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("password authentication failed") || message.contains("access denied for user")
                    || message.contains("wrong user name or password")) {
                return Kind.AUTHENTICATION;
            }
        }
        return Schema.isMissingTable(e) ? Kind.SCHEMA_MISSING : Kind.OTHER;
    }

    /**
     * Describes a failure in one line: its kind in words, then the database's first line.
     *
     * @param e the failure
     * @return the description
     */
    public static String describe(Throwable e) {
        String detail = rootMessage(e);
        return switch (kind(e)) {
            case UNREACHABLE -> "the database cannot be reached (" + detail + ")";
            case AUTHENTICATION -> "the database refused the credentials (" + detail + ")";
            case TIMEOUT -> "the database did not answer in time or a lock was held too long (" + detail + ")";
            case SCHEMA_MISSING -> "the library's tables are missing (" + detail + ")";
            case CORRUPT -> detail;
            case OTHER -> detail;
        };
    }

    /**
     * Returns the first line of the deepest cause's message.
     *
     * @param e the failure
     * @return the line
     */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        for (int i = 0; i < 20 && root.getCause() != null && root.getCause() != root; i++) {
            if (root instanceof ServiceContextRepository.CorruptStateException) {
                break;
            }
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName()
                : message.strip().lines().findFirst().orElse(message).strip();
    }
}
