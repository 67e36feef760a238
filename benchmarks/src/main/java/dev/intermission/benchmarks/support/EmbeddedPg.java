package dev.intermission.benchmarks.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL server with {@code pg_stat_statements} loaded, so that the statements each database
 * executes can be counted at the database itself.
 */
public final class EmbeddedPg implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final DataSource admin;

    private EmbeddedPg(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.admin = postgres.getPostgresDatabase();
    }

    /**
     * Starts the server and enables statement counting.
     *
     * @return the running server
     */
    public static EmbeddedPg start() {
        EmbeddedPostgres pg;
        try {
            pg = EmbeddedPostgres.builder()
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track", "all")
                    .setServerConfig("max_connections", "100")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
        EmbeddedPg server = new EmbeddedPg(pg);
        server.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        return server;
    }

    /**
     * Creates a database.
     *
     * @param name a plain lower-case identifier
     * @return its JDBC URL (user {@code postgres}, no password)
     */
    public String createDatabase(String name) {
        execute("CREATE DATABASE " + name);
        return jdbcUrl(name);
    }

    /**
     * Returns the JDBC URL of a database on this server.
     *
     * @param name the database
     * @return the URL (user {@code postgres})
     */
    public String jdbcUrl(String name) {
        return postgres.getJdbcUrl("postgres", name);
    }

    /**
     * Returns a plain (unpooled) DataSource on a database.
     *
     * @param name the database
     * @return the DataSource, user {@code postgres}
     */
    public DataSource dataSource(String name) {
        return postgres.getDatabase("postgres", name);
    }

    /**
     * Returns the number of statements the database has executed, as {@code pg_stat_statements} counts them
     * (every top-level and nested statement, every client).
     *
     * @param database the database name
     * @return the total of {@code calls}
     */
    public long statements(String database) {
        return queryLong("SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements s "
                + "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ?", database);
    }

    /**
     * Returns what {@code pg_stat_statements} recorded for a database: each normalised statement and its calls.
     *
     * @param database the database name
     * @return statement text to calls, most called first
     */
    public Map<String, Long> statementBreakdown(String database) {
        Map<String, Long> calls = new LinkedHashMap<>();
        String sql = "SELECT s.query, s.calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
                + "WHERE d.datname = ? ORDER BY s.calls DESC";
        try (Connection c = admin.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String text = rs.getString(1).replaceAll("\\s+", " ");
                    calls.merge(text.length() > 160 ? text.substring(0, 157) + "..." : text, rs.getLong(2),
                            Long::sum);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read statistics of " + database + ": " + e.getMessage(), e);
        }
        return calls;
    }

    /**
     * Returns the committed transactions of a database as {@code pg_stat_database} reports them (flushed by each
     * backend about once a second, so it lags behind by up to that).
     *
     * @param database the database name
     * @return {@code xact_commit}
     */
    public long commits(String database) {
        return queryLong("SELECT xact_commit FROM pg_stat_database WHERE datname = ?", database);
    }

    private long queryLong(String sql, String parameter) {
        try (Connection c = admin.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read statistics of " + parameter + ": " + e.getMessage(), e);
        }
    }

    private void execute(String sql) {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "': " + e.getMessage(), e);
        }
    }

    /**
     * Runs SQL on a database.
     *
     * @param database the database
     * @param sql      the statements
     */
    public void execute(String database, String sql) {
        try (Connection c = dataSource(database).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on " + database + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server and removes its data. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
