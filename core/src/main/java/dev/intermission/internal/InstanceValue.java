package dev.intermission.internal;

import java.time.Instant;
import java.util.List;

import dev.intermission.Mode;
import dev.intermission.ServiceInstance;

/** The library's ServiceInstance: one immutable value. */
public record InstanceValue(
        String id,
        String host,
        String process,
        String applicationVersion,
        Instant startedAt,
        Instant lastHeartbeat,
        Instant expiresAt,
        long stateVersion,
        Mode effectiveMode,
        boolean stale,
        boolean failSafe,
        boolean listening,
        int requestsInFlight,
        int writesInFlight,
        int jobsInFlight,
        List<String> runningJobs,
        boolean local) implements ServiceInstance {

    /** Copies the list. */
    public InstanceValue {
        runningJobs = runningJobs == null ? List.of() : List.copyOf(runningJobs);
    }

    /**
     * Returns the work in flight as one value.
     *
     * @return the work
     */
    public LocalWork work() {
        return new LocalWork(requestsInFlight, writesInFlight, jobsInFlight, runningJobs);
    }
}
