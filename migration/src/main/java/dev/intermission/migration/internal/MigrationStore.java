package dev.intermission.migration.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.intermission.MaintenanceException;
import dev.intermission.Mode;
import dev.intermission.internal.Db;
import dev.intermission.internal.Schema;
import dev.intermission.internal.Tables;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.InstanceWait;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationPhase;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.PendingMigration;

/**
 * Reads and writes the migration windows and the lock's lease, in portable SQL (H2, PostgreSQL, MySQL/MariaDB).
 * Every lock statement runs on its own (auto-commit), so each one is atomic by itself. Lists are stored as text,
 * one item a line, fields separated by tabs (see {@link Lines}).
 */
public final class MigrationStore {

    /** The longest error text stored. */
    static final int MAX_ERROR_LENGTH = 8000;
    /** The most instances a window's record names as having held it up. */
    static final int MAX_WAITS = 50;

    private static final String WINDOW_COLUMNS = "id, service_name, actor, holder, mode, started_at, ended_at, "
            + "outcome, version_before, version_after, planned, applied, error, failed_phase, phases, note, kept_state,"
            + " held_up_by";

    private final Db db;
    private final Tables tables;

    /**
     * Creates a store on the service's database and tables.
     *
     * @param db     the database
     * @param tables the table names
     */
    public MigrationStore(Db db, Tables tables) {
        this.db = db;
        this.tables = tables;
    }

    /**
     * The lock's current holder.
     *
     * @param windowId   the holding window
     * @param holder     the holding process
     * @param acquiredAt when it was taken
     * @param expiresAt  when it ends unless renewed
     */
    public record Lease(String windowId, String holder, Instant acquiredAt, Instant expiresAt) {
    }

    /**
     * A stored window with the operator's state it keeps, if any.
     *
     * @param record the window
     * @param kept   the operator's state to restore, or {@code null}
     */
    public record StoredWindow(MigrationRecord record, KeptState kept) {
    }

    /**
     * Takes the lease if it is free or expired: one conditional update (take over an expired lease), else one
     * insert (a free lock). A concurrent taker makes the update match nothing or the insert violate the key.
     *
     * @return whether this window now holds the lease
     */
    public boolean tryAcquire(String lockName, String windowId, String holder, Instant now, Instant expiresAt) {
        try {
            return db.with(c -> {
                int taken = db.update(c, "UPDATE " + tables.migrationLock() + " SET window_id = ?, holder = ?,"
                        + " acquired_at = ?, expires_at = ? WHERE lock_name = ? AND expires_at <= ?", windowId, holder,
                        Db.time(now), Db.time(expiresAt), lockName, Db.time(now));
                if (taken == 1) {
                    return true;
                }
                db.update(c, "INSERT INTO " + tables.migrationLock() + " (lock_name, window_id, holder, acquired_at,"
                        + " expires_at) VALUES (?, ?, ?, ?, ?)", lockName, windowId, holder, Db.time(now),
                        Db.time(expiresAt));
                return true;
            });
        } catch (SQLException e) {
            if (Db.isContention(e)) {
                return false;
            }
            throw failure("cannot take the migration lock", e);
        }
    }

    /** Extends the lease; {@code false} when this window no longer holds it. */
    public boolean renew(String lockName, String windowId, Instant expiresAt) {
        return run("cannot renew the migration lock", c -> db.update(c, "UPDATE " + tables.migrationLock()
                + " SET expires_at = ? WHERE lock_name = ? AND window_id = ?", Db.time(expiresAt), lockName,
                windowId) == 1);
    }

    /** Gives the lease up, if this window still holds it. */
    public void release(String lockName, String windowId) {
        run("cannot release the migration lock", c -> db.update(c, "DELETE FROM " + tables.migrationLock()
                + " WHERE lock_name = ? AND window_id = ?", lockName, windowId));
    }

    /** Reads the lease, expired or not. */
    public Optional<Lease> lease(String lockName) {
        return run("cannot read the migration lock", c -> lease(c, lockName));
    }

    private Optional<Lease> lease(Connection c, String lockName) throws SQLException {
        return db.first(c, "SELECT window_id, holder, acquired_at, expires_at FROM " + tables.migrationLock()
                + " WHERE lock_name = ?", rs -> new Lease(rs.getString("window_id"), rs.getString("holder"),
                Db.instant(rs, "acquired_at"), Db.instant(rs, "expires_at")), lockName);
    }

