package dev.intermission.servlet;

/**
 * Hears the outcome of every request the maintenance filter decides on, for metrics; set it with
 * {@link MaintenanceFilterConfig.Builder#outcomeListener(RequestOutcomeListener)}.
 *
 * <p>It is called once per request, on the request thread, before the request goes on or is refused, so it must
 * be fast and must not block. A listener that throws is logged once and never breaks a request.
 */
@FunctionalInterface
public interface RequestOutcomeListener {

    /**
     * Called with what the filter did with one request.
     *
     * @param outcome the outcome
     */
    void onOutcome(RequestOutcome outcome);
}
