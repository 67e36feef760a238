package dev.intermission.internal;

import java.util.List;
import java.util.Locale;

/** The library's table names under one prefix. */
public record Tables(String prefix) {

    /** The library's table names without a prefix; every one of them ends a prefixed name. */
    private static final List<String> BASE_NAMES = List.of("service_context", "service_context_history",
            "intermission_schema_history", "migration_window", "migration_lock");

    /** Returns the name of the state table. */
    public String serviceContext() {
        return prefix + "service_context";
    }

    /** Returns the name of the audit history table. */
    public String history() {
        return prefix + "service_context_history";
    }

    /** Returns the name of the library's own Flyway history table. */
    public String schemaHistory() {
        return prefix + "intermission_schema_history";
    }

    /** Returns the name of the table recording migration windows. */
    public String migrationWindow() {
        return prefix + "migration_window";
    }

    /** Returns the name of the table holding the migration lock leases. */
    public String migrationLock() {
        return prefix + "migration_lock";
    }

    /** Returns whether a table name (any case, any prefix) names one of the library's tables. */
    public static boolean isLibraryTable(String tableName) {
        String name = tableName.toLowerCase(Locale.ROOT);
        return BASE_NAMES.stream().anyMatch(name::endsWith);
    }
}
