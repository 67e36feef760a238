package dev.intermission.internal.migration;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import dev.intermission.Mode;
import dev.intermission.internal.Json;
import dev.intermission.internal.ServiceContextRepository;
import dev.intermission.internal.Tables;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationPhase;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.PendingMigration;

/**
 * Reads and writes the migration windows and the lock's lease with Jdbi, in portable SQL (H2, PostgreSQL,
 * MySQL/MariaDB). Every lock statement runs on its own (auto-commit), so each one is atomic by itself.
 */
public final class MigrationStore {

    /** The longest error text stored. */
    static final int MAX_ERROR_LENGTH = 8000;

    private static final String WINDOW_COLUMNS = "id, service_name, actor, holder, mode, started_at, ended_at, "
            + "outcome, version_before, version_after, planned, applied, error, failed_phase, phases, kept_state";
    private static final TypeReference<List<PendingMigration>> PLANNED = new TypeReference<>() { };
    private static final TypeReference<List<AppliedMigration>> APPLIED = new TypeReference<>() { };
    private static final TypeReference<Map<MigrationPhase, Long>> PHASES = new TypeReference<>() { };

    private final Jdbi jdbi;
    private final Tables tables;

    /** Creates a store on the service's database and tables. */
    public MigrationStore(Jdbi jdbi, Tables tables) {
        this.jdbi = jdbi;
        this.tables = tables;
    }

    /** The lock's current holder. */
    public record Lease(String windowId, String holder, Instant acquiredAt, Instant expiresAt) {
    }

    /** A stored window with the operator's state it keeps, if any. */
    public record StoredWindow(MigrationRecord record, KeptState kept) {
    }

    // ---- the lock

    /**
     * Takes the lease if it is free or expired: one conditional update (take over an expired lease), else one
     * insert (a free lock). A concurrent taker makes the update match nothing or the insert violate the key.
     *
     * @return whether this window now holds the lease
     */
    public boolean tryAcquire(String lockName, String windowId, String holder, Instant now, Instant expiresAt) {
        try {
            int taken = jdbi.withHandle(h -> h.createUpdate("UPDATE " + tables.migrationLock()
                            + " SET window_id = :id, holder = :holder, acquired_at = :now, expires_at = :expires"
                            + " WHERE lock_name = :name AND expires_at <= :now")
                    .bind("id", windowId)
                    .bind("holder", holder)
                    .bindByType("now", db(now), LocalDateTime.class)
                    .bindByType("expires", db(expiresAt), LocalDateTime.class)
                    .bind("name", lockName)
                    .execute());
            if (taken == 1) {
                return true;
            }
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO " + tables.migrationLock()
                            + " (lock_name, window_id, holder, acquired_at, expires_at)"
                            + " VALUES (:name, :id, :holder, :now, :expires)")
                    .bind("name", lockName)
                    .bind("id", windowId)
                    .bind("holder", holder)
                    .bindByType("now", db(now), LocalDateTime.class)
                    .bindByType("expires", db(expiresAt), LocalDateTime.class)
                    .execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (isContention(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Extends the lease; {@code false} when this window no longer holds it. */
    public boolean renew(String lockName, String windowId, Instant expiresAt) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE " + tables.migrationLock()
                        + " SET expires_at = :expires WHERE lock_name = :name AND window_id = :id")
                .bindByType("expires", db(expiresAt), LocalDateTime.class)
                .bind("name", lockName)
                .bind("id", windowId)
                .execute()) == 1;
    }

