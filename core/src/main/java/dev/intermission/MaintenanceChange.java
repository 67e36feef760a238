package dev.intermission;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.OptionalLong;

import dev.intermission.internal.Checks;

/**
 * One requested change to a service's maintenance state, with who asked for it and from where.
 *
 * <p>Build one with {@link #enable(Mode)}, {@link #disable()}, {@link #schedule(ScheduledWindow)} or
 * {@link #cancelSchedule()}, then pass it to {@link MaintenanceService#apply(MaintenanceChange)}:
 *
 * <pre>{@code
 * service.apply(MaintenanceChange.enable(Mode.FULL)
 *         .message("Upgrading the database")
 *         .expectedDuration(Duration.ofMinutes(20))
 *         .actor("alice")
 *         .build());
 * }</pre>
 *
 * <p>Every value is checked when it is set, so a bad value fails with an {@link InvalidValueException} that
 * names the field before anything is written. An expected end is checked against the service's clock when the
 * change is applied.
 */
public final class MaintenanceChange {

    /** The longest message accepted, in characters. */
    public static final int MAX_MESSAGE_LENGTH = 1000;
    /** The longest actor name accepted, in characters. */
    public static final int MAX_ACTOR_LENGTH = 200;
    /** The longest client address accepted, in characters. */
    public static final int MAX_CLIENT_ADDRESS_LENGTH = 100;
    /** The actor recorded when none is given. */
    public static final String DEFAULT_ACTOR = "system";

    private final Action action;
    private final Mode mode;
    private final String message;
    private final Instant until;
    private final Duration expectedDuration;
    private final ScheduledWindow window;
    private final String actor;
    private final Origin origin;
    private final String clientAddress;
    private final Long expectedVersion;

    private MaintenanceChange(Builder b) {
        this.action = b.action;
        this.mode = b.mode;
        this.message = b.message;
        this.until = b.until;
        this.expectedDuration = b.expectedDuration;
        this.window = b.window;
        this.actor = b.actor;
        this.origin = b.origin;
        this.clientAddress = b.clientAddress;
        this.expectedVersion = b.expectedVersion;
    }

    /**
     * Starts a change that switches maintenance on (or updates it while on).
     *
     * @param mode {@link Mode#READ_ONLY} or {@link Mode#FULL}
     * @return a builder
     * @throws InvalidValueException when {@code mode} is {@code null} or {@link Mode#OFF}
     */
    public static Builder enable(Mode mode) {
        if (mode == null || mode == Mode.OFF) {
            throw new InvalidValueException("mode", mode == null ? null : mode.externalName(),
                    "must be full or read-only to enable maintenance");
        }
        return new Builder(Action.ENABLE, mode, null);
    }

    /**
     * Starts a change that switches maintenance off.
     *
     * @return a builder
     */
    public static Builder disable() {
        return new Builder(Action.DISABLE, Mode.OFF, null);
    }

    /**
     * Starts a change that sets (or replaces) the scheduled window.
     *
     * @param window the window; its end must be in the future when applied
     * @return a builder
     * @throws InvalidValueException when {@code window} is {@code null}
     */
    public static Builder schedule(ScheduledWindow window) {
        if (window == null) {
            throw new InvalidValueException("window", null, "must be set");
        }
        return new Builder(Action.SCHEDULE, null, window);
    }

    /**
     * Starts a change that cancels the scheduled window, if any.
     *
     * @return a builder
     */
    public static Builder cancelSchedule() {
        return new Builder(Action.CANCEL_SCHEDULE, null, null);
    }

    /** @return what the change does */
    public Action action() {
        return action;
    }

    /** @return the mode to set for {@link Action#ENABLE} and {@link Action#DISABLE}; {@code null} otherwise */
    public Mode mode() {
        return mode;
    }

    /** @return the message for users, or {@code null} */
    public String message() {
        return message;
    }

    /** @return the expected end given as an instant, or {@code null} */
    public Instant until() {
        return until;
    }

    /** @return the expected end given as a duration from the moment of applying, or {@code null} */
    public Duration expectedDuration() {
        return expectedDuration;
    }

    /** @return the window of a {@link Action#SCHEDULE} change, or {@code null} */
    public ScheduledWindow window() {
        return window;
    }

    /** @return who made the change */
    public String actor() {
        return actor;
    }

    /** @return where the change came from */
    public Origin origin() {
        return origin;
    }

    /** @return the client's network address, or {@code null} */
    public String clientAddress() {
        return clientAddress;
    }

    /** @return the version the state must still have for the change to apply, if set */
    public OptionalLong expectedVersion() {
        return expectedVersion == null ? OptionalLong.empty() : OptionalLong.of(expectedVersion);
    }

    /**
     * Resolves the expected end against {@code now}: the instant given, or {@code now} plus the duration given.
     *
     * @param now the current instant
     * @return the expected end, or {@code null} when none was given
     */
    public Instant resolveUntil(Instant now) {
        if (until != null) {
            return until;
        }
        return expectedDuration == null ? null : truncate(now.plus(expectedDuration));
    }

