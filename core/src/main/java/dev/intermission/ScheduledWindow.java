package dev.intermission;

import dev.intermission.internal.Checks;

import java.time.Instant;

/**
 * A planned maintenance window: from {@code start} (inclusive) to {@code end} (exclusive) the service is in
 * {@code mode}, computed from the clock on every instance with no write at either moment.
 *
 * @param start   when the window opens
 * @param end     when it closes; after {@code start}
 * @param mode    the mode during the window; never {@link Mode#OFF}
 * @param message the message shown to users during the window, or {@code null}
 */
public record ScheduledWindow(Instant start, Instant end, Mode mode, String message) {

    /**
     * Validates the window.
     *
     * @throws InvalidValueException naming the field when a value is missing or invalid
     */
    public ScheduledWindow {
        if (start == null) {
            throw new InvalidValueException("window.start", null, "must be set");
        }
        if (end == null) {
            throw new InvalidValueException("window.end", null, "must be set");
        }
        if (!end.isAfter(start)) {
            throw new InvalidValueException("window.end", null, "must be after window.start (" + start + "), was " + end);
        }
        if (mode == null || mode == Mode.OFF) {
            throw new InvalidValueException("window.mode", null, "must be READ_ONLY or FULL, was " + mode);
        }
        message = Checks.message("window.message", message);
        start = MaintenanceChange.truncate(start);
        end = MaintenanceChange.truncate(end);
    }

    /**
     * Returns whether the window is open at {@code now}.
     *
     * @param now the instant to test
     * @return {@code true} when {@code start <= now < end}
     */
    public boolean isActiveAt(Instant now) {
        return !now.isBefore(start) && now.isBefore(end);
    }

    /**
     * Returns whether the window has not opened yet at {@code now}.
     *
     * @param now the instant to test
     * @return {@code true} when {@code now < start}
     */
    public boolean isUpcomingAt(Instant now) {
        return now.isBefore(start);
    }
}