    /** Gives the lease up, if this window still holds it. */
    public void release(String lockName, String windowId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM " + tables.migrationLock()
                        + " WHERE lock_name = :name AND window_id = :id")
                .bind("name", lockName)
                .bind("id", windowId)
                .execute());
    }

    /** Reads the lease, expired or not. */
    public Optional<Lease> lease(String lockName) {
        return jdbi.withHandle(h -> h.createQuery("SELECT window_id, holder, acquired_at, expires_at FROM "
                        + tables.migrationLock() + " WHERE lock_name = :name")
                .bind("name", lockName)
                .map((rs, ctx) -> new Lease(rs.getString("window_id"), rs.getString("holder"),
                        ServiceContextRepository.instant(rs, "acquired_at"),
                        ServiceContextRepository.instant(rs, "expires_at")))
                .findOne());
    }

    // ---- the windows

    /** Records a window as started (unfinished). */
    public void insert(String id, String serviceName, String actor, String holder, Mode mode, Instant startedAt,
            String versionBefore, List<PendingMigration> planned, KeptState kept) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO " + tables.migrationWindow()
                        + " (id, service_name, actor, holder, mode, started_at, version_before, planned, kept_state)"
                        + " VALUES (:id, :service, :actor, :holder, :mode, :startedAt, :versionBefore, :planned,"
                        + " :kept)")
                .bind("id", id)
                .bind("service", serviceName)
                .bind("actor", actor)
                .bind("holder", holder)
                .bind("mode", mode.name())
                .bindByType("startedAt", db(startedAt), LocalDateTime.class)
                .bindByType("versionBefore", version(versionBefore), String.class)
                .bind("planned", Json.write(planned))
                .bindByType("kept", kept == null ? null : Json.write(kept), String.class)
                .execute());
    }

    /** Completes a window's record. */
    public void finish(String id, Instant endedAt, MigrationOutcome outcome, String versionAfter,
            List<AppliedMigration> applied, String error, MigrationPhase failedPhase,
            Map<MigrationPhase, Long> phases) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE " + tables.migrationWindow()
                        + " SET ended_at = :endedAt, outcome = :outcome, version_after = :versionAfter,"
                        + " applied = :applied, error = :error, failed_phase = :failedPhase, phases = :phases"
                        + " WHERE id = :id")
                .bindByType("endedAt", db(endedAt), LocalDateTime.class)
                .bind("outcome", outcome.name())
                .bindByType("versionAfter", version(versionAfter), String.class)
                .bind("applied", Json.write(applied))
                .bindByType("error", truncate(error, MAX_ERROR_LENGTH), String.class)
                .bindByType("failedPhase", failedPhase == null ? null : failedPhase.name(), String.class)
                .bind("phases", Json.write(phases))
                .bind("id", id)
                .execute());
    }

    /** Reads one window of a service. */
    public Optional<StoredWindow> find(String serviceName, String id, Instant now) {
        Optional<Lease> lease = lease(serviceName);
        return jdbi.withHandle(h -> h.createQuery("SELECT " + WINDOW_COLUMNS + " FROM " + tables.migrationWindow()
                        + " WHERE id = :id AND service_name = :service")
                .bind("id", id)
                .bind("service", serviceName)
                .map((rs, ctx) -> map(rs, lease, now))
                .findOne());
    }

    /** Reads a service's newest windows first. */
    public List<StoredWindow> recent(String serviceName, int limit, Instant now) {
        Optional<Lease> lease = lease(serviceName);
        return jdbi.withHandle(h -> h.createQuery("SELECT " + WINDOW_COLUMNS + " FROM " + tables.migrationWindow()
                        + " WHERE service_name = :service ORDER BY started_at DESC, id DESC LIMIT " + limit)
                .bind("service", serviceName)
                .map((rs, ctx) -> map(rs, lease, now))
                .list());
    }

    /** Reads the newest window of a service other than {@code excludedId}. */
    public Optional<StoredWindow> latestOther(String serviceName, String excludedId, Instant now) {
        Optional<Lease> lease = lease(serviceName);
        return jdbi.withHandle(h -> h.createQuery("SELECT " + WINDOW_COLUMNS + " FROM " + tables.migrationWindow()
                        + " WHERE service_name = :service AND id <> :id ORDER BY started_at DESC, id DESC LIMIT 1")
                .bind("service", serviceName)
                .bind("id", excludedId)
                .map((rs, ctx) -> map(rs, lease, now))
                .findOne());
    }

    private static StoredWindow map(ResultSet rs, Optional<Lease> lease, Instant now) throws SQLException {
        String id = rs.getString("id");
        String outcome = rs.getString("outcome");
        String failedPhase = rs.getString("failed_phase");
        Instant endedAt = ServiceContextRepository.instant(rs, "ended_at");
        boolean running = endedAt == null && lease.isPresent() && lease.get().windowId().equals(id)
                && lease.get().expiresAt().isAfter(now);
        MigrationRecord record = new MigrationRecord(
                id,
                rs.getString("service_name"),
                rs.getString("actor"),
                rs.getString("holder"),
                Mode.valueOf(rs.getString("mode")),
                ServiceContextRepository.instant(rs, "started_at"),
                endedAt,
                outcome == null ? null : MigrationOutcome.valueOf(outcome),
                rs.getString("version_before"),
                rs.getString("version_after"),
                read(rs.getString("planned"), PLANNED),
                read(rs.getString("applied"), APPLIED),
                rs.getString("error"),
                failedPhase == null ? null : MigrationPhase.valueOf(failedPhase),
                read(rs.getString("phases"), PHASES),
                running);
        String kept = rs.getString("kept_state");
        return new StoredWindow(record, kept == null ? null : read(kept, new TypeReference<KeptState>() { }));
    }

    // Temporary: the records move to plain columns with the JDBC store.
    private static final com.fasterxml.jackson.databind.ObjectMapper READER =
            new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules();

    private static <T> T read(String json, TypeReference<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return READER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in a migration window record: " + e.getOriginalMessage(),
                    e);
        }
    }

    private static LocalDateTime db(Instant instant) {
        return ServiceContextRepository.toDb(instant);
    }

    private static String version(String version) {
        return truncate(version, 100);
    }

    static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "\u2026";
    }

    /**
     * Whether a lock statement lost a race: a key violation (another holder inserted first), a serialization
     * failure or deadlock, or a concurrent update of the same row.
     */
    private static boolean isContention(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("23") || state.equals("40001") || state.equals("40P01"))) {
                    return true;
                }
                // H2: concurrent update of the same row.
                if (sql.getErrorCode() == 90131) {
                    return true;
                }
            }
        }
        return false;
    }
}
