package dev.intermission;

/**
 * A change to a service's maintenance state, as heard by a {@link MaintenanceListener}.
 *
 * @param previous the state before the change, as this instance knew it
 * @param current  the state after the change
 * @param source   whether this instance made the change or observed it in the database
 */
public record MaintenanceEvent(MaintenanceStatus previous, MaintenanceStatus current, Source source) {

    /** Who made a change, seen from the instance that reports it. */
    public enum Source {
        /** This instance made the change; the event fires right after the commit. */
        LOCAL,
        /** Another instance or process made the change; the event fires when a refresh observes it. */
        REMOTE
    }

    /**
     * Returns whether this instance made the change.
     *
     * @return {@code true} for {@link Source#LOCAL}
     */
    public boolean isLocal() {
        return source == Source.LOCAL;
    }
}
