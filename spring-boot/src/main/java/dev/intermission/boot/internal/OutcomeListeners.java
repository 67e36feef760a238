package dev.intermission.boot.internal;

import java.util.List;
import java.util.function.Consumer;

import dev.intermission.servlet.MaintenanceFilterConfig;

/**
 * The listeners that hear every decision of the maintenance filter (the request metrics), handed to the filter's
 * configuration in one place.
 */
public final class OutcomeListeners {

    private final List<Consumer<Enum<?>>> listeners;

    /**
     * Creates the holder.
     *
     * @param listeners the listeners, called in order
     */
    public OutcomeListeners(List<Consumer<Enum<?>>> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Hands the listeners to the filter's configuration.
     *
     * @param builder the filter's configuration
     */
    public void applyTo(MaintenanceFilterConfig.Builder builder) {
        if (listeners.isEmpty()) {
            return;
        }
        // Wired once the filter's outcome hook is on main: builder.outcomeListener(this::onOutcome);
    }

    /**
     * Passes one decision to every listener; a failing listener never affects the request.
     *
     * @param outcome the filter's outcome
     */
    public void onOutcome(Enum<?> outcome) {
        for (Consumer<Enum<?>> listener : listeners) {
            try {
                listener.accept(outcome);
            } catch (RuntimeException e) {
                // a metrics failure must never fail a request
            }
        }
    }
}
