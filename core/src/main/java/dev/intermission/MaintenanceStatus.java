package dev.intermission;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a service's maintenance state is at one instant, as this instance knows it: the stored row, the mode in
 * force once the scheduled window is taken into account, and how fresh that knowledge is.
 */
public interface MaintenanceStatus {

    /**
     * Returns the service this state belongs to.
     *
     * @return serviceName
     */
    String serviceName();

    /**
     * Returns the mode switched on by hand (stored), ignoring the scheduled window.
     *
     * @return mode
     */
    Mode mode();

    /**
     * Returns the stored message, or {@code null}.
     *
     * @return message
     */
    String message();

    /**
     * Returns when the stored mode was switched on, or {@code null} when it is off.
     *
     * @return since
     */
    Instant since();

    /**
     * Returns the stored expected end, or {@code null}.
     *
     * @return until
     */
    Instant until();

    /**
     * Returns the row's version: zero before the first change, one more on every change.
     *
     * @return version
     */
    long version();

    /**
     * Returns who made the last change, or {@code null} before the first.
     *
     * @return changedBy
     */
    String changedBy();

    /**
     * Returns when the last change was made, or {@code null} before the first.
     *
     * @return changedAt
     */
    Instant changedAt();

    /**
     * Returns the scheduled window, upcoming or open, or {@code null}.
     *
     * @return window
     */
    ScheduledWindow window();

    /**
     * Returns the mode in force at {@code asOf}: the stricter of {@code mode} and an open window's.
     *
     * @return effectiveMode
     */
    Mode effectiveMode();

    /**
     * Returns the message in force at {@code asOf}, or {@code null}.
     *
     * @return effectiveMessage
     */
    String effectiveMessage();

    /**
     * Returns when the mode in force began, or {@code null} when it is off.
     *
     * @return effectiveSince
     */
    Instant effectiveSince();

    /**
     * Returns when the mode in force is expected to end, or {@code null} when unknown.
     *
     * @return effectiveUntil
     */
    Instant effectiveUntil();

    /**
     * Returns {@code true} when this instance could not confirm the state recently (database down or slow) and is serving the last state it read.
     *
     * @return stale
     */
    boolean stale();

    /**
     * Returns why the state is {@link #stale()}, in words an operator acts on (the database cannot be reached, it
     * refused the credentials, a statement timed out, the library's tables are missing, the stored row is
     * corrupt), or {@code null} when it is not stale or the reason is not known. For operators: it may name hosts
     * and users, so public views leave it out.
     *
     * @return staleReason
     */
    default String staleReason() {
        return null;
    }

    /**
     * Returns {@code true} when this instance applies its fail-safe mode (see
     * {@link Maintenance.Builder#failSafeMode(Mode)}): it could not confirm the state for about its instance
     * lease, so another instance may be migrating without it knowing. The effective mode is then at least the
     * fail-safe mode.
     *
     * @return failSafe
     */
    default boolean failSafe() {
        return false;
    }

    /**
     * Returns when the state was last read from the database successfully, or {@code null} if never.
     *
     * @return lastRefreshed
     */
    Instant lastRefreshed();

    /**
     * Returns the instant this status describes.
     *
     * @return asOf
     */
    Instant asOf();

    /**
     * Returns whether any traffic is refused right now: the classic {@code maintenance} flag.
     *
     * @return {@code true} when the effective mode() is not {@link Mode#OFF}
     */
    default boolean maintenance() {
        return effectiveMode().isMaintenance();
    }

    /**
     * Returns the scheduled window() if it has not opened yet, so a UI can announce it.
     *
     * @return the upcoming window(), or empty
     */
    default Optional<ScheduledWindow> upcomingWindow() {
        return window() != null && window().isUpcomingAt(asOf()) ? Optional.of(window()) : Optional.empty();
    }

    /**
     * Returns the scheduled window() if it is open at {@link #asOf()}.
     *
     * @return the open window(), or empty
     */
    default Optional<ScheduledWindow> activeWindow() {
        return window() != null && window().isActiveAt(asOf()) ? Optional.of(window()) : Optional.empty();
    }

    /**
     * Returns how long until() the mode() in force is expected to end, for {@code Retry-After}.
     *
     * @return the time left, or empty when no end is known or it has passed
     */
    default Optional<Duration> timeRemaining() {
        if (effectiveUntil() == null || !effectiveUntil().isAfter(asOf())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(asOf(), effectiveUntil()));
    }

    /**
     * Returns whether maintenance is on past its announced expected end: the end was an announcement, not an
     * automatic switch (use a scheduled window for that), so the page says "overdue" instead of a past time.
     *
     * @return {@code true} when in maintenance with an expected end that has passed
     */
    default boolean overdue() {
        return effectiveMode().isMaintenance() && effectiveUntil() != null && !effectiveUntil().isAfter(asOf());
    }
}
