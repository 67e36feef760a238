package dev.intermission.servlet;

/** What the maintenance filter did with one request, as told to a {@link RequestOutcomeListener}. */
public enum RequestOutcome {
    /** Let through because nothing refuses it: maintenance is off, or read-only mode and a safe method. */
    PASSED,
    /** Refused with 503. */
    REFUSED,
    /** Let through during maintenance because its path (the admin path included) or client address is allow-listed. */
    ALLOW_LISTED,
    /** Let through during maintenance by the bypass header or cookie, or a visit of the bypass path setting it. */
    BYPASSED
}
