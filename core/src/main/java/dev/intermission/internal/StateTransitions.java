package dev.intermission.internal;

import java.time.Duration;
import java.time.Instant;

import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceChange;
import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;

/** Computes the row that a change produces from the current one; pure, so it is checked before anything is written. */
public final class StateTransitions {

    /** The earliest instant stored (every supported database can hold it). */
    public static final Instant EARLIEST = Instant.EPOCH;
    /** The latest instant stored (every supported database can hold it). */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private StateTransitions() {
    }

    /**
     * Validates a change against the clock, before any transaction: an expected end or window end must lie in
     * the future.
     *
     * @throws InvalidValueException naming the field otherwise
     */
    public static void validate(MaintenanceChange change, Instant now) {
        Duration duration = change.expectedDuration();
        if (duration != null && duration.compareTo(Duration.between(now, LATEST)) > 0) {
            throw new InvalidValueException("expectedDuration", null, "must end by " + LATEST + ", was " + duration);
        }
        Instant until = change.resolveUntil(now);
        if (until != null && !until.isAfter(now)) {
            throw new InvalidValueException("until", null, "must be in the future, was " + until + " (now " + now + ")");
        }
        if (until != null && until.isAfter(LATEST)) {
            throw new InvalidValueException("until", null, "must not be after " + LATEST + ", was " + until);
        }
        ScheduledWindow window = change.window();
        if (window != null && !window.end().isAfter(now)) {
            throw new InvalidValueException("window.end", null, "must be in the future, was " + window.end()
                    + " (now " + now + ")");
        }
        if (window != null && window.start().isBefore(EARLIEST)) {
            throw new InvalidValueException("window.start", null, "must not be before " + EARLIEST + ", was "
                    + window.start());
        }
        if (window != null && window.end().isAfter(LATEST)) {
            throw new InvalidValueException("window.end", null, "must not be after " + LATEST + ", was " + window.end());
        }
    }

    /** Returns the row after {@code change}, applied at {@code now}, with the version one higher. */
    public static StateRow next(StateRow current, MaintenanceChange change, Instant now) {
        // A window that has ended is dropped on any write; it no longer affects anything.
        ScheduledWindow window = current.window() != null && !current.window().end().isAfter(now)
                ? null : current.window();
        Mode mode = current.mode();
        String message = current.message();
        Instant since = current.since();
        Instant until = current.until();
        switch (change.action()) {
            case ENABLE -> {
                if (!current.mode().isMaintenance()) {
                    since = now;
                }
                mode = change.mode();
                message = change.message();
                until = change.resolveUntil(now);
            }
            case DISABLE -> {
                mode = Mode.OFF;
                message = null;
                since = null;
                until = null;
                // Disabling opens the service now: an open window is closed too; an upcoming one stays.
                if (window != null && window.isActiveAt(now)) {
                    window = null;
                }
            }
            case SCHEDULE -> window = change.window();
            case CANCEL_SCHEDULE -> window = null;
            default -> throw new IllegalStateException("unknown action " + change.action());
        }
        return new StateRow(current.serviceName(), mode, message, since, until, change.actor(), now,
                current.version() + 1, window);
    }
}
