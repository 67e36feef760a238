package dev.intermission.servlet.internal;

import dev.intermission.servlet.RequestOutcome;

/** What the filter does with one request, and why. */
public enum Verdict {
    /** Maintenance is off. */
    PASS_OFF(RequestOutcome.PASSED),
    /** The path is the admin endpoint's or under it. */
    PASS_ADMIN_PATH(RequestOutcome.ALLOW_LISTED),
    /** The path is allow-listed. */
    PASS_ALLOWED_PATH(RequestOutcome.ALLOW_LISTED),
    /** Read-only mode and a safe method. */
    PASS_SAFE_METHOD(RequestOutcome.PASSED),
    /** The client's address is allow-listed. */
    PASS_ALLOWED_IP(RequestOutcome.ALLOW_LISTED),
    /** The bypass header carries the secret. */
    PASS_BYPASS_HEADER(RequestOutcome.BYPASSED),
    /** A valid bypass cookie. */
    PASS_BYPASS_COOKIE(RequestOutcome.BYPASSED),
    /** A visit of {@code <bypass path>/<secret>} with the right secret: set the cookie and redirect. */
    BYPASS_VISIT(RequestOutcome.BYPASSED),
    /** Refuse with 503. */
    REFUSE(RequestOutcome.REFUSED);

    private final RequestOutcome outcome;

    Verdict(RequestOutcome outcome) {
        this.outcome = outcome;
    }

    /**
     * Returns whether the request goes on to the application.
     *
     * @return {@code true} for every {@code PASS_*} verdict
     */
    public boolean passes() {
        return this != BYPASS_VISIT && this != REFUSE;
    }

    /**
     * Returns the outcome told to the application's listener.
     *
     * @return the public outcome
     */
    public RequestOutcome outcome() {
        return outcome;
    }
}
