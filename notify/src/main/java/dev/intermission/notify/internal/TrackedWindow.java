package dev.intermission.notify.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import dev.intermission.ScheduledWindow;

/** A scheduled window this instance follows, with the timed events it has recorded for it. */
final class TrackedWindow {

    final ScheduledWindow window;
    final Instant scheduledAt;
    final String actor;
    final Set<Duration> reminded = new HashSet<>();
    boolean started;

    TrackedWindow(ScheduledWindow window, Instant scheduledAt, String actor) {
        this.window = window;
        this.scheduledAt = scheduledAt;
        this.actor = actor;
    }

    /** The key that names this window in every instance: its start, end and mode. */
    String key() {
        return "window:" + window.start().toEpochMilli() + "-" + window.end().toEpochMilli() + ":"
                + window.mode().externalName();
    }

    boolean openAt(Instant t) {
        return window.isActiveAt(t);
    }
}
