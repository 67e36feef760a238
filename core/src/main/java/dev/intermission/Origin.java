package dev.intermission;

/** Where a change to the maintenance state came from, as recorded in its history row. */
public enum Origin {
    /** The programmatic API, called from application code. */
    CODE,
    /** The HTTP admin endpoint. */
    HTTP,
    /** The operator command line. */
    CLI,
    /** A job in the application that acts on a timetable (not the scheduled window itself, which writes nothing). */
    SCHEDULE,
    /** A migration window run by the library. */
    MIGRATION
}
