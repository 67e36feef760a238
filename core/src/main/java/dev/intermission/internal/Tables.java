package dev.intermission.internal;

import java.util.List;
import java.util.Locale;

/**
 * The library's table names under one prefix.
 *
 * @param prefix the prefix, possibly empty
 */
public record Tables(String prefix) {

    /** The library's table names without a prefix; every one of them ends a prefixed name. */
    private static final List<String> BASE_NAMES = List.of("service_context", "service_context_history",
            "intermission_schema", "migration_window", "migration_lock", "service_instance",
            "intermission_notification", "intermission_notification_delivery", "intermission_notification_attempt",
            "intermission_notification_fact");

    /**
     * Returns the name of the state table.
     *
     * @return the name
     */
    public String serviceContext() {
        return prefix + "service_context";
    }

    /**
     * Returns the name of the audit history table.
     *
     * @return the name
     */
    public String history() {
        return prefix + "service_context_history";
    }

    /**
     * Returns the name of the table of running instances and their heartbeats.
     *
     * @return the name
     */
    public String serviceInstance() {
        return prefix + "service_instance";
    }

    /**
     * Returns the PostgreSQL notification channel on which changes under this prefix are announced: lower case,
     * because the tables' unquoted names fold any prefix's case into one set of tables.
     *
     * @return the channel name
     */
    public String channel() {
        return (prefix + "intermission_change").toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the name of the table recording the version of the library's tables.
     *
     * @return the name
     */
    public String schemaVersion() {
        return prefix + "intermission_schema";
    }

    /**
     * Returns the name of the table recording migration windows.
     *
     * @return the name
     */
    public String migrationWindow() {
        return prefix + "migration_window";
    }

    /**
     * Returns the name of the table holding the migration lock leases.
     *
     * @return the name
     */
    public String migrationLock() {
        return prefix + "migration_lock";
    }

    /**
     * Returns whether a table name (any case, any prefix) names one of the library's tables.
     *
     * @param tableName the name
     * @return whether it is the library's
     */
    public static boolean isLibraryTable(String tableName) {
        String name = tableName.toLowerCase(Locale.ROOT);
        return BASE_NAMES.stream().anyMatch(name::endsWith);
    }
}
