package dev.intermission.internal;

import java.time.Instant;
import dev.intermission.Action;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.ScheduledWindow;
import dev.intermission.HistoryEntry;

/** The library's HistoryEntry: one immutable value. */
public record HistoryValue(
        String serviceName,
        long version,
        Action action,
        Mode previousMode,
        Mode newMode,
        String message,
        Instant until,
        ScheduledWindow window,
        String actor,
        Origin origin,
        String clientAddress,
        Instant at) implements HistoryEntry {
}
