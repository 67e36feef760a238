package dev.intermission.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import dev.intermission.Action;
import dev.intermission.HistoryEntry;
import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceException;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.ScheduledWindow;
import dev.intermission.VersionConflictException;

/**
 * Reads and writes {@code service_context} and its history. Every write locks the row, bumps the version by one
 * and appends the history row in the same transaction.
 */
public final class ServiceContextRepository {

    private static final String STATE_COLUMNS_V1 = "service_name, mode, message, since, expected_end, changed_by, "
            + "changed_at, version, window_start, window_end, window_mode, window_message";
    private static final String HISTORY_COLUMNS_V1 = "service_name, version, action, previous_mode, new_mode,"
            + " message, expected_end, window_start, window_end, window_mode, window_message, actor, origin,"
            + " client_address, changed_at";
    /** The column of schema version 2: a window's notice time. */
    private static final String NOTICE_COLUMN = "window_notice";
    private static final int MAX_ATTEMPTS = 5;
    private static final Log LOG = Log.of(ServiceContextRepository.class);

    /** Thrown when the stored row cannot be what the library wrote: a mode it does not know, a missing row. */
    public static final class CorruptStateException extends MaintenanceException {
        private static final long serialVersionUID = 1L;

        CorruptStateException(String message) {
            super(message);
        }
    }

    private final Db db;
    private final Tables tables;
    private volatile Boolean postgres;
    /** Whether the tables have schema version 2's columns; once seen, never asked again. */
    private volatile boolean noticeColumn;

    /**
     * Creates a repository.
     *
     * @param db     the database
     * @param tables the table names
     */
    public ServiceContextRepository(Db db, Tables tables) {
        this.db = db;
        this.tables = tables;
    }

    /**
     * Returns the table names.
     *
     * @return the tables
     */
    public Tables tables() {
        return tables;
    }

    /**
     * The cheap part of the row the refresher reads every interval: its version, and whether its mode is one the
     * library writes (so a mode corrupted by hand is noticed without a version change).
     *
     * @param version   the row's version
     * @param modeKnown whether the stored mode is valid
     */
    public record VersionProbe(long version, boolean modeKnown) {
    }

    /**
     * Reads the version and checks the mode: one primary-key query.
     *
     * @param serviceName the service
     * @return the probe, or empty when there is no row
     * @throws SQLException when the database cannot be read
     */
    public Optional<VersionProbe> probe(String serviceName) throws SQLException {
        return db.with(c -> db.first(c, "SELECT version, mode FROM " + tables.serviceContext()
                + " WHERE service_name = ?", rs -> new VersionProbe(rs.getLong(1), isMode(rs.getString(2))),
                serviceName));
    }

