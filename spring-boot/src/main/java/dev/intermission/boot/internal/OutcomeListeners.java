package dev.intermission.boot.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Consumer;

import dev.intermission.servlet.MaintenanceFilterConfig;

/**
 * The listeners that hear every decision of the maintenance filter (the request metrics), handed to the filter's
 * configuration in one place.
 */
public final class OutcomeListeners {

    private static final System.Logger LOG = System.getLogger(OutcomeListeners.class.getName());
    private static final String LISTENER_TYPE = "dev.intermission.servlet.RequestOutcomeListener";

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
        // Bridge for filters built before the outcome hook existed; with it, this is
        // builder.outcomeListener(this::onOutcome).
        Class<?> type;
        Method setter;
        try {
            type = Class.forName(LISTENER_TYPE, false, MaintenanceFilterConfig.class.getClassLoader());
            setter = MaintenanceFilterConfig.Builder.class.getMethod("outcomeListener", type);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            LOG.log(System.Logger.Level.DEBUG, "This filter reports no request outcomes; request counters stay 0");
            return;
        }
        Object listener = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "onOutcome" -> {
                        onOutcome((Enum<?>) args[0]);
                        yield null;
                    }
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "OutcomeListeners" + listeners.size();
                });
        try {
            setter.invoke(builder, listener);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot hand the request metrics to the filter", e);
        }
    }

    /**
     * Returns whether the filter on the class path reports request outcomes.
     *
     * @return {@code true} when it does
     */
    public static boolean supported() {
        try {
            Class<?> type = Class.forName(LISTENER_TYPE, false, MaintenanceFilterConfig.class.getClassLoader());
            MaintenanceFilterConfig.Builder.class.getMethod("outcomeListener", type);
            return true;
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return false;
        }
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
