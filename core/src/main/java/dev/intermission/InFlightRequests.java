package dev.intermission;

/**
 * Counts the requests this instance let through that are still running, so a migration window can wait for
 * them to drain; the servlet filter provides one. Register it with
 * {@link MaintenanceService#addInFlightRequests(InFlightRequests)} so the instance reports it to the others.
 */
@FunctionalInterface
public interface InFlightRequests {

    /** A counter that always reports zero, for applications without a filter. */
    InFlightRequests NONE = () -> 0;

    /**
     * Returns the number of requests let through that have not finished yet (async requests included).
     *
     * @return zero or more
     */
    int inFlight();

    /**
     * Returns the number of those requests that may write (not a safe method such as GET): what a read-only
     * window waits for. Unless overridden, every request counts as one that may write.
     *
     * @return zero or more, at most {@link #inFlight()}
     */
    default int writesInFlight() {
        return inFlight();
    }
}
