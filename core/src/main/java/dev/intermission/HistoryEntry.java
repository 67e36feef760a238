package dev.intermission;

import java.time.Instant;

/**
 * One row of the audit history: a change to a service's maintenance state, written in the same transaction.
 *
 * @param serviceName   the service
 * @param version       the state's version after this change
 * @param action        what the change did
 * @param previousMode  the stored mode before the change
 * @param newMode       the stored mode after the change
 * @param message       the stored message after the change, or {@code null}
 * @param until         the stored expected end after the change, or {@code null}
 * @param window        the scheduled window after the change, or {@code null}
 * @param actor         who made the change
 * @param origin        where the change came from
 * @param clientAddress the client's network address, or {@code null}
 * @param at            when the change was committed
 */
public record HistoryEntry(
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
        Instant at) {
}
