package dev.intermission.flyway.internal;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.intermission.migration.internal.Failures;

/**
 * The one line an operator reads about a failed migration: which script failed, where, the database's own words
 * (whole, not cut at its first line break) and the statement, shortened, as in
 * {@code V4__priority.sql failed at line 3: Table "NO_SUCH_TABLE" not found (statement: ALTER TABLE ...)}.
 */
final class FailureText {

    /** The longest statement quoted; a longer one keeps its start and ends with "...". */
    static final int MAX_STATEMENT = 160;
    /** The longest reason quoted from the database. */
    static final int MAX_CAUSE = 400;
    private static final int MAX_CAUSES = 10;

    /** H2 appends the statement to its message: "reason; SQL statement:\nstatement [code-version]". */
    private static final Pattern H2_STATEMENT = Pattern.compile(
            "(?s)^(.*?);\\s*SQL statement:\\s*(.*?)(?:\\s*\\[[0-9]+-[0-9]+])?\\s*$");
    private static final Pattern H2_CODE = Pattern.compile("\\s*\\[[0-9]+-[0-9]+]\\s*$");
    /** MariaDB's connection number, and PostgreSQL's severity, before the reason. */
    private static final Pattern PREFIX = Pattern.compile("^(?:\\(conn[=:][0-9]+\\)\\s*|ERROR:\\s+|FATAL:\\s+)+");

    private FailureText() {
    }

    /**
     * Describes a failed migration in one line.
     *
     * @param script the script or class that failed, or {@code null} when unknown
     * @param error  the migration tool's failure
     * @return the line, with no line breaks
     */
    static String of(String script, Throwable error) {
        SQLException sql = null;
        String statement = null;
        int line = 0;
        Throwable root = error;
        int depth = 0;
        for (Throwable t = error; t != null && depth < MAX_CAUSES; t = t.getCause() == t ? null : t.getCause()) {
            depth++;
            root = t;
            if (sql == null && t instanceof SQLException e) {
                sql = e;
            }
            if (statement == null) {
                statement = blankToNull(call(t, "getStatement"));
            }
            if (line <= 0 && call(t, "getLineNumber") instanceof Integer n) {
                line = n;
            }
        }
        if (sql == null && !ranAScript(error)) {
            // Flyway refused before any script ran (a non-empty schema, a checksum mismatch...): its own words.
            return cut(databaseWords(error.getMessage() == null ? error.getClass().getSimpleName()
                    : error.getMessage()), MAX_CAUSE);
        }
        String cause;
        if (sql != null) {
            String message = sql.getMessage() == null ? sql.getClass().getSimpleName() : sql.getMessage().strip();
            Matcher h2 = H2_STATEMENT.matcher(message);
            if (h2.matches()) {
                message = h2.group(1);
                if (statement == null || statement.startsWith("Run Flyway")) {
                    statement = h2.group(2);
                }
            }
            cause = databaseWords(message);
        } else {
            cause = root.getMessage() == null || root.getMessage().isBlank() ? root.getClass().getSimpleName()
                    : databaseWords(root.getMessage());
        }
        if (statement != null && statement.startsWith("Run Flyway")) {
            statement = null;
        }
        StringBuilder text = new StringBuilder(script == null ? "a migration" : script).append(" failed");
        if (line > 0) {
            text.append(" at line ").append(line);
        }
        text.append(": ").append(cut(cause, MAX_CAUSE));
        if (statement != null) {
            text.append(" (statement: ").append(cut(withoutLeadingComments(statement), MAX_STATEMENT)).append(')');
        }
        return oneLine(text.toString());
    }

    /** Whether the failure comes from running a migration (Flyway's migrate failure), not from a check before. */
    private static boolean ranAScript(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < MAX_CAUSES; t = t.getCause() == t ? null : t.getCause()) {
            depth++;
            if (t.getClass().getSimpleName().equals("FlywayMigrateException")) {
                return true;
            }
        }
        return false;
    }

    /** The database's reason: its lines joined, without connection numbers, severities or positions. */
    static String databaseWords(String message) {
        List<String> parts = new ArrayList<>();
        for (String l : message.strip().split("\\R")) {
            String s = PREFIX.matcher(l.strip()).replaceFirst("");
            s = H2_CODE.matcher(s).replaceFirst("");
            if (s.isEmpty() || s.startsWith("Position:") || s.startsWith("Where:") || s.startsWith("Location:")) {
                continue;
            }
            parts.add(s);
        }
        String joined = String.join("; ", parts);
        return joined.isEmpty() ? message.strip() : joined;
    }

    /** The statement without the comments before it (Flyway counts them in with the statement that follows). */
    static String withoutLeadingComments(String statement) {
        String s = statement.strip();
        while (true) {
            if (s.startsWith("--")) {
                int end = s.indexOf('\n');
                s = end < 0 ? "" : s.substring(end + 1).strip();
            } else if (s.startsWith("/*")) {
                int end = s.indexOf("*/");
                s = end < 0 ? "" : s.substring(end + 2).strip();
            } else {
                return s.isEmpty() ? statement.strip() : s;
            }
        }
    }

    private static Object call(Throwable t, String getter) {
        try {
            Method m = t.getClass().getMethod(getter);
            return m.invoke(t);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static String blankToNull(Object value) {
        return value instanceof String s && !s.isBlank() ? s.strip() : null;
    }

    /** Collapses every run of white space (line breaks included) and control characters to one space. */
    static String oneLine(String text) {
        return Failures.oneLine(text);
    }

    static String cut(String text, int max) {
        String t = oneLine(text);
        if (t.length() <= max) {
            return t;
        }
        int end = max - 3;
        int space = t.lastIndexOf(' ', end);
        if (space > max / 2) {
            end = space;
        }
        return t.substring(0, end) + "...";
    }
}