    /** Records a window as started (unfinished). */
    public void insert(String id, String serviceName, String actor, String holder, Mode mode, Instant startedAt,
            String versionBefore, List<PendingMigration> planned, KeptState kept) {
        List<List<String>> plannedRows = new ArrayList<>();
        planned.forEach(p -> plannedRows.add(Lines.row(p.version(), p.description(), p.script())));
        String keptText = kept == null ? null : Lines.write(List.of(Lines.row(kept.mode().name(), kept.message(),
                kept.until() == null ? null : kept.until().toString())));
        run("cannot record the migration window", c -> db.update(c, "INSERT INTO " + tables.migrationWindow()
                        + " (id, service_name, actor, holder, mode, started_at, version_before, planned, kept_state)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, serviceName, actor, holder, mode.name(),
                Db.time(startedAt), Db.text(truncate(versionBefore, 100)), Lines.write(plannedRows),
                Db.text(keptText)));
    }

    /** Completes a window's record. */
    public void finish(String id, Instant endedAt, MigrationOutcome outcome, String versionAfter,
            List<AppliedMigration> applied, String error, MigrationPhase failedPhase,
            Map<MigrationPhase, Long> phases, String note, List<InstanceWait> heldUpBy) {
        List<List<String>> appliedRows = new ArrayList<>();
        applied.forEach(a -> appliedRows.add(Lines.row(a.version(), a.description(), a.script(),
                Long.toString(a.executionMillis()))));
        List<List<String>> phaseRows = new ArrayList<>();
        phases.forEach((phase, millis) -> phaseRows.add(Lines.row(phase.name(), Long.toString(millis))));
        List<List<String>> waitRows = new ArrayList<>();
        heldUpBy.stream().limit(MAX_WAITS).forEach(w -> waitRows.add(Lines.row(w.instanceId(), w.host(),
                Long.toString(w.waitedMillis()), w.outcome().name(), truncate(w.reason(), 1000))));
        run("cannot complete the migration window's record", c -> db.update(c, "UPDATE " + tables.migrationWindow()
                        + " SET ended_at = ?, outcome = ?, version_after = ?, applied = ?, error = ?,"
                        + " failed_phase = ?, phases = ?, note = ?, held_up_by = ? WHERE id = ?", Db.time(endedAt),
                outcome.name(), Db.text(truncate(versionAfter, 100)), Lines.write(appliedRows),
                Db.text(truncate(error, MAX_ERROR_LENGTH)), Db.text(failedPhase == null ? null : failedPhase.name()),
                Lines.write(phaseRows), Db.text(truncate(note, 1000)), Db.text(waitRows.isEmpty() ? null
                        : Lines.write(waitRows)), id));
    }

    /** Reads one window of a service. */
    public Optional<StoredWindow> find(String serviceName, String id, Instant now) {
        return run("cannot read the migration windows", c -> {
            Optional<Lease> lease = lease(c, serviceName);
            return db.first(c, "SELECT " + WINDOW_COLUMNS + " FROM " + tables.migrationWindow()
                    + " WHERE id = ? AND service_name = ?", rs -> map(rs, lease, now), id, serviceName);
        });
    }

    /** Reads a service's newest windows first. */
    public List<StoredWindow> recent(String serviceName, int limit, Instant now) {
        return run("cannot read the migration windows", c -> {
            Optional<Lease> lease = lease(c, serviceName);
            return db.list(c, "SELECT " + WINDOW_COLUMNS + " FROM " + tables.migrationWindow()
                    + " WHERE service_name = ? ORDER BY started_at DESC, id DESC LIMIT " + limit,
                    rs -> map(rs, lease, now), serviceName);
        });
    }

    /**
     * Reads a service's newest window and whether its holder still holds the lock, in one statement (the
     * operators' status reads it on every request).
     */
    public Optional<MigrationRecord> latest(String serviceName, Instant now) {
        StringBuilder columns = new StringBuilder();
        for (String column : WINDOW_COLUMNS.split(",\\s*")) {
            columns.append(columns.length() == 0 ? "" : ", ").append("w.").append(column);
        }
        return run("cannot read the migration windows", c -> db.first(c, "SELECT " + columns
                + ", l.window_id AS lock_window_id, l.holder AS lock_holder, l.acquired_at AS lock_acquired_at,"
                + " l.expires_at AS lock_expires_at FROM " + tables.migrationWindow() + " w LEFT JOIN "
                + tables.migrationLock() + " l ON l.lock_name = w.service_name WHERE w.service_name = ?"
                + " ORDER BY w.started_at DESC, w.id DESC LIMIT 1", rs -> {
                    String holding = rs.getString("lock_window_id");
                    Optional<Lease> lease = holding == null ? Optional.empty()
                            : Optional.of(new Lease(holding, rs.getString("lock_holder"),
                                    Db.instant(rs, "lock_acquired_at"), Db.instant(rs, "lock_expires_at")));
                    return map(rs, lease, now).record();
                }, serviceName));
    }

