package dev.intermission;

import java.time.Duration;
import java.util.List;

import dev.intermission.background.BackgroundWork;

/**
 * The maintenance state of one service, read from memory and switched through the database.
 *
 * <p>Reads ({@link #status()}, {@link #effectiveMode()}) never touch the database, never block and never throw:
 * they answer from a snapshot that a background refresher keeps current. The refresher checks the row's version
 * once per {@link #refreshInterval()} with one small query, reloads the row only when it changed, and reports this
 * instance with one UPDATE (its heartbeat; see {@link #instances()}). So:
 * <ul>
 *   <li>this instance sees its own changes at once;</li>
 *   <li>on PostgreSQL, other instances hear a change within milliseconds of its commit ({@code NOTIFY}); elsewhere,
 *       or while their listening connection is lost, they see it at most one refresh interval plus the time of
 *       one query after its commit;</li>
 *   <li>a scheduled window opens and closes on time on every instance, because the effective mode is computed
 *       from the cached row and the clock;</li>
 *   <li>when the database is down or slow, reads keep the last state and report it as {@linkplain
 *       MaintenanceStatus#stale() stale}; the refresher recovers by itself.</li>
 * </ul>
 *
 * <p>Create one with {@link Maintenance#newBuilder()}; close it to stop its refresher and its own pool.
 */
public interface MaintenanceService extends AutoCloseable {

    /**
     * Returns the name of the service whose state this is.
     *
     * @return the service name
     */
    String serviceName();

    /**
     * Returns the state as of now, from memory.
     *
     * @return the current status; never {@code null}
     */
    MaintenanceStatus status();

    /**
     * Returns the mode in force now, from memory: the cheapest read, for the request path.
     *
     * @return the effective mode
     */
    Mode effectiveMode();

    /**
     * Applies a change atomically: the new state and its history row are written in one transaction, and the
     * version grows by exactly one. Listeners on this instance hear it before this method returns.
     *
     * @param change the change
     * @return the state right after the change
     * @throws IllegalArgumentException when the change's expected end (or window end) is not in the future
     * @throws VersionConflictException when the change expected another version; nothing was written
     * @throws MaintenanceException     when the database cannot be written; nothing was written
     */
    MaintenanceStatus apply(MaintenanceChange change);

    /**
     * Switches maintenance on: a shorthand for {@link #apply(MaintenanceChange)}.
     *
     * @param mode    {@link Mode#READ_ONLY} or {@link Mode#FULL}
     * @param message the message shown to users, or {@code null}
     * @param actor   who makes the change
     * @return the state right after the change
     */
    default MaintenanceStatus enable(Mode mode, String message, String actor) {
        return apply(MaintenanceChange.enable(mode).message(message).actor(actor).build());
    }

    /**
     * Switches maintenance off: a shorthand for {@link #apply(MaintenanceChange)}.
     *
     * @param actor who makes the change
     * @return the state right after the change
     */
    default MaintenanceStatus disable(String actor) {
        return apply(MaintenanceChange.disable().actor(actor).build());
    }

    /**
     * Reads the audit history from the database, newest first.
     *
     * @param limit the most entries to return, 1 to {@value #MAX_HISTORY_LIMIT}
     * @return the entries, newest first
     * @throws IllegalArgumentException when {@code limit} is out of range
     * @throws MaintenanceException     when the database cannot be read
     */
    List<HistoryEntry> history(int limit);

    /** The largest {@code limit} that {@link #history(int)} accepts. */
    int MAX_HISTORY_LIMIT = 1000;

    /**
     * Reads the state from the database now, instead of waiting for the next refresh.
     *
     * @return the fresh state
     * @throws MaintenanceException when the database cannot be read; the snapshot is then marked stale
     */
    MaintenanceStatus refresh();

    /**
     * Rewrites a missing or corrupt stored state (a deleted row, a mode the library does not write, an impossible
     * version) from the history's last entry, and records the repair in the history as a change of its own: the
     * state the history last recorded is kept, the version goes one up (versions stay gapless), and every
     * instance serves it again with its next refresh. Logs one line. When the stored state is fine, or the service
     * has never been changed, nothing is written: the status comes back at the version it had.
     *
     * @param actor who repairs it, recorded in the history
     * @return the status after the repair, read fresh
     * @throws InvalidValueException naming {@code actor} when it is blank or too long
     * @throws MaintenanceException  when the database cannot be written
     */
    default MaintenanceStatus repair(String actor) {
        throw new UnsupportedOperationException("repair is offered by services built by Maintenance.newBuilder()");
    }

    /**
     * Returns how often the background refresher checks the database.
     *
     * @return the refresh interval
     */
    Duration refreshInterval();

    /**
     * Adds a listener that hears every later change.
     *
     * @param listener the listener
     */
    void addListener(MaintenanceListener listener);

    /**
     * Removes a listener.
     *
     * @param listener the listener
     * @return whether it was registered
     */
    boolean removeListener(MaintenanceListener listener);

    /**
     * Reads the live instances of this service from the database: each one registers itself at start, renews
     * its row with every refresh and deletes it on {@link #close()}; one that dies is left out once its lease
     * ends. This instance's own values are live.
     *
     * @return the instances and how many hold the current version
     * @throws MaintenanceException when the database cannot be read
     * @throws UnsupportedOperationException when the service is not the library's
     */
    default ClusterView instances() {
        throw new UnsupportedOperationException("instances are tracked by services built by Maintenance.newBuilder()");
    }

    /**
     * Adds a counter of this instance's in-flight requests, reported with every heartbeat so that a migration
     * window on any instance waits for them; the servlet filter adds itself.
     *
     * @param requests the counter
     * @throws InvalidValueException when {@code null}
     */
    default void addInFlightRequests(InFlightRequests requests) {
        throw new UnsupportedOperationException("instances are tracked by services built by Maintenance.newBuilder()");
    }

    /**
     * Removes a counter added with {@link #addInFlightRequests(InFlightRequests)}.
     *
     * @param requests the counter
     * @return whether it was added
     */
    default boolean removeInFlightRequests(InFlightRequests requests) {
        return false;
    }

    /**
     * Returns this instance's background work, which pauses while maintenance is on: wrap executors, or guard
     * jobs that run their own way; running jobs count in this instance's in-flight work, so a migration window
     * waits for them.
     *
     * @return the background work of this instance
     * @throws UnsupportedOperationException when the service is not the library's
     */
    default BackgroundWork background() {
        throw new UnsupportedOperationException("background work is tracked by services built by "
                + "Maintenance.newBuilder()");
    }

    /**
     * Stops the refresher, deletes this instance's row from the instances, and closes the connection pool the
     * service opened itself (never the caller's).
     */
    @Override
    void close();
}
