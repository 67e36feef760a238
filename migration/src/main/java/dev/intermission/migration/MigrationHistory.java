package dev.intermission.migration;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceException;
import dev.intermission.MaintenanceService;
import dev.intermission.internal.Engine;
import dev.intermission.migration.internal.MigrationStore;

/**
 * Reads the migration windows recorded for one service, for an admin endpoint, a CLI or a notification.
 *
 * <pre>{@code
 * MigrationHistory history = MigrationHistory.of(maintenance);
 * String json = Json.write(history.recent(20));
 * }</pre>
 */
public final class MigrationHistory {

    /** The most windows {@link #recent(int)} returns. */
    public static final int MAX_LIMIT = 1000;

    private static final Pattern WINDOW_ID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Engine service;
    private final MigrationStore store;

    private MigrationHistory(Engine service) {
        this.service = service;
        this.store = new MigrationStore(service.db(), service.tables());
    }

    /**
     * Returns the reader of a service's windows.
     *
     * @param maintenance the service, built by {@link dev.intermission.Maintenance#newBuilder()}
     * @return the reader
     * @throws InvalidValueException when {@code null} or not built by the library
     */
    public static MigrationHistory of(MaintenanceService maintenance) {
        return new MigrationHistory(Engine.of(maintenance));
    }

    /**
     * Returns whether a text has the shape of a window id (a lower-case UUID), so callers can reject bad input
     * before asking.
     *
     * @param text the text
     * @return {@code true} when it could be a window id
     */
    public static boolean isWindowId(String text) {
        return text != null && WINDOW_ID.matcher(text).matches();
    }

    /**
     * Reads one window of this service.
     *
     * @param windowId the window's id
     * @return the window, or empty when this service has none with that id
     * @throws InvalidValueException when {@code windowId} is not shaped like a window id
     * @throws MaintenanceException     when the database cannot be read
     */
    public Optional<MigrationRecord> find(String windowId) {
        if (!isWindowId(windowId)) {
            throw new InvalidValueException("id", null, "not a migration window id (expected a lower-case UUID)");
        }
        try {
            return store.find(service.serviceName(), windowId, service.clock().instant())
                    .map(MigrationStore.StoredWindow::record);
        } catch (RuntimeException e) {
            throw new MaintenanceException("cannot read migration window " + windowId + " of '"
                    + service.serviceName() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Reads this service's newest windows first.
     *
     * @param limit the most windows to return, 1 to {@value #MAX_LIMIT}
     * @return the windows, newest first
     * @throws InvalidValueException when {@code limit} is out of range
     * @throws MaintenanceException     when the database cannot be read
     */
    public List<MigrationRecord> recent(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", null, "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        try {
            return store.recent(service.serviceName(), limit, service.clock().instant()).stream()
                    .map(MigrationStore.StoredWindow::record)
                    .toList();
        } catch (RuntimeException e) {
            throw new MaintenanceException("cannot read the migration windows of '" + service.serviceName() + "': "
                    + e.getMessage(), e);
        }
    }
}
