package dev.intermission;

/** What a recorded change did. */
public enum Action {
    /** Maintenance was switched on, or its mode, message or expected end changed while on. */
    ENABLE,
    /** Maintenance was switched off. */
    DISABLE,
    /** A scheduled window was set or replaced. */
    SCHEDULE,
    /** The scheduled window was cancelled. */
    CANCEL_SCHEDULE,
    /** A missing or corrupt stored row was rewritten from the history's last entry; the state is kept. */
    REPAIR
}
