package dev.intermission.servlet.internal;

/** What the filter does with one request, and why. */
public enum Verdict {
    /** Maintenance is off. */
    PASS_OFF,
    /** The path is the admin endpoint's or under it. */
    PASS_ADMIN_PATH,
    /** The path is allow-listed. */
    PASS_ALLOWED_PATH,
    /** Read-only mode and a safe method. */
    PASS_SAFE_METHOD,
    /** The client's address is allow-listed. */
    PASS_ALLOWED_IP,
    /** The bypass header carries the secret. */
    PASS_BYPASS_HEADER,
    /** A valid bypass cookie. */
    PASS_BYPASS_COOKIE,
    /** A visit of {@code <bypass path>/<secret>} with the right secret: set the cookie and redirect. */
    BYPASS_VISIT,
    /** Refuse with 503. */
    REFUSE;

    /**
     * Returns whether the request goes on to the application.
     *
     * @return {@code true} for every {@code PASS_*} verdict
     */
    public boolean passes() {
        return this != BYPASS_VISIT && this != REFUSE;
    }
}
