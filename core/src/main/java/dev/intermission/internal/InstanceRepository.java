package dev.intermission.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.intermission.Mode;

/**
 * Reads and writes {@code service_instance}: one row per running instance, registered at start, renewed by one
 * UPDATE per heartbeat, deleted on a clean stop, and ignored by readers once its lease has ended.
 */
public final class InstanceRepository {

    /** The most instances read at once. */
    public static final int MAX_INSTANCES = 1000;
    /** The longest text stored for the running jobs' names. */
    static final int MAX_JOBS_TEXT = 1000;

    private static final String COLUMNS = "instance_id, host_name, process_id, app_version, started_at, heartbeat_at,"
            + " expires_at, state_version, effective_mode, stale, fail_safe, listening, in_flight_requests,"
            + " in_flight_writes, in_flight_jobs, running_jobs";

    /**
     * What an instance reports with each heartbeat.
     *
     * @param version   the state version it holds
     * @param mode      the mode it applies
     * @param stale     whether its state is stale
     * @param failSafe  whether it applies its fail-safe mode
     * @param listening whether it hears pushed changes
     * @param work      its work in flight
     */
    public record Heartbeat(long version, Mode mode, boolean stale, boolean failSafe, boolean listening,
            LocalWork work) {
    }

    private final Db db;
    private final Tables tables;

    /**
     * Creates a repository.
     *
     * @param db     the database
     * @param tables the table names
     */
    public InstanceRepository(Db db, Tables tables) {
        this.db = db;
        this.tables = tables;
    }

    /**
     * Registers an instance: deletes the service's rows whose lease has ended and any row left under the same id,
     * then inserts this one.
     *
     * @param serviceName the service
     * @param who         the instance
     * @param beat        what it reports
     * @param now         the time
     * @param lease       how long the row stays live without a heartbeat
     * @throws SQLException when the database cannot be written
     */
    public void register(String serviceName, InstanceIdentity who, Heartbeat beat, Instant now, Duration lease)
            throws SQLException {
        db.with(c -> {
            db.update(c, "DELETE FROM " + tables.serviceInstance() + " WHERE service_name = ? AND (expires_at < ?"
                    + " OR instance_id = ?)", serviceName, Db.time(now), who.id());
            insert(c, serviceName, who, beat, now, lease);
            return null;
        });
    }

    /**
     * Renews an instance's row with one UPDATE; inserts it again when it is gone (deleted as expired after an
     * outage, or never registered because the database was down at start).
     *
     * @param serviceName the service
     * @param who         the instance
     * @param beat        what it reports
     * @param now         the time
     * @param lease       how long the row stays live without another heartbeat
     * @throws SQLException when the database cannot be written
     */
    public void heartbeat(String serviceName, InstanceIdentity who, Heartbeat beat, Instant now, Duration lease)
            throws SQLException {
        db.with(c -> {
            LocalWork w = beat.work();
            int updated = db.update(c, "UPDATE " + tables.serviceInstance() + " SET heartbeat_at = ?, expires_at = ?,"
                            + " state_version = ?, effective_mode = ?, stale = ?, fail_safe = ?, listening = ?,"
                            + " in_flight_requests = ?, in_flight_writes = ?, in_flight_jobs = ?, running_jobs = ?"
                            + " WHERE service_name = ? AND instance_id = ?",
                    Db.time(now), Db.time(now.plus(lease)), beat.version(), beat.mode().name(), beat.stale(),
                    beat.failSafe(), beat.listening(), w.requests(), w.writes(), w.jobs(), Db.text(jobsText(w)),
                    serviceName, who.id());
            if (updated == 0) {
                try {
                    insert(c, serviceName, who, beat, now, lease);
                } catch (SQLException e) {
                    if (!Db.isContention(e)) {
                        throw e;
                    }
                    // Inserted meanwhile by this instance's own registration: the next heartbeat renews it.
                }
            }
            return null;
        });
    }

