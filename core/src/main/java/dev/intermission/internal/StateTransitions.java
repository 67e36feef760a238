package dev.intermission.internal;

import java.time.Instant;

import dev.intermission.MaintenanceChange;
import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;

/** Computes the row that a change produces from the current one; pure, so it is checked before anything is written. */
public final class StateTransitions {

    private StateTransitions() {
    }

    /**
     * Validates a change against the clock, before any transaction: an expected end or window end must lie in
     * the future.
     *
     * @throws IllegalArgumentException naming the field otherwise
     */
    public static void validate(MaintenanceChange change, Instant now) {
        Instant until = change.resolveUntil(now);
        if (until != null && !until.isAfter(now)) {
            throw new IllegalArgumentException("until: must be in the future, was " + until + " (now " + now + ")");
        }
        if (change.window() != null && !change.window().end().isAfter(now)) {
            throw new IllegalArgumentException("window.end: must be in the future, was " + change.window().end()
                    + " (now " + now + ")");
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
