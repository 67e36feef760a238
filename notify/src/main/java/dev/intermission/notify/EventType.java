package dev.intermission.notify;

import java.util.Locale;

import dev.intermission.InvalidValueException;

/** What a notification tells: one step in the life of a maintenance window, in the order they happen. */
public enum EventType {
    /** A window was scheduled (or rescheduled) for later. */
    SCHEDULED,
    /** A scheduled window starts soon: sent a configured time before its start. */
    REMINDER,
    /** Maintenance began: switched on by hand, by a migration window, or a scheduled window opened. */
    STARTED,
    /** A migration window has switched maintenance on everywhere and drained requests; migrating comes next. */
    DRAINED,
    /** A migration window applied and validated its migrations; maintenance is switched off next. */
    MIGRATED,
    /** A migration window failed; maintenance stays on. */
    FAILED,
    /** Maintenance is off again: switched off, a migration window succeeded, or a scheduled window closed. */
    ENDED;

    /**
     * Returns the lower-case name used in JSON bodies, headers and templates ({@code started}, {@code ended}).
     *
     * @return the external name
     */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses an event type by its name, in any case.
     *
     * @param field the field name, for the error
     * @param text  the text
     * @return the type
     * @throws InvalidValueException naming the field and the valid names
     */
    public static EventType parse(String field, String text) {
        String t = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        for (EventType type : values()) {
            if (type.name().equals(t)) {
                return type;
            }
        }
        throw new InvalidValueException(field, text, "must be one of scheduled, reminder, started, drained, migrated, "
                + "failed, ended");
    }
}
