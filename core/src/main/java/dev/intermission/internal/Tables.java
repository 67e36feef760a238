package dev.intermission.internal;

/** The library's table names under one prefix. */
public record Tables(String prefix) {

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
}
