package dev.intermission.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

import dev.intermission.MaintenanceService;

/**
 * The seam through which the admin endpoint lists a service's notifications without depending on the module that
 * records them: that module registers a feed for the service while it runs ({@link #register}), and the endpoint
 * asks for one on each request ({@link #of}); a service with none has no notifications route. Values are JSON
 * fields (maps, lists, strings, numbers, instants), written as they are.
 */
public interface NotificationFeed {

    /**
     * Reads the newest notifications first, with their deliveries and every attempt.
     *
     * @param limit the most to return, 1 to {@link #maxLimit()}
     * @return the notifications as JSON fields
     * @throws dev.intermission.MaintenanceException when the database cannot be read
     */
    List<Map<String, Object>> recent(int limit);

    /**
     * Reads one notification, with its body and text besides its deliveries.
     *
     * @param id the notification's id
     * @return its JSON fields, or empty when the service has none with that id
     * @throws dev.intermission.InvalidValueException when {@code id} is not shaped like a notification id
     * @throws dev.intermission.MaintenanceException  when the database cannot be read
     */
    Optional<Map<String, Object>> find(String id);

    /**
     * Returns the most notifications {@link #recent(int)} returns.
     *
     * @return the limit
     */
    int maxLimit();

    /**
     * Registers the feed of a service, replacing any other; closing the registration removes it (when it is still
     * the one registered).
     *
     * @param service the service
     * @param feed    its notifications
     * @return the registration
     */
    static AutoCloseable register(MaintenanceService service, NotificationFeed feed) {
        synchronized (Registry.FEEDS) {
            Registry.FEEDS.put(service, feed);
        }
        return () -> {
            synchronized (Registry.FEEDS) {
                Registry.FEEDS.remove(service, feed);
            }
        };
    }

    /**
     * Returns the feed registered for a service.
     *
     * @param service the service
     * @return the feed, or empty when none runs for it
     */
    static Optional<NotificationFeed> of(MaintenanceService service) {
        synchronized (Registry.FEEDS) {
            return Optional.ofNullable(Registry.FEEDS.get(service));
        }
    }

    /** The registered feeds, by service (held weakly: a service that is gone takes its entry with it). */
    final class Registry {
        static final Map<MaintenanceService, NotificationFeed> FEEDS = new WeakHashMap<>();

        private Registry() {
        }
    }
}
