package dev.intermission.notify.internal;

import java.time.Instant;

import dev.intermission.HistoryEntry;
import dev.intermission.Mode;
import dev.intermission.Origin;

/**
 * Maintenance switched on (stored), as the history tells it: from the change that switched it on, with the mode,
 * message and expected end of the latest change since.
 *
 * @param since   when it was switched on
 * @param mode    the mode now
 * @param message the message now, or {@code null}
 * @param until   the expected end now, or {@code null}
 * @param actor   who switched it on, or {@code null} when unknown
 * @param origin  where that change came from, or {@code null} when unknown
 */
public record Run(Instant since, Mode mode, String message, Instant until, String actor, Origin origin) {

    /**
     * Returns the run begun by a change.
     *
     * @param e the change that switched maintenance on
     * @return the run
     */
    static Run startedBy(HistoryEntry e) {
        return new Run(e.at(), e.newMode(), e.message(), e.until(), e.actor(), e.origin());
    }

    /**
     * Returns this run after a change that kept maintenance on.
     *
     * @param e the change
     * @return the run
     */
    Run changedBy(HistoryEntry e) {
        return new Run(since, e.newMode(), e.message(), e.until(), actor, origin);
    }
}