    /** Returns the database's kind. */
    public Schema.Dialect dialect() {
        return run("cannot read the database's kind", Schema.Dialect::of);
    }

    /** Reads the newest window of a service other than {@code excludedId}. */
    public Optional<StoredWindow> latestOther(String serviceName, String excludedId, Instant now) {
        return run("cannot read the migration windows", c -> {
            Optional<Lease> lease = lease(c, serviceName);
            return db.first(c, "SELECT " + WINDOW_COLUMNS + " FROM " + tables.migrationWindow()
                    + " WHERE service_name = ? AND id <> ? ORDER BY started_at DESC, id DESC LIMIT 1",
                    rs -> map(rs, lease, now), serviceName, excludedId);
        });
    }

    private static StoredWindow map(ResultSet rs, Optional<Lease> lease, Instant now) throws SQLException {
        String id = rs.getString("id");
        String outcome = rs.getString("outcome");
        String failedPhase = rs.getString("failed_phase");
        Instant endedAt = Db.instant(rs, "ended_at");
        boolean running = endedAt == null && lease.isPresent() && lease.get().windowId().equals(id)
                && lease.get().expiresAt().isAfter(now);
        List<PendingMigration> planned = new ArrayList<>();
        for (List<String> r : Lines.read(rs.getString("planned"), 3)) {
            planned.add(new PendingMigration(r.get(0), r.get(1), r.get(2)));
        }
        List<AppliedMigration> applied = new ArrayList<>();
        for (List<String> r : Lines.read(rs.getString("applied"), 4)) {
            applied.add(new AppliedMigration(r.get(0), r.get(1), r.get(2), Long.parseLong(r.get(3))));
        }
        Map<MigrationPhase, Long> phases = new EnumMap<>(MigrationPhase.class);
        for (List<String> r : Lines.read(rs.getString("phases"), 2)) {
            phases.put(MigrationPhase.valueOf(r.get(0)), Long.parseLong(r.get(1)));
        }
        List<InstanceWait> waits = new ArrayList<>();
        for (List<String> r : Lines.read(rs.getString("held_up_by"), 5)) {
            InstanceWait.Outcome waitOutcome;
            try {
                waitOutcome = InstanceWait.Outcome.valueOf(r.get(3));
            } catch (IllegalArgumentException | NullPointerException e) {
                waitOutcome = InstanceWait.Outcome.TIMED_OUT;
            }
            waits.add(new WaitValue(r.get(0), r.get(1), r.get(2) == null ? 0 : Long.parseLong(r.get(2)), r.get(4),
                    waitOutcome));
        }
        MigrationRecord record = new RecordValue(id, rs.getString("service_name"), rs.getString("actor"),
                rs.getString("holder"), Mode.valueOf(rs.getString("mode")), Db.instant(rs, "started_at"), endedAt,
                outcome == null ? null : MigrationOutcome.valueOf(outcome), rs.getString("version_before"),
                rs.getString("version_after"), planned, applied, rs.getString("error"),
                failedPhase == null ? null : MigrationPhase.valueOf(failedPhase), phases, running,
                rs.getString("note"), waits);
        KeptState kept = null;
        for (List<String> r : Lines.read(rs.getString("kept_state"), 3)) {
            kept = new KeptState(Mode.valueOf(r.get(0)), r.get(1), r.get(2) == null ? null : Instant.parse(r.get(2)));
        }
        return new StoredWindow(record, kept);
    }

    private <T> T run(String what, Db.Work<T> work) {
        try {
            return db.with(work);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static MaintenanceException failure(String what, SQLException e) {
        return new MaintenanceException(what + ": " + dev.intermission.internal.StoreFailures.describe(e), e);
    }

    static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "\u2026";
    }
}
