package dev.intermission;

import java.time.Instant;
import java.util.List;

/**
 * One running instance of a service as it last reported itself: who it is, which version of the state it holds,
 * the mode it applies, and the work it has in flight. Text fields are bounded and free of control characters.
 */
public interface ServiceInstance {

    /**
     * Returns the instance's id, unique among the instances of its service.
     *
     * @return the id
     */
    String id();

    /**
     * Returns the host name the instance runs on.
     *
     * @return the host name
     */
    String host();

    /**
     * Returns the operating system's id of the instance's process.
     *
     * @return the process id
     */
    String process();

    /**
     * Returns the version of the application, as given to {@link Maintenance.Builder#applicationVersion(String)}.
     *
     * @return the version, or {@code null} when none was given
     */
    String applicationVersion();

    /**
     * Returns when the instance started.
     *
     * @return the start
     */
    Instant startedAt();

    /**
     * Returns when the instance last reported itself in the database.
     *
     * @return the last heartbeat, or {@code null} when it has not reported itself yet
     */
    Instant lastHeartbeat();

    /**
     * Returns when the instance is taken for dead unless it reports itself again (its heartbeat plus its lease).
     *
     * @return the end of its lease, or {@code null} when it has not reported itself yet
     */
    Instant expiresAt();

    /**
     * Returns the version of the maintenance state the instance holds.
     *
     * @return the version
     */
    long stateVersion();

    /**
     * Returns the mode the instance applies.
     *
     * @return the effective mode
     */
    Mode effectiveMode();

    /**
     * Returns whether the instance could not confirm the state recently.
     *
     * @return whether its state is stale
     */
    boolean stale();

    /**
     * Returns whether the instance applies its fail-safe mode because it could not read the state for longer than
     * its lease.
     *
     * @return whether it is in its fail-safe mode
     */
    boolean failSafe();

    /**
     * Returns whether the instance hears changes pushed by the database (PostgreSQL), besides polling.
     *
     * @return whether it listens
     */
    boolean listening();

    /**
     * Returns the requests in flight on the instance.
     *
     * @return zero or more
     */
    int requestsInFlight();

    /**
     * Returns the requests in flight on the instance that may write (not a safe method).
     *
     * @return zero or more, at most {@link #requestsInFlight()}
     */
    int writesInFlight();

    /**
     * Returns the background jobs running on the instance.
     *
     * @return zero or more
     */
    int jobsInFlight();

    /**
     * Returns the names of the background jobs running on the instance (at most ten).
     *
     * @return the names
     */
    List<String> runningJobs();

    /**
     * Returns whether this is the instance that answers (its values are live, not as last reported).
     *
     * @return whether it is this instance
     */
    boolean local();
}