    private static boolean isMode(String stored) {
        for (Mode mode : Mode.values()) {
            if (mode.name().equals(stored)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the whole row: the initial state (off, version zero) when the service has never been changed.
     *
     * @param serviceName the service
     * @return the row
     * @throws CorruptStateException when the row is unreadable, or missing while its history is not
     * @throws SQLException          when the database cannot be read
     */
    public StateRow read(String serviceName) throws SQLException {
        String columns = stateColumns(hasNoticeColumn());
        return db.with(c -> {
            Optional<StateRow> row = db.first(c, "SELECT " + columns + " FROM " + tables.serviceContext()
                    + " WHERE service_name = ?", ServiceContextRepository::mapState, serviceName);
            if (row.isPresent()) {
                return row.get();
            }
            long last = lastHistoryVersion(c, serviceName);
            if (last > 0) {
                // The first change may have committed between the two reads: look at the row once more.
                Optional<StateRow> again = db.first(c, "SELECT " + columns + " FROM " + tables.serviceContext()
                        + " WHERE service_name = ?", ServiceContextRepository::mapState, serviceName);
                if (again.isPresent()) {
                    return again.get();
                }
                throw new CorruptStateException("the " + tables.serviceContext() + " row of '" + serviceName
                        + "' is missing, but its history reaches version " + last
                        + "; the next change recreates it from the history");
            }
            return StateRow.initial(serviceName);
        });
    }

    /**
     * Applies a change in one transaction: lock the row (creating it if absent, from the history's last entry if
     * it was deleted), check the expected version, write the new state with version + 1, append the history row.
     *
     * @param serviceName the service
     * @param change      the change
     * @param now         the time of the change
     * @return the row as committed
     * @throws VersionConflictException when the change expected another version
     * @throws SQLException             when the database cannot be written
     */
    public StateRow apply(String serviceName, MaintenanceChange change, Instant now) throws SQLException {
        boolean notice = hasNoticeColumn();
        if (!notice && change.window() != null && change.window().noticeAt() != null) {
            throw new InvalidValueException("window.noticeAt", null, "cannot be stored: the library's tables under '"
                    + tables.prefix() + "' are at schema version 1 and have no " + NOTICE_COLUMN + " column; start "
                    + "the application once (schema mode CREATE upgrades them) or apply the statements of schema "
                    + "version 2 that 'intermission schema --print' shows");
        }
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                return db.inTransaction(c -> applyInTransaction(c, serviceName, change, now, notice));
            } catch (SQLException e) {
                if (!Db.isContention(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private StateRow applyInTransaction(Connection c, String serviceName, MaintenanceChange change, Instant now,
            boolean notice) throws SQLException {
        StateRow current;
        try {
            current = lockRow(c, serviceName, notice);
        } catch (CorruptStateException e) {
            current = repair(c, serviceName, notice);
            LOG.warn("Repaired the corrupt {} row of '{}' from its history at version {} ({})",
                    tables.serviceContext(), serviceName, current.version(), e.getMessage());
        }
        if (current == null) {
            current = recreate(c, serviceName, notice);
        }
        if (change.expectedVersion().isPresent() && change.expectedVersion().getAsLong() != current.version()) {
            throw new VersionConflictException(serviceName, change.expectedVersion().getAsLong(), current.version());
        }
        StateRow next = StateTransitions.next(current, change, now);
        write(c, current, next, change.action(), change.actor(), change.origin(), change.clientAddress(), now, notice);
        return next;
    }

    /**
     * First change of this service, or its row was deleted: recreates it at the history's last version so versions
     * stay gapless. A concurrent creator makes this insert fail with a key violation, and the whole transaction
     * is retried.
     */
    private StateRow recreate(Connection c, String serviceName, boolean notice) throws SQLException {
        StateRow base = lastHistoryState(c, serviceName, notice).orElse(StateRow.initial(serviceName));
        db.update(c, "INSERT INTO " + tables.serviceContext() + " (service_name, maintenance, mode, version)"
                + " VALUES (?, ?, ?, ?)", serviceName, base.mode().isMaintenance(), base.mode().name(),
                base.version());
        writeState(c, base, base.version(), notice);
        StateRow current = lockRow(c, serviceName, notice);
        if (current == null) {
            throw new SQLException("service_context row of '" + serviceName + "' vanished under its lock");
        }
        return current;
    }

    /** Writes the next row over the locked current one and appends its history entry, in the caller's transaction. */
    private void write(Connection c, StateRow current, StateRow next, Action action, String actor, Origin origin,
            String clientAddress, Instant now, boolean notice) throws SQLException {
        if (writeState(c, next, current.version(), notice) != 1) {
            throw new SQLException("service_context row of '" + next.serviceName() + "' changed under its lock");
        }
        ScheduledWindow w = next.window();
        List<Object> values = new ArrayList<>(List.of(
                next.serviceName(), next.version(), action.name(), current.mode().name(), next.mode().name(),
                Db.text(next.message()), Db.time(next.until()),
                Db.time(w == null ? null : w.start()), Db.time(w == null ? null : w.end()),
                Db.text(w == null ? null : w.mode().name()), Db.text(w == null ? null : w.message()),
                actor, origin.name(), Db.text(clientAddress), Db.time(now)));
        if (notice) {
            values.add(Db.time(w == null ? null : w.noticeAt()));
        }
        db.update(c, "INSERT INTO " + tables.history() + " (" + historyColumns(notice) + ") VALUES ("
                + String.join(", ", Collections.nCopies(values.size(), "?")) + ")", values.toArray());
        announce(c, next.serviceName(), next.version());
    }

    /**
     * What {@link #repair(String, String, Origin, Instant)} found and left.
     *
     * @param found what was wrong with the row, or {@code null} when it was fine (nothing was written)
     * @param row   the row now: the repaired one, or the one read
     */
    public record Repair(String found, StateRow row) {
    }

    /**
     * Rewrites a missing or corrupt row from the history's last entry, in one transaction, and records the repair
     * as a change of its own (action {@link Action#REPAIR}, the state kept, the version one higher, so versions
     * stay gapless); writes nothing when the row is fine (or the service has never been changed).
     *
     * @param serviceName the service
     * @param actor       who repairs it
     * @param origin      where from
     * @param now         the time of the repair
     * @return what was found, and the row now
     * @throws SQLException when the database cannot be written
     */
    public Repair repair(String serviceName, String actor, Origin origin, Instant now) throws SQLException {
        boolean notice = hasNoticeColumn();
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                return db.inTransaction(c -> repairInTransaction(c, serviceName, actor, origin, now, notice));
            } catch (SQLException e) {
                if (!Db.isContention(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private Repair repairInTransaction(Connection c, String serviceName, String actor, Origin origin, Instant now,
            boolean notice) throws SQLException {
        StateRow current;
        String found;
        try {
            current = lockRow(c, serviceName, notice);
            if (current != null) {
                return new Repair(null, current);
            }
            long last = lastHistoryVersion(c, serviceName);
            if (last == 0) {
                return new Repair(null, StateRow.initial(serviceName));
            }
            found = "the row was missing; its history reaches version " + last;
            current = recreate(c, serviceName, notice);
        } catch (CorruptStateException e) {
            found = e.getMessage();
            current = repair(c, serviceName, notice);
        }
        StateRow next = new StateRow(serviceName, current.mode(), current.message(), current.since(),
                current.until(), actor, now, current.version() + 1, current.window());
        write(c, current, next, Action.REPAIR, actor, origin, null, now, notice);
        return new Repair(found, next);
    }

    /**
     * On PostgreSQL, announces the change to every listening instance, in the change's transaction: the
     * notification is delivered at commit, and never for a change rolled back.
     */
    private void announce(Connection c, String serviceName, long version) throws SQLException {
        Boolean pg = postgres;
        if (pg == null) {
            pg = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
            postgres = pg;
        }
        if (pg) {
            db.first(c, "SELECT pg_notify(?, ?)", rs -> Boolean.TRUE, tables.channel(), serviceName + ":" + version);
        }
    }

    private int writeState(Connection c, StateRow row, long previousVersion, boolean notice) throws SQLException {
        ScheduledWindow w = row.window();
        List<Object> values = new ArrayList<>(List.of(
                row.mode().isMaintenance(), row.mode().name(), Db.text(row.message()), Db.time(row.since()),
                Db.time(row.until()), Db.text(row.changedBy()), Db.time(row.changedAt()), row.version(),
                Db.time(w == null ? null : w.start()), Db.time(w == null ? null : w.end()),
                Db.text(w == null ? null : w.mode().name()), Db.text(w == null ? null : w.message())));
        if (notice) {
            values.add(Db.time(w == null ? null : w.noticeAt()));
        }
        values.add(row.serviceName());
        values.add(previousVersion);
        return db.update(c, "UPDATE " + tables.serviceContext()
                        + " SET maintenance = ?, mode = ?, message = ?, since = ?, expected_end = ?, changed_by = ?,"
                        + " changed_at = ?, version = ?, window_start = ?, window_end = ?, window_mode = ?,"
                        + " window_message = ?" + (notice ? ", " + NOTICE_COLUMN + " = ?" : "")
                        + " WHERE service_name = ? AND version = ?", values.toArray());
    }

    /**
     * Returns whether the tables have the columns of schema version 2 (a window's notice time): tables of version 1
     * are still read, by a command line of this release against an application of the one before, say.
     */
    private boolean hasNoticeColumn() throws SQLException {
        if (noticeColumn) {
            return true;
        }
        boolean present = db.with(c -> {
            try {
                db.first(c, "SELECT " + NOTICE_COLUMN + " FROM " + tables.serviceContext() + " WHERE 1 = 0",
                        rs -> 1);
                return true;
            } catch (SQLException e) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                if (Schema.isMissingColumn(e)) {
                    return false;
                }
                throw e;
            }
        });
        noticeColumn = present;
        return present;
    }

    private static String stateColumns(boolean notice) {
        return notice ? STATE_COLUMNS_V1 + ", " + NOTICE_COLUMN : STATE_COLUMNS_V1;
    }

    private static String historyColumns(boolean notice) {
        return notice ? HISTORY_COLUMNS_V1 + ", " + NOTICE_COLUMN : HISTORY_COLUMNS_V1;
    }

    /**
     * Reads the newest history entries first.
     *
     * @param serviceName the service
     * @param limit       the most entries
     * @return the entries
     * @throws SQLException when the database cannot be read
     */
    public List<HistoryEntry> history(String serviceName, int limit) throws SQLException {
        String columns = historyColumns(hasNoticeColumn());
        return db.with(c -> db.list(c, "SELECT " + columns + " FROM " + tables.history()
                + " WHERE service_name = ? ORDER BY version DESC LIMIT " + limit, rs -> new HistoryValue(
                        rs.getString("service_name"),
                        rs.getLong("version"),
                        Action.valueOf(rs.getString("action")),
                        mode(rs.getString("previous_mode")),
                        mode(rs.getString("new_mode")),
                        rs.getString("message"),
                        Db.instant(rs, "expected_end"),
                        mapWindow(rs),
                        rs.getString("actor"),
                        Origin.valueOf(rs.getString("origin")),
                        rs.getString("client_address"),
                        Db.instant(rs, "changed_at")), serviceName));
    }

    private StateRow lockRow(Connection c, String serviceName, boolean notice) throws SQLException {
        return db.first(c, "SELECT " + stateColumns(notice) + " FROM " + tables.serviceContext()
                + " WHERE service_name = ? FOR UPDATE", ServiceContextRepository::mapState, serviceName).orElse(null);
    }

    /**
     * Rewrites a corrupt row (locked) from the history's last entry, at the history's last version, so the change
     * applied next continues the history without a gap.
     */
    private StateRow repair(Connection c, String serviceName, boolean notice) throws SQLException {
        long stored = db.first(c, "SELECT version FROM " + tables.serviceContext() + " WHERE service_name = ? FOR UPDATE",
                rs -> rs.getLong(1), serviceName).orElseThrow();
        StateRow base = lastHistoryState(c, serviceName, notice).orElse(StateRow.initial(serviceName));
        db.update(c, "UPDATE " + tables.serviceContext() + " SET version = ? WHERE service_name = ?", base.version(),
                serviceName);
        writeState(c, base, base.version(), notice);
        LOG.debug("Rewrote the {} row of '{}' from its history (version {} as stored, {} in the history)",
                tables.serviceContext(), serviceName, stored, base.version());
        return lockRow(c, serviceName, notice);
    }

    private long lastHistoryVersion(Connection c, String serviceName) throws SQLException {
        return db.first(c, "SELECT MAX(version) FROM " + tables.history() + " WHERE service_name = ?",
                rs -> rs.getLong(1), serviceName).orElse(0L);
    }

    /** The state the history's last entry left, as a row at that entry's version. */
    private Optional<StateRow> lastHistoryState(Connection c, String serviceName, boolean notice)
            throws SQLException {
        return db.first(c, "SELECT " + historyColumns(notice) + " FROM " + tables.history()
                + " WHERE service_name = ? ORDER BY version DESC LIMIT 1", rs -> {
                    Mode mode = mode(rs.getString("new_mode"));
                    return new StateRow(serviceName, mode, rs.getString("message"),
                            mode.isMaintenance() ? Db.instant(rs, "changed_at") : null,
                            Db.instant(rs, "expected_end"), rs.getString("actor"), Db.instant(rs, "changed_at"),
                            rs.getLong("version"), mapWindow(rs));
                }, serviceName);
    }

    private static StateRow mapState(ResultSet rs) throws SQLException {
        long version = rs.getLong("version");
        if (version < 0) {
            throw new CorruptStateException("the service_context row of '" + rs.getString("service_name")
                    + "' has an impossible version " + version);
        }
        return new StateRow(
                rs.getString("service_name"),
                mode(rs.getString("mode")),
                rs.getString("message"),
                Db.instant(rs, "since"),
                Db.instant(rs, "expected_end"),
                rs.getString("changed_by"),
                Db.instant(rs, "changed_at"),
                version,
                mapWindow(rs));
    }

    private static ScheduledWindow mapWindow(ResultSet rs) throws SQLException {
        Instant start = Db.instant(rs, "window_start");
        Instant end = Db.instant(rs, "window_end");
        String mode = rs.getString("window_mode");
        if (start == null || end == null || mode == null || !end.isAfter(start)) {
            return null;
        }
        Instant notice = hasColumn(rs, NOTICE_COLUMN) ? Db.instant(rs, NOTICE_COLUMN) : null;
        // A notice time after the start (written by hand) is the start: the window is public once it opens.
        return new ScheduledWindow(start, end, mode(mode), rs.getString("window_message"),
                notice != null && notice.isAfter(start) ? start : notice);
    }

    private static boolean hasColumn(ResultSet rs, String column) throws SQLException {
        java.sql.ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (column.equalsIgnoreCase(meta.getColumnLabel(i))) {
                return true;
            }
        }
        return false;
    }

    private static Mode mode(String stored) {
        try {
            return Mode.valueOf(stored);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CorruptStateException("the stored mode '" + stored + "' is not one the library writes"
                    + " (OFF, READ_ONLY, FULL)");
        }
    }
}
