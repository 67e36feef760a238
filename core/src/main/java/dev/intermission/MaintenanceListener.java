package dev.intermission;

/**
 * Hears every change to a service's maintenance state: on the instance that made it right after the commit, and
 * on the others when their refresh observes it.
 *
 * <p>Listeners run on the thread that made the change or on the refresh thread, so they should return quickly.
 * An exception thrown by a listener is logged and does not affect the change or other listeners.
 */
@FunctionalInterface
public interface MaintenanceListener {

    /**
     * Called after a change is committed or observed.
     *
     * @param event the change
     */
    void onChange(MaintenanceEvent event);
}
