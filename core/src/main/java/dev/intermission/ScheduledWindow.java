package dev.intermission;

import dev.intermission.internal.Checks;

import java.time.Instant;

/**
 * A planned maintenance window: from {@code start} (inclusive) to {@code end} (exclusive) the service is in
 * {@code mode}, computed from the clock on every instance with no write at either moment. The public status
 * announces it from {@code noticeAt} on; operators see it as soon as it is scheduled.
 *
 * @param start    when the window opens
 * @param end      when it closes; after {@code start}
 * @param mode     the mode during the window; never {@link Mode#OFF}
 * @param message  the message shown to users during the window, or {@code null}
 * @param noticeAt when the window becomes public (the public status, {@code status.json} and the banner list it
 *                 from then on); not after {@code start}; {@code null} to make it public as soon as it is scheduled
 */
public record ScheduledWindow(Instant start, Instant end, Mode mode, String message, Instant noticeAt) {

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
        if (noticeAt != null && noticeAt.isAfter(start)) {
            throw new InvalidValueException("window.noticeAt", null, "must not be after window.start (" + start
                    + "), was " + noticeAt);
        }
        if (noticeAt != null && noticeAt.isBefore(Instant.EPOCH)) {
            throw new InvalidValueException("window.noticeAt", null, "must not be before " + Instant.EPOCH + ", was "
                    + noticeAt);
        }
        message = Checks.message("window.message", message);
        start = MaintenanceChange.truncate(start);
        end = MaintenanceChange.truncate(end);
        noticeAt = MaintenanceChange.truncate(noticeAt);
    }

    /**
     * Creates a window that is public as soon as it is scheduled.
     *
     * @param start   when the window opens
     * @param end     when it closes; after {@code start}
     * @param mode    the mode during the window; never {@link Mode#OFF}
     * @param message the message shown to users during the window, or {@code null}
     * @throws InvalidValueException naming the field when a value is missing or invalid
     */
    public ScheduledWindow(Instant start, Instant end, Mode mode, String message) {
        this(start, end, mode, message, null);
    }

    /**
     * Returns a copy of this window that becomes public at {@code noticeAt}.
     *
     * @param noticeAt when the window becomes public, not after its start; {@code null} for at once
     * @return the copy
     * @throws InvalidValueException when {@code noticeAt} is after the start
     */
    public ScheduledWindow withNoticeAt(Instant noticeAt) {
        return new ScheduledWindow(start, end, mode, message, noticeAt);
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

    /**
     * Returns whether the window is public at {@code now}: its notice time has come (or it has none). Public
     * pages list an upcoming window only then; an open window is public whatever its notice time.
     *
     * @param now the instant to test
     * @return {@code true} when {@code noticeAt} is {@code null} or {@code noticeAt <= now}
     */
    public boolean isAnnouncedAt(Instant now) {
        return noticeAt == null || !now.isBefore(noticeAt);
    }
}
