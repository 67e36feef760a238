package dev.intermission.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.intermission.Action;
import dev.intermission.HistoryEntry;
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

    private static final String STATE_COLUMNS = "service_name, mode, message, since, expected_end, changed_by, "
            + "changed_at, version, window_start, window_end, window_mode, window_message";
    private static final String HISTORY_COLUMNS = "service_name, version, action, previous_mode, new_mode, message,"
            + " expected_end, window_start, window_end, window_mode, window_message, actor, origin, client_address,"
            + " changed_at";
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
        return db.with(c -> {
            Optional<StateRow> row = db.first(c, "SELECT " + STATE_COLUMNS + " FROM " + tables.serviceContext()
                    + " WHERE service_name = ?", ServiceContextRepository::mapState, serviceName);
            if (row.isPresent()) {
                return row.get();
            }
            long last = lastHistoryVersion(c, serviceName);
            if (last > 0) {
                // The first change may have committed between the two reads: look at the row once more.
                Optional<StateRow> again = db.first(c, "SELECT " + STATE_COLUMNS + " FROM " + tables.serviceContext()
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
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                return db.inTransaction(c -> applyInTransaction(c, serviceName, change, now));
            } catch (SQLException e) {
                if (!Db.isContention(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private StateRow applyInTransaction(Connection c, String serviceName, MaintenanceChange change, Instant now)
            throws SQLException {
        StateRow current;
        try {
            current = lockRow(c, serviceName);
        } catch (CorruptStateException e) {
            current = repair(c, serviceName);
            LOG.warn("Repaired the corrupt {} row of '{}' from its history at version {} ({})",
                    tables.serviceContext(), serviceName, current.version(), e.getMessage());
        }
        if (current == null) {
            current = recreate(c, serviceName);
        }
        if (change.expectedVersion().isPresent() && change.expectedVersion().getAsLong() != current.version()) {
            throw new VersionConflictException(serviceName, change.expectedVersion().getAsLong(), current.version());
        }
        StateRow next = StateTransitions.next(current, change, now);
        write(c, current, next, change.action(), change.actor(), change.origin(), change.clientAddress(), now);
        return next;
    }

    /**
     * First change of this service, or its row was deleted: recreates it at the history's last version so versions
     * stay gapless. A concurrent creator makes this insert fail with a key violation, and the whole transaction
     * is retried.
     */
    private StateRow recreate(Connection c, String serviceName) throws SQLException {
        StateRow base = lastHistoryState(c, serviceName).orElse(StateRow.initial(serviceName));
        db.update(c, "INSERT INTO " + tables.serviceContext() + " (service_name, maintenance, mode, version)"
                + " VALUES (?, ?, ?, ?)", serviceName, base.mode().isMaintenance(), base.mode().name(),
                base.version());
        writeState(c, base, base.version());
        StateRow current = lockRow(c, serviceName);
        if (current == null) {
            throw new SQLException("service_context row of '" + serviceName + "' vanished under its lock");
        }
        return current;
    }

    /** Writes the next row over the locked current one and appends its history entry, in the caller's transaction. */
    private void write(Connection c, StateRow current, StateRow next, Action action, String actor, Origin origin,
            String clientAddress, Instant now) throws SQLException {
        if (writeState(c, next, current.version()) != 1) {
            throw new SQLException("service_context row of '" + next.serviceName() + "' changed under its lock");
        }
        ScheduledWindow w = next.window();
        db.update(c, "INSERT INTO " + tables.history() + " (" + HISTORY_COLUMNS + ")"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                next.serviceName(), next.version(), action.name(), current.mode().name(), next.mode().name(),
                Db.text(next.message()), Db.time(next.until()),
                Db.time(w == null ? null : w.start()), Db.time(w == null ? null : w.end()),
                Db.text(w == null ? null : w.mode().name()), Db.text(w == null ? null : w.message()),
                actor, origin.name(), Db.text(clientAddress), Db.time(now));
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
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                return db.inTransaction(c -> repairInTransaction(c, serviceName, actor, origin, now));
            } catch (SQLException e) {
                if (!Db.isContention(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private Repair repairInTransaction(Connection c, String serviceName, String actor, Origin origin, Instant now)
            throws SQLException {
        StateRow current;
        String found;
        try {
            current = lockRow(c, serviceName);
            if (current != null) {
                return new Repair(null, current);
            }
            long last = lastHistoryVersion(c, serviceName);
            if (last == 0) {
                return new Repair(null, StateRow.initial(serviceName));
            }
            found = "the row was missing; its history reaches version " + last;
            current = recreate(c, serviceName);
        } catch (CorruptStateException e) {
            found = e.getMessage();
            current = repair(c, serviceName);
        }
        StateRow next = new StateRow(serviceName, current.mode(), current.message(), current.since(),
                current.until(), actor, now, current.version() + 1, current.window());
        write(c, current, next, Action.REPAIR, actor, origin, null, now);
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

    private int writeState(Connection c, StateRow row, long previousVersion) throws SQLException {
        ScheduledWindow w = row.window();
        return db.update(c, "UPDATE " + tables.serviceContext()
                        + " SET maintenance = ?, mode = ?, message = ?, since = ?, expected_end = ?, changed_by = ?,"
                        + " changed_at = ?, version = ?, window_start = ?, window_end = ?, window_mode = ?,"
                        + " window_message = ? WHERE service_name = ? AND version = ?",
                row.mode().isMaintenance(), row.mode().name(), Db.text(row.message()), Db.time(row.since()),
                Db.time(row.until()), Db.text(row.changedBy()), Db.time(row.changedAt()), row.version(),
                Db.time(w == null ? null : w.start()), Db.time(w == null ? null : w.end()),
                Db.text(w == null ? null : w.mode().name()), Db.text(w == null ? null : w.message()),
                row.serviceName(), previousVersion);
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
        return db.with(c -> db.list(c, "SELECT " + HISTORY_COLUMNS + " FROM " + tables.history()
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

    private StateRow lockRow(Connection c, String serviceName) throws SQLException {
        return db.first(c, "SELECT " + STATE_COLUMNS + " FROM " + tables.serviceContext()
                + " WHERE service_name = ? FOR UPDATE", ServiceContextRepository::mapState, serviceName).orElse(null);
    }

    /**
     * Rewrites a corrupt row (locked) from the history's last entry, at the history's last version, so the change
     * applied next continues the history without a gap.
     */
    private StateRow repair(Connection c, String serviceName) throws SQLException {
        long stored = db.first(c, "SELECT version FROM " + tables.serviceContext() + " WHERE service_name = ? FOR UPDATE",
                rs -> rs.getLong(1), serviceName).orElseThrow();
        StateRow base = lastHistoryState(c, serviceName).orElse(StateRow.initial(serviceName));
        db.update(c, "UPDATE " + tables.serviceContext() + " SET version = ? WHERE service_name = ?", base.version(),
                serviceName);
        writeState(c, base, base.version());
        LOG.debug("Rewrote the {} row of '{}' from its history (version {} as stored, {} in the history)",
                tables.serviceContext(), serviceName, stored, base.version());
        return lockRow(c, serviceName);
    }

    private long lastHistoryVersion(Connection c, String serviceName) throws SQLException {
        return db.first(c, "SELECT MAX(version) FROM " + tables.history() + " WHERE service_name = ?",
                rs -> rs.getLong(1), serviceName).orElse(0L);
    }

    /** The state the history's last entry left, as a row at that entry's version. */
    private Optional<StateRow> lastHistoryState(Connection c, String serviceName) throws SQLException {
        return db.first(c, "SELECT " + HISTORY_COLUMNS + " FROM " + tables.history()
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
        return new ScheduledWindow(start, end, mode(mode), rs.getString("window_message"));
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
