package dev.intermission.notify.internal;

/**
 * The notification tables' names under the library's table prefix. Every name starts with
 * {@code intermission_}, so a dump that leaves out {@code intermission_*} leaves them out too.
 *
 * @param prefix the prefix, possibly empty
 */
public record NotifyTables(String prefix) {

    /**
     * Returns the name of the events table.
     *
     * @return the name
     */
    public String events() {
        return prefix + "intermission_notification";
    }

    /**
     * Returns the name of the deliveries table.
     *
     * @return the name
     */
    public String deliveries() {
        return prefix + "intermission_notification_delivery";
    }

    /**
     * Returns the name of the attempts table.
     *
     * @return the name
     */
    public String attempts() {
        return prefix + "intermission_notification_attempt";
    }

    /**
     * Returns the name of the window facts table.
     *
     * @return the name
     */
    public String facts() {
        return prefix + "intermission_notification_fact";
    }

    /**
     * Returns the name of the library's schema version table (core's).
     *
     * @return the name
     */
    public String schemaVersion() {
        return prefix + "intermission_schema";
    }
}
