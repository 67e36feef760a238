package dev.intermission.internal;

import java.time.Duration;
import java.time.InstantSource;

import dev.intermission.InFlightRequests;
import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;

/**
 * What the library's own parts (the migration window, its history) need of a service beyond the public API: its
 * database, its table names, its clock, and its schema made ready. The seam between the public service and them.
 */
public interface Engine extends MaintenanceService {

    /**
     * Returns the database helper on the service's DataSource.
     *
     * @return the database
     */
    Db db();

    /**
     * Returns the library's table names.
     *
     * @return the tables
     */
    Tables tables();

    /**
     * Returns the clock of scheduled windows, expected ends and timestamps.
     *
     * @return the clock
     */
    InstantSource clock();

    /**
     * Makes sure the library's tables exist as the service's schema mode says, now.
     *
     * @throws dev.intermission.MaintenanceException when they cannot be created or are not valid
     */
    void ensureSchema();

    /**
     * Closes this instance alone, whatever the stored state says, until {@link #releaseHold()}: a start-up
     * migration keeps its instance closed this way until the schema is at its target, even while the database
     * cannot be reached to switch maintenance on for everyone.
     *
     * @param mode    the mode this instance applies at least
     * @param message the message its users see meanwhile
     */
    void hold(Mode mode, String message);

    /** Ends this instance's {@link #hold(Mode, String)}; the stored state alone applies again. */
    void releaseHold();

    /**
     * Returns who this instance is.
     *
     * @return its identity
     */
    InstanceIdentity identity();

    /**
     * Returns how long this instance stays listed without a heartbeat.
     *
     * @return the lease
     */
    Duration instanceLease();

    /**
     * Returns the work this instance has in flight now, from memory.
     *
     * @return the work
     */
    LocalWork localWork();

    /**
     * Returns whether a counter was added with {@link #addInFlightRequests(InFlightRequests)}.
     *
     * @param requests the counter
     * @return whether its count is already part of {@link #localWork()}
     */
    boolean tracks(InFlightRequests requests);

    /**
     * Reads the live instances, with whether this instance's own row was among them.
     *
     * @return the instances
     * @throws dev.intermission.MaintenanceException when the database cannot be read
     */
    ClusterValue cluster();

    /**
     * Returns whether the service has been closed.
     *
     * @return whether it is closed
     */
    boolean closed();

    /**
     * Returns the library's side of a service built by {@link dev.intermission.Maintenance#newBuilder()}.
     *
     * @param service the service
     * @return its engine
     * @throws InvalidValueException when the service is another implementation
     */
    static Engine of(MaintenanceService service) {
        if (service instanceof Engine engine) {
            return engine;
        }
        throw new InvalidValueException("maintenance", service == null ? null : service.getClass().getName(),
                "must be a service built by Maintenance.newBuilder()");
    }
}
