package dev.intermission.notify;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.intermission.InvalidValueException;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceException;
import dev.intermission.MaintenanceService;
import dev.intermission.internal.Db;
import dev.intermission.internal.Engine;
import dev.intermission.internal.StoreFailures;
import dev.intermission.notify.internal.EventStore;
import dev.intermission.notify.internal.NotifyTables;

/**
 * Reads the notifications recorded for one service, with every delivery and attempt: for an admin console, a
 * command line or a health check. It needs no running {@link Notifier}, only the service's database; before any
 * notifier created the tables it reads nothing.
 *
 * <pre>{@code
 * for (Notification n : NotificationLog.of(maintenance).recent(20)) {
 *     System.out.println(n.type() + " " + n.summary());
 *     for (Delivery d : n.deliveries()) {
 *         System.out.println("  " + d.webhook() + ": " + d.status() + " after " + d.attemptCount() + " attempt(s)");
 *     }
 * }
 * }</pre>
 */
public final class NotificationLog {

    /** The most notifications {@link #recent(int)} returns. */
    public static final int MAX_LIMIT = 1000;

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** Statement timeout of a log read from a DataSource alone. */
    private static final int TIMEOUT_SECONDS = 10;

    private final String serviceName;
    private final EventStore store;

    private NotificationLog(String serviceName, Db db, String tablePrefix) {
        this.serviceName = serviceName;
        this.store = new EventStore(db, new NotifyTables(tablePrefix));
    }

    /**
     * Returns the reader of a service's notifications.
     *
     * @param maintenance the service, built by {@link dev.intermission.Maintenance#newBuilder()}
     * @return the reader
     * @throws InvalidValueException when {@code null} or not built by the library
     */
    public static NotificationLog of(MaintenanceService maintenance) {
        Engine engine = Engine.of(maintenance);
        return new NotificationLog(engine.serviceName(), engine.db(), engine.tables().prefix());
    }

    /**
     * Returns the reader of a service's notifications straight from its database, with no running service: for a
     * command line or a report.
     *
     * @param dataSource  the service's database
     * @param serviceName the service, as configured in its {@link dev.intermission.Maintenance.Builder#serviceName}
     * @param tablePrefix the prefix of the library's tables, as configured ({@code ""} for none)
     * @return the reader
     * @throws InvalidValueException naming the argument when {@code null} or not a valid name or prefix
     */
    public static NotificationLog of(DataSource dataSource, String serviceName, String tablePrefix) {
        if (dataSource == null) {
            throw new InvalidValueException("dataSource", null, "must not be null");
        }
        // The library's own rules for both names.
        Maintenance.newBuilder().serviceName(serviceName).tablePrefix(tablePrefix);
        return new NotificationLog(serviceName, new Db(dataSource, TIMEOUT_SECONDS), tablePrefix);
    }

    /**
     * Returns whether a text has the shape of a notification id (a lower-case UUID), so callers can reject bad
     * input before asking.
     *
     * @param text the text
     * @return {@code true} when it could be an id
     */
    public static boolean isNotificationId(String text) {
        return text != null && ID.matcher(text).matches();
    }

    /**
     * Reads this service's newest notifications first.
     *
     * @param limit the most to return, 1 to {@value #MAX_LIMIT}
     * @return the notifications, newest first
     * @throws InvalidValueException when {@code limit} is out of range
     * @throws MaintenanceException  when the database cannot be read
     */
    public List<Notification> recent(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", Integer.toString(limit), "must be between 1 and " + MAX_LIMIT);
        }
        try {
            return store.recent(serviceName, limit);
        } catch (SQLException e) {
            throw new MaintenanceException("cannot read the notifications of '" + serviceName + "': "
                    + StoreFailures.describe(e), e);
        }
    }

    /**
     * Reads one notification of this service.
     *
     * @param id the notification's id
     * @return the notification, or empty when this service has none with that id
     * @throws InvalidValueException when {@code id} is not shaped like a notification id
     * @throws MaintenanceException  when the database cannot be read
     */
    public Optional<Notification> find(String id) {
        if (!isNotificationId(id)) {
            throw new InvalidValueException("id", null, "not a notification id (expected a lower-case UUID)");
        }
        try {
            return store.find(serviceName, id);
        } catch (SQLException e) {
            throw new MaintenanceException("cannot read notification " + id + " of '" + serviceName
                    + "': " + StoreFailures.describe(e), e);
        }
    }
}