    @Override
    public String toString() {
        return "MaintenanceChange[" + action + (mode == null ? "" : " " + mode) + ", actor=" + actor + ", origin="
                + origin + "]";
    }

    static Instant truncate(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /** A mutable builder of one {@link MaintenanceChange}; every setter validates its value at once. */
    public static final class Builder {
        private final Action action;
        private final Mode mode;
        private final ScheduledWindow window;
        private String message;
        private Instant until;
        private Duration expectedDuration;
        private String actor = DEFAULT_ACTOR;
        private Origin origin = Origin.CODE;
        private String clientAddress;
        private Long expectedVersion;

        private Builder(Action action, Mode mode, ScheduledWindow window) {
            this.action = action;
            this.mode = mode;
            this.window = window;
        }

        /**
         * Sets the message shown to users.
         *
         * @param message at most {@link #MAX_MESSAGE_LENGTH} characters, no control characters; blank means none
         * @return this builder
         * @throws InvalidValueException when the message is too long or holds control characters
         * @throws InvalidValueException when the change is not an enable
         */
        public Builder message(String message) {
            requireEnable("message");
            this.message = Checks.message("message", message);
            return this;
        }

        /**
         * Sets the expected end, which drives {@code Retry-After}; it must be in the future when applied.
         *
         * @param until the expected end, or {@code null} for none
         * @return this builder
         * @throws InvalidValueException when the change is not an enable, or a duration was already set
         */
        public Builder until(Instant until) {
            requireEnable("until");
            if (until != null && expectedDuration != null) {
                throw new InvalidValueException("until", null, "an expected duration is already set; give one or the other");
            }
            this.until = truncate(until);
            return this;
        }

        /**
         * Sets the expected end as a duration from the moment the change is applied.
         *
         * @param duration a positive duration, or {@code null} for none
         * @return this builder
         * @throws InvalidValueException when the duration is zero or negative
         * @throws InvalidValueException when the change is not an enable, or an end instant was already set
         */
        public Builder expectedDuration(Duration duration) {
            requireEnable("expectedDuration");
            if (duration != null && (duration.isZero() || duration.isNegative())) {
                throw new InvalidValueException("expectedDuration", null, "must be positive, was " + duration);
            }
            if (duration != null && until != null) {
                throw new InvalidValueException("expectedDuration", null, "an end instant is already set; give one or the other");
            }
            this.expectedDuration = duration;
            return this;
        }

        /**
         * Sets who makes the change, recorded in the history.
         *
         * @param actor a non-blank name of at most {@link #MAX_ACTOR_LENGTH} characters
         * @return this builder
         * @throws InvalidValueException when blank, too long or holding control characters
         */
        public Builder actor(String actor) {
            this.actor = Checks.actor(actor);
            return this;
        }

        /**
         * Sets where the change comes from; {@link Origin#CODE} by default.
         *
         * @param origin the origin
         * @return this builder
         * @throws InvalidValueException when {@code null}
         */
        public Builder origin(Origin origin) {
            if (origin == null) {
                throw new InvalidValueException("origin", null, "must be set");
            }
            this.origin = origin;
            return this;
        }

        /**
         * Sets the client's network address, recorded in the history.
         *
         * @param clientAddress an address of at most {@link #MAX_CLIENT_ADDRESS_LENGTH} characters, or {@code null}
         * @return this builder
         * @throws InvalidValueException when too long
         */
        public Builder clientAddress(String clientAddress) {
            this.clientAddress = Checks.clientAddress(clientAddress);
            return this;
        }

        /**
         * Makes the change conditional: it applies only if the state still has this version (compare-and-set).
         *
         * @param version the version last read, zero or more
         * @return this builder
         * @throws InvalidValueException when negative
         */
        public Builder expectedVersion(long version) {
            if (version < 0) {
                throw new InvalidValueException("expectedVersion", null, "must not be negative, was " + version);
            }
            this.expectedVersion = version;
            return this;
        }

        /**
         * Builds the change.
         *
         * @return the immutable change
         */
        public MaintenanceChange build() {
            return new MaintenanceChange(this);
        }

        private void requireEnable(String field) {
            if (action != Action.ENABLE) {
                throw new InvalidValueException(field, null, "only an enable change carries it (this is " + action + ")");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MaintenanceChange c)) {
            return false;
        }
        return action == c.action && mode == c.mode && Objects.equals(message, c.message)
                && Objects.equals(until, c.until) && Objects.equals(expectedDuration, c.expectedDuration)
                && Objects.equals(window, c.window) && actor.equals(c.actor) && origin == c.origin
                && Objects.equals(clientAddress, c.clientAddress) && Objects.equals(expectedVersion, c.expectedVersion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, mode, message, until, expectedDuration, window, actor, origin, clientAddress,
                expectedVersion);
    }
}
