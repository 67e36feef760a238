package dev.intermission;

import java.time.Instant;
import java.util.List;

/**
 * The live instances of one service as read from the database at one instant, and how many of them hold the
 * current version of the maintenance state.
 */
public interface ClusterView {

    /**
     * Returns the service.
     *
     * @return the service name
     */
    String serviceName();

    /**
     * Returns the newest version of the maintenance state known: this instance's, or a newer one an instance
     * reports.
     *
     * @return the current version
     */
    long currentVersion();

    /**
     * Returns the live instances (those whose lease has not ended), this one included, oldest first.
     *
     * @return the instances
     */
    List<ServiceInstance> instances();

    /**
     * Returns when this view was read.
     *
     * @return the instant
     */
    Instant asOf();

    /**
     * Returns how many instances are live.
     *
     * @return the number of {@link #instances()}
     */
    default int live() {
        return instances().size();
    }

    /**
     * Returns how many live instances hold the {@linkplain #currentVersion() current version}.
     *
     * @return zero or more
     */
    default int holdingCurrentVersion() {
        return (int) instances().stream().filter(i -> i.stateVersion() >= currentVersion()).count();
    }
}
