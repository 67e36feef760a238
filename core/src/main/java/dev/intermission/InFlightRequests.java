package dev.intermission;

/**
 * Counts the requests this instance let through that are still running, so a migration window can wait for
 * them to drain; the servlet filter provides one.
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
}
