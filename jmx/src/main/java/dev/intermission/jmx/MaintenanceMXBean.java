package dev.intermission.jmx;

/**
 * The JMX view of one maintenance service, registered as {@code dev.intermission:type=Maintenance,service=<name>}:
 * the state as this instance holds it, as attributes, and switching it on and off, as operations.
 *
 * <p>Every attribute is read from memory (no database query); times are ISO-8601 text, modes are {@code off},
 * {@code read-only} or {@code full}, and an attribute with no value reads as an empty text.
 */
public interface MaintenanceMXBean {

    /**
     * Returns the service's name.
     *
     * @return the name
     */
    String getServiceName();

    /**
     * Returns whether any traffic is refused now.
     *
     * @return {@code true} while the mode in force is not {@code off}
     */
    boolean isMaintenance();

    /**
     * Returns the mode in force now, the scheduled window taken into account.
     *
     * @return {@code off}, {@code read-only} or {@code full}
     */
    String getEffectiveMode();

    /**
     * Returns the mode switched on by hand, ignoring the scheduled window.
     *
     * @return {@code off}, {@code read-only} or {@code full}
     */
    String getMode();

    /**
     * Returns the message users see now.
     *
     * @return the message, or an empty text
     */
    String getMessage();

    /**
     * Returns when the mode in force began.
     *
     * @return an ISO-8601 instant, or an empty text
     */
    String getSince();

    /**
     * Returns when the mode in force is expected to end.
     *
     * @return an ISO-8601 instant, or an empty text
     */
    String getUntil();

    /**
     * Returns the version of the state: one more on every change.
     *
     * @return the version
     */
    long getVersion();

    /**
     * Returns who made the last change.
     *
     * @return the actor, or an empty text
     */
    String getChangedBy();

    /**
     * Returns when the last change was made.
     *
     * @return an ISO-8601 instant, or an empty text
     */
    String getChangedAt();

    /**
     * Returns whether this instance could not confirm the state with the database recently.
     *
     * @return {@code true} while stale
     */
    boolean isStale();

    /**
     * Returns when the state was last read from the database.
     *
     * @return an ISO-8601 instant, or an empty text before the first read
     */
    String getLastRefreshed();

    /**
     * Switches maintenance on, recorded with the actor {@code jmx}.
     *
     * @param mode    {@code full} or {@code read-only}
     * @param message the message users see, or an empty text for none
     * @throws IllegalArgumentException naming the parameter when a value is refused; nothing changes
     * @throws IllegalStateException    when the database cannot be written; nothing changes
     */
    void enable(String mode, String message);

    /**
     * Switches maintenance off, recorded with the actor {@code jmx}.
     *
     * @throws IllegalStateException when the database cannot be written; nothing changes
     */
    void disable();
}
