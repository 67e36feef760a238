package dev.intermission.internal;

import java.time.Instant;
import java.util.List;

import dev.intermission.ClusterView;
import dev.intermission.ServiceInstance;

/**
 * The library's ClusterView: one immutable value.
 *
 * @param serviceName    the service
 * @param currentVersion the newest version known
 * @param instances      the live instances
 * @param asOf           when it was read
 * @param registered     whether this instance's own row was found (otherwise the table says nothing reliable)
 */
public record ClusterValue(String serviceName, long currentVersion, List<ServiceInstance> instances, Instant asOf,
        boolean registered) implements ClusterView {

    /** Copies the list. */
    public ClusterValue {
        instances = List.copyOf(instances);
    }
}
