package dev.intermission.cli.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import dev.intermission.InvalidValueException;
import dev.intermission.Maintenance;
import dev.intermission.Mode;
import dev.intermission.Values;
import picocli.CommandLine.ITypeConverter;

/**
 * The CLI's option values, parsed by the library's one parser of each type ({@link Values}); a refused value is
 * reported naming the option the operator wrote.
 */
final class Options {

    /** The field name converters use; the error handler renames it to the option that was given. */
    static final String FIELD = "value";

    private Options() {
    }

    /**
     * Runs a library call on behalf of an option, reporting a refused value as that option's.
     *
     * @throws InvalidValueException naming the option
     */
    static void apply(String option, Runnable call) {
        try {
            call.run();
        } catch (InvalidValueException e) {
            throw e.withField(option);
        } catch (IllegalArgumentException e) {
            InvalidValueException named = new InvalidValueException(option, null, e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    /** Checks {@code --service}: the library's rule for service names. */
    static String service(String name) {
        apply("--service", () -> Maintenance.newBuilder().serviceName(name));
        return name;
    }

    /** Checks {@code --table-prefix}: the library's rule for prefixes. */
    static String tablePrefix(String prefix) {
        apply("--table-prefix", () -> Maintenance.newBuilder().tablePrefix(prefix));
        return prefix;
    }

    /** Checks a count option such as {@code --limit}. */
    static int between(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidValueException(option, Integer.toString(value), "must be between " + min + " and " + max);
        }
        return value;
    }

    /** A positive duration: {@code 30m}, {@code 1h30m}, {@code 45s}, {@code PT20M}. */
    static final class PositiveDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = Values.duration(FIELD, value);
            if (d.isZero()) {
                throw new InvalidValueException(FIELD, value, "must be longer than zero");
            }
            return d;
        }
    }

    /** A duration that may be zero ({@code 0} for no wait). */
    static final class AnyDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Values.duration(FIELD, value);
        }
    }

    /** A refresh interval, within the library's bounds. */
    static final class RefreshInterval implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Values.duration(FIELD, value, Maintenance.MIN_REFRESH_INTERVAL, Maintenance.MAX_REFRESH_INTERVAL);
        }
    }

    /** An instant: {@code now}, ISO-8601 with an offset, or a local date-time on this machine's clock. */
    static final class When implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            if (value != null && value.strip().equalsIgnoreCase("now")) {
                return Instant.now();
            }
            return Values.instant(FIELD, value, ZoneId.systemDefault());
        }
    }

    /** The mode of a migration window: {@code full} or {@code read-only}. */
    static final class WindowMode implements ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            Mode mode = Values.mode(FIELD, value);
            if (mode == Mode.OFF) {
                throw new InvalidValueException(FIELD, value, "must be full or read-only (a window refuses traffic)");
            }
            return mode;
        }
    }
}
