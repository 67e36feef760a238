package dev.intermission.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

import dev.intermission.Action;
import dev.intermission.HistoryEntry;
import dev.intermission.MaintenanceChange;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.ScheduledWindow;
import dev.intermission.VersionConflictException;

/**
 * Reads and writes {@code service_context} and its history with Jdbi. Every write locks the row, bumps the
 * version by one and appends the history row in the same transaction.
 */
public final class ServiceContextRepository {

    private static final String STATE_COLUMNS = "service_name, mode, message, since, expected_end, changed_by, "
            + "changed_at, version, window_start, window_end, window_mode, window_message";
    private static final int MAX_ATTEMPTS = 5;

    private final Jdbi jdbi;
    private final Tables tables;

    public ServiceContextRepository(Jdbi jdbi, Tables tables) {
        this.jdbi = jdbi;
        this.tables = tables;
    }

    public Tables tables() {
        return tables;
    }

    /** Reads only the version: the cheap query the refresher runs every interval. Zero when there is no row. */
    public long readVersion(String serviceName, int queryTimeoutSeconds) {
        OptionalLong version = jdbi.withHandle(h -> {
            Optional<Long> v = h.createQuery("SELECT version FROM " + tables.serviceContext()
                            + " WHERE service_name = :name")
                    .setQueryTimeout(queryTimeoutSeconds)
                    .bind("name", serviceName)
                    .mapTo(Long.class)
                    .findOne();
            return v.map(OptionalLong::of).orElse(OptionalLong.empty());
        });
        return version.orElse(0);
    }

