package dev.intermission.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;
import dev.intermission.MaintenanceStatus;

/** The library's MaintenanceStatus: one immutable value. */
public record StatusValue(
        String serviceName,
        Mode mode,
        String message,
        Instant since,
        Instant until,
        long version,
        String changedBy,
        Instant changedAt,
        ScheduledWindow window,
        Mode effectiveMode,
        String effectiveMessage,
        Instant effectiveSince,
        Instant effectiveUntil,
        boolean stale,
        boolean failSafe,
        Instant lastRefreshed,
        Instant asOf,
        String staleReason) implements MaintenanceStatus {

    /**
     * A status with nothing to say about staleness beyond the flag.
     *
     * @param serviceName      the service
     * @param mode             the stored mode
     * @param message          the stored message
     * @param since            the stored start
     * @param until            the stored expected end
     * @param version          the version
     * @param changedBy        who changed it last
     * @param changedAt        when
     * @param window           the scheduled window
     * @param effectiveMode    the mode in force
     * @param effectiveMessage the message in force
     * @param effectiveSince   since when it is in force
     * @param effectiveUntil   until when it is expected to be
     * @param stale            whether the state could not be confirmed recently
     * @param failSafe         whether the fail-safe mode applies
     * @param lastRefreshed    the last good read
     * @param asOf             the instant described
     */
    public StatusValue(String serviceName, Mode mode, String message, Instant since, Instant until, long version,
            String changedBy, Instant changedAt, ScheduledWindow window, Mode effectiveMode, String effectiveMessage,
            Instant effectiveSince, Instant effectiveUntil, boolean stale, boolean failSafe, Instant lastRefreshed,
            Instant asOf) {
        this(serviceName, mode, message, since, until, version, changedBy, changedAt, window, effectiveMode,
                effectiveMessage, effectiveSince, effectiveUntil, stale, failSafe, lastRefreshed, asOf, null);
    }
}