    private void insert(java.sql.Connection c, String serviceName, InstanceIdentity who, Heartbeat beat,
            Instant now, Duration lease) throws SQLException {
        LocalWork w = beat.work();
        db.update(c, "INSERT INTO " + tables.serviceInstance() + " (service_name, " + COLUMNS + ")"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                serviceName, who.id(), who.host(), who.process(), Db.text(who.applicationVersion()),
                Db.time(who.startedAt()), Db.time(now), Db.time(now.plus(lease)), beat.version(), beat.mode().name(),
                beat.stale(), beat.failSafe(), beat.listening(), w.requests(), w.writes(), w.jobs(),
                Db.text(jobsText(w)));
    }

    /**
     * Deletes an instance's row: a clean stop.
     *
     * @param serviceName the service
     * @param instanceId  the instance
     * @throws SQLException when the database cannot be written
     */
    public void deregister(String serviceName, String instanceId) throws SQLException {
        db.with(c -> db.update(c, "DELETE FROM " + tables.serviceInstance() + " WHERE service_name = ?"
                + " AND instance_id = ?", serviceName, instanceId));
    }

    /**
     * Reads the service's instances whose lease has not ended, oldest first; text read back is bounded and free
     * of control characters, whoever wrote it.
     *
     * @param serviceName the service
     * @param now         the time the leases are judged at
     * @return the live instances, at most {@link #MAX_INSTANCES}
     * @throws SQLException when the database cannot be read
     */
    public List<InstanceValue> live(String serviceName, Instant now) throws SQLException {
        return db.with(c -> db.list(c, "SELECT " + COLUMNS + " FROM " + tables.serviceInstance()
                + " WHERE service_name = ? AND expires_at > ? ORDER BY started_at, instance_id LIMIT " + MAX_INSTANCES,
                InstanceRepository::map, serviceName, Db.time(now)));
    }

    private static InstanceValue map(ResultSet rs) throws SQLException {
        Mode mode;
        try {
            mode = Mode.valueOf(rs.getString("effective_mode"));
        } catch (IllegalArgumentException | NullPointerException e) {
            // Not written by the library: take the strictest reading.
            mode = Mode.FULL;
        }
        String jobs = rs.getString("running_jobs");
        List<String> names = new ArrayList<>();
        if (jobs != null && !jobs.isEmpty()) {
            Arrays.stream(jobs.split("\n")).limit(LocalWork.MAX_NAMES)
                    .forEach(n -> names.add(Checks.shown(n, Checks.MAX_JOB_NAME_LENGTH)));
        }
        return new InstanceValue(
                Checks.shown(rs.getString("instance_id"), Checks.MAX_INSTANCE_ID_LENGTH),
                Checks.shown(rs.getString("host_name"), Checks.MAX_HOST_LENGTH),
                Checks.shown(rs.getString("process_id"), 50),
                Checks.shown(rs.getString("app_version"), Checks.MAX_APPLICATION_VERSION_LENGTH),
                Db.instant(rs, "started_at"),
                Db.instant(rs, "heartbeat_at"),
                Db.instant(rs, "expires_at"),
                rs.getLong("state_version"),
                mode,
                rs.getBoolean("stale"),
                rs.getBoolean("fail_safe"),
                rs.getBoolean("listening"),
                Math.max(0, rs.getInt("in_flight_requests")),
                Math.max(0, rs.getInt("in_flight_writes")),
                Math.max(0, rs.getInt("in_flight_jobs")),
                names,
                false);
    }

    /** The running jobs' names, one a line, cut to fit the column. */
    static String jobsText(LocalWork w) {
        if (w.jobNames().isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (String name : w.jobNames()) {
            if (b.length() + name.length() + 1 > MAX_JOBS_TEXT) {
                break;
            }
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(name);
        }
        return b.length() == 0 ? null : b.toString();
    }
}