    /** Reads the whole row; the initial state when there is none. */
    public StateRow read(String serviceName, int queryTimeoutSeconds) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + STATE_COLUMNS + " FROM " + tables.serviceContext()
                        + " WHERE service_name = :name")
                .setQueryTimeout(queryTimeoutSeconds)
                .bind("name", serviceName)
                .map((rs, ctx) -> mapState(rs))
                .findOne()
                .orElseGet(() -> StateRow.initial(serviceName)));
    }

    /**
     * Applies a change in one transaction: lock the row (creating it if absent), check the expected version,
     * write the new state with version + 1, append the history row.
     *
     * @return the row as committed
     */
    public StateRow apply(String serviceName, MaintenanceChange change, Instant now) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED,
                        h -> applyInTransaction(h, serviceName, change, now));
            } catch (VersionConflictException | IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException e) {
                if (!isRetryable(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private StateRow applyInTransaction(Handle h, String serviceName, MaintenanceChange change, Instant now) {
        StateRow current = lockRow(h, serviceName).orElse(null);
        if (current == null) {
            // First change of this service: create the version-zero row, then lock it. A concurrent creator
            // makes this insert fail with a unique violation, and the whole transaction is retried.
            h.createUpdate("INSERT INTO " + tables.serviceContext()
                            + " (service_name, maintenance, mode, version) VALUES (:name, :maintenance, :mode, 0)")
                    .bind("name", serviceName)
                    .bind("maintenance", false)
                    .bind("mode", Mode.OFF.name())
                    .execute();
            current = lockRow(h, serviceName).orElseThrow();
        }
        if (change.expectedVersion().isPresent() && change.expectedVersion().getAsLong() != current.version()) {
            throw new VersionConflictException(serviceName, change.expectedVersion().getAsLong(), current.version());
        }
        StateRow next = StateTransitions.next(current, change, now);
        int updated = bindState(h.createUpdate("UPDATE " + tables.serviceContext()
                        + " SET maintenance = :maintenance, mode = :mode, message = :message, since = :since,"
                        + " expected_end = :until, changed_by = :changedBy, changed_at = :changedAt,"
                        + " version = :version, window_start = :windowStart, window_end = :windowEnd,"
                        + " window_mode = :windowMode, window_message = :windowMessage"
                        + " WHERE service_name = :name AND version = :previousVersion"), next)
                .bind("previousVersion", current.version())
                .execute();
        if (updated != 1) {
            throw new IllegalStateException("service_context row of '" + serviceName + "' changed under its lock");
        }
        bindWindow(h.createUpdate("INSERT INTO " + tables.history()
                        + " (service_name, version, action, previous_mode, new_mode, message, expected_end,"
                        + " window_start, window_end, window_mode, window_message, actor, origin, client_address,"
                        + " changed_at) VALUES (:name, :version, :action, :previousMode, :newMode, :message, :until,"
                        + " :windowStart, :windowEnd, :windowMode, :windowMessage, :actor, :origin, :clientAddress,"
                        + " :changedAt)"), next.window())
                .bind("name", serviceName)
                .bind("version", next.version())
                .bind("action", change.action().name())
                .bind("previousMode", current.mode().name())
                .bind("newMode", next.mode().name())
                .bindByType("message", next.message(), String.class)
                .bindByType("until", toDb(next.until()), LocalDateTime.class)
                .bind("actor", change.actor())
                .bind("origin", change.origin().name())
                .bindByType("clientAddress", change.clientAddress(), String.class)
                .bindByType("changedAt", toDb(now), LocalDateTime.class)
                .execute();
        return next;
    }

    /** Reads the newest history entries first. */
    public List<HistoryEntry> history(String serviceName, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT service_name, version, action, previous_mode, new_mode,"
                        + " message, expected_end, window_start, window_end, window_mode, window_message, actor,"
                        + " origin, client_address, changed_at FROM " + tables.history()
                        + " WHERE service_name = :name ORDER BY version DESC LIMIT " + limit)
                .bind("name", serviceName)
                .map((rs, ctx) -> new HistoryEntry(
                        rs.getString("service_name"),
                        rs.getLong("version"),
                        Action.valueOf(rs.getString("action")),
                        Mode.valueOf(rs.getString("previous_mode")),
                        Mode.valueOf(rs.getString("new_mode")),
                        rs.getString("message"),
                        instant(rs, "expected_end"),
                        mapWindow(rs),
                        rs.getString("actor"),
                        Origin.valueOf(rs.getString("origin")),
                        rs.getString("client_address"),
                        instant(rs, "changed_at")))
                .list());
    }

    private Optional<StateRow> lockRow(Handle h, String serviceName) {
        return h.createQuery("SELECT " + STATE_COLUMNS + " FROM " + tables.serviceContext()
                        + " WHERE service_name = :name FOR UPDATE")
                .bind("name", serviceName)
                .map((rs, ctx) -> mapState(rs))
                .findOne();
    }

    private static <T extends SqlStatement<T>> T bindState(T statement, StateRow row) {
        return bindWindow(statement, row.window())
                .bind("name", row.serviceName())
                .bind("maintenance", row.mode().isMaintenance())
                .bind("mode", row.mode().name())
                .bindByType("message", row.message(), String.class)
                .bindByType("since", toDb(row.since()), LocalDateTime.class)
                .bindByType("until", toDb(row.until()), LocalDateTime.class)
                .bindByType("changedBy", row.changedBy(), String.class)
                .bindByType("changedAt", toDb(row.changedAt()), LocalDateTime.class)
                .bind("version", row.version());
    }

    private static <T extends SqlStatement<T>> T bindWindow(T statement, ScheduledWindow w) {
        return statement
                .bindByType("windowStart", w == null ? null : toDb(w.start()), LocalDateTime.class)
                .bindByType("windowEnd", w == null ? null : toDb(w.end()), LocalDateTime.class)
                .bindByType("windowMode", w == null ? null : w.mode().name(), String.class)
                .bindByType("windowMessage", w == null ? null : w.message(), String.class);
    }

    private static StateRow mapState(ResultSet rs) throws SQLException {
        return new StateRow(
                rs.getString("service_name"),
                Mode.valueOf(rs.getString("mode")),
                rs.getString("message"),
                instant(rs, "since"),
                instant(rs, "expected_end"),
                rs.getString("changed_by"),
                instant(rs, "changed_at"),
                rs.getLong("version"),
                mapWindow(rs));
    }

    private static ScheduledWindow mapWindow(ResultSet rs) throws SQLException {
        Instant start = instant(rs, "window_start");
        Instant end = instant(rs, "window_end");
        String mode = rs.getString("window_mode");
        if (start == null || end == null || mode == null) {
            return null;
        }
        return new ScheduledWindow(start, end, Mode.valueOf(mode), rs.getString("window_message"));
    }

    /** Converts an instant to the UTC wall time stored in the database. */
    public static LocalDateTime toDb(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Reads a UTC wall time column as an instant. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    /** Unique violations (a concurrent first insert), deadlocks and serialization failures are worth a retry. */
    private static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("23") || state.equals("40001") || state.equals("40P01"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
