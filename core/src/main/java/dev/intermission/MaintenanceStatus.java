package dev.intermission;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a service's maintenance state is at one instant, as this instance knows it: the stored row, the mode in
 * force once the scheduled window is taken into account, and how fresh that knowledge is.
 *
 * @param serviceName      the service this state belongs to
 * @param mode             the mode switched on by hand (stored), ignoring the scheduled window
 * @param message          the stored message, or {@code null}
 * @param since            when the stored mode was switched on, or {@code null} when it is off
 * @param until            the stored expected end, or {@code null}
 * @param version          the row's version: zero before the first change, one more on every change
 * @param changedBy        who made the last change, or {@code null} before the first
 * @param changedAt        when the last change was made, or {@code null} before the first
 * @param window           the scheduled window, upcoming or open, or {@code null}
 * @param effectiveMode    the mode in force at {@code asOf}: the stricter of {@code mode} and an open window's
 * @param effectiveMessage the message in force at {@code asOf}, or {@code null}
 * @param effectiveSince   when the mode in force began, or {@code null} when it is off
 * @param effectiveUntil   when the mode in force is expected to end, or {@code null} when unknown
 * @param stale            {@code true} when this instance could not confirm the state recently (database down or
 *                         slow) and is serving the last state it read
 * @param lastRefreshed    when the state was last read from the database successfully, or {@code null} if never
 * @param asOf             the instant this status describes
 */
public record MaintenanceStatus(
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
        Instant lastRefreshed,
        Instant asOf) {

    /**
     * Returns whether any traffic is refused right now: the classic {@code maintenance} flag.
     *
     * @return {@code true} when the effective mode is not {@link Mode#OFF}
     */
    public boolean maintenance() {
        return effectiveMode.isMaintenance();
    }

    /**
     * Returns the scheduled window if it has not opened yet, so a UI can announce it.
     *
     * @return the upcoming window, or empty
     */
    public Optional<ScheduledWindow> upcomingWindow() {
        return window != null && window.isUpcomingAt(asOf) ? Optional.of(window) : Optional.empty();
    }

    /**
     * Returns the scheduled window if it is open at {@link #asOf()}.
     *
     * @return the open window, or empty
     */
    public Optional<ScheduledWindow> activeWindow() {
        return window != null && window.isActiveAt(asOf) ? Optional.of(window) : Optional.empty();
    }

    /**
     * Returns how long until the mode in force is expected to end, for {@code Retry-After}.
     *
     * @return the time left, or empty when no end is known or it has passed
     */
    public Optional<Duration> timeRemaining() {
        if (effectiveUntil == null || !effectiveUntil.isAfter(asOf)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(asOf, effectiveUntil));
    }
}
