package dev.intermission.cli.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses the CLI's instants and durations. */
public final class Times {

    private static final Pattern SHORT_DURATION = Pattern.compile(
            "(?:(\\d{1,6})d)?(?:(\\d{1,7})h)?(?:(\\d{1,9})m)?(?:(\\d{1,11})s)?");

    private Times() {
    }

    /**
     * Parses an instant: {@code now}, ISO-8601 with {@code Z} or an offset, a zoned date-time, or a local
     * date-time taken in the system time zone.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Instant parseInstant(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equalsIgnoreCase("now")) {
            return Instant.now();
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return ZonedDateTime.parse(t).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(t).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException ignored) {
            // refused below
        }
        throw new IllegalArgumentException("'" + text + "' is not a time: use ISO-8601 such as 2030-01-31T18:00:00Z,"
                + " 2030-01-31T19:00+01:00 or 2030-01-31T18:00 (local time)");
    }

    /**
     * Parses a positive duration: {@code 30m}, {@code 1h30m}, {@code 2h}, {@code 45s}, {@code 1d}, or ISO-8601
     * ({@code PT20M}).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Duration parseDuration(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Duration d = null;
        if (t.startsWith("p")) {
            try {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException ignored) {
                // refused below
            }
        } else if (!t.isEmpty()) {
            Matcher m = SHORT_DURATION.matcher(t);
            if (m.matches()) {
                d = Duration.ofDays(group(m, 1)).plusHours(group(m, 2)).plusMinutes(group(m, 3))
                        .plusSeconds(group(m, 4));
            }
        }
        if (d == null) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use 30m, 1h30m, 2h, 45s, 1d or "
                    + "ISO-8601 such as PT20M");
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is not a positive duration");
        }
        return d;
    }

    private static long group(Matcher m, int i) {
        return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
    }

    /** The picocli converter of {@link #parseInstant}. */
    public static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return parseInstant(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The picocli converter of {@link #parseDuration}. */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parseDuration(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
