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
        Instant asOf) implements MaintenanceStatus {
}
