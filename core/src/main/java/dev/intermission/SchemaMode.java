package dev.intermission;

/** What the library does with its own tables when a service starts. */
public enum SchemaMode {
    /** Creates the tables that are missing and upgrades older ones (the default). */
    CREATE,
    /** Checks that the tables exist at the version this release needs, and fails naming what is missing. */
    VALIDATE,
    /** Leaves the tables alone: they are managed elsewhere (for example by the application's own migrations). */
    NONE
}
