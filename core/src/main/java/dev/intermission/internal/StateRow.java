package dev.intermission.internal;

import java.time.Instant;

import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;

/**
 * One row of {@code service_context} as stored: the manual mode, its message and times, the version and the
 * scheduled window.
 */
public record StateRow(
        String serviceName,
        Mode mode,
        String message,
        Instant since,
        Instant until,
        String changedBy,
        Instant changedAt,
        long version,
        ScheduledWindow window) {

    /** Returns the state of a service that has never been changed: off, version zero. */
    public static StateRow initial(String serviceName) {
        return new StateRow(serviceName, Mode.OFF, null, null, null, null, null, 0, null);
    }
}
