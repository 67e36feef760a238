package dev.intermission.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The library's few lines of JDBC: a connection per call, statements with positional parameters, rows mapped by a
 * function, transactions that roll back on any failure. Instants are stored as UTC wall times.
 */
public final class Db {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface Row<T> {
        /**
         * Maps the current row.
         *
         * @param rs the result set, on the row
         * @return the value
         * @throws SQLException when a column cannot be read
         */
        T map(ResultSet rs) throws SQLException;
    }

    /** Work done with one connection. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Does the work.
         *
         * @param c the connection
         * @return the result
         * @throws SQLException when a statement fails
         */
        T run(Connection c) throws SQLException;
    }

    /** A typed SQL null, for drivers (PostgreSQL) that want to know a null's column type. */
    private record Null(int sqlType) {
    }

    private static final Null NULL_TEXT = new Null(Types.VARCHAR);
    private static final Null NULL_TIME = new Null(Types.TIMESTAMP);

    private final DataSource dataSource;
    private final int timeoutSeconds;

    /**
     * Creates a helper.
     *
     * @param dataSource     where connections come from
     * @param timeoutSeconds the timeout of every statement, in whole seconds (at least one)
     */
    public Db(DataSource dataSource, int timeoutSeconds) {
        this.dataSource = dataSource;
        this.timeoutSeconds = Math.max(1, timeoutSeconds);
    }

    /**
     * Returns the data source.
     *
     * @return the data source
     */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs work on a connection of its own, in auto-commit mode.
     *
     * @param work the work
     * @param <T>  the result type
     * @return the result
     * @throws SQLException when the work or the connection fails
     */
    public <T> T with(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        }
    }

    /**
     * Runs work in one READ COMMITTED transaction that commits when the work returns and rolls back otherwise.
     *
     * @param work the work
     * @param <T>  the result type
     * @return the result
     * @throws SQLException when the work or the connection fails
     */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * Executes an update.
     *
     * @param c      the connection
     * @param sql    the statement, with {@code ?} placeholders
     * @param params the values, see {@link #text(String)} and {@link #time(Instant)} for nulls
     * @return the number of rows changed
     * @throws SQLException when the statement fails
     */
    public int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params)) {
            return s.executeUpdate();
        }
    }

    /**
     * Runs a query and maps its first row, if any.
     *
     * @param c      the connection
     * @param sql    the query
     * @param row    the row mapper
     * @param params the values
     * @param <T>    the row type
     * @return the first row, or empty
     * @throws SQLException when the query fails
     */
    public <T> Optional<T> first(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.ofNullable(row.map(rs)) : Optional.empty();
        }
    }

    /**
     * Runs a query and maps every row.
     *
     * @param c      the connection
     * @param sql    the query
     * @param row    the row mapper
     * @param params the values
     * @param <T>    the row type
     * @return the rows, in order
     * @throws SQLException when the query fails
     */
    public <T> List<T> list(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(row.map(rs));
            }
            return rows;
        }
    }

    private PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        try {
            s.setQueryTimeout(timeoutSeconds);
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                if (p instanceof Null n) {
                    s.setNull(i + 1, n.sqlType());
                } else if (p == null) {
                    s.setNull(i + 1, Types.VARCHAR);
                } else if (p instanceof String text) {
                    s.setString(i + 1, text);
                } else if (p instanceof Long n) {
                    s.setLong(i + 1, n);
                } else if (p instanceof Integer n) {
                    s.setInt(i + 1, n);
                } else if (p instanceof Boolean b) {
                    s.setBoolean(i + 1, b);
                } else {
                    s.setObject(i + 1, p);
                }
            }
            return s;
        } catch (SQLException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Returns a text parameter, typed when it is null.
     *
     * @param value the text, or {@code null}
     * @return the parameter
     */
    public static Object text(String value) {
        return value == null ? NULL_TEXT : value;
    }

    /**
     * Returns an instant parameter as the UTC wall time stored, typed when it is null.
     *
     * @param value the instant, or {@code null}
     * @return the parameter
     */
    public static Object time(Instant value) {
        return value == null ? NULL_TIME : LocalDateTime.ofInstant(value, ZoneOffset.UTC);
    }

    /**
     * Reads a UTC wall time column as an instant.
     *
     * @param rs     the result set
     * @param column the column
     * @return the instant, or {@code null}
     * @throws SQLException when the column cannot be read
     */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    /**
     * Returns whether a failure is a lost race worth a retry: a key violation, a serialization failure, a
     * deadlock, or H2's concurrent update of one row.
     *
     * @param e the failure
     * @return whether to retry
     */
    public static boolean isContention(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("23") || state.equals("40001") || state.equals("40P01"))) {
                    return true;
                }
                if (sql.getErrorCode() == 90131) {
                    return true;
                }
            }
        }
        return false;
    }
}
