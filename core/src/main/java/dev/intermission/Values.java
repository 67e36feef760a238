package dev.intermission;

import java.time.DateTimeException;
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

/**
 * The one parser of each value type that users write as text (modes, durations, instants), shared by the
 * command line, the admin endpoint, init-params and configuration properties so they all accept the same forms.
 *
 * <p>Every method throws {@link InvalidValueException} naming the field, the value and the accepted forms.
 */
public final class Values {

    /** Compound durations such as {@code 1h30m}, {@code 45s}, {@code 500ms} or {@code 1d}. */
    private static final Pattern COMPOUND = Pattern.compile(
            "(?:(\\d{1,6})d)?(?:(\\d{1,7})h)?(?:(\\d{1,9})m(?!s))?(?:(\\d{1,11})s)?(?:(\\d{1,12})ms)?");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,11}");
    private static final String DURATION_FORMS = "a duration such as 30s, 5m, 1h30m, 1d, 500ms, a number of seconds "
            + "or ISO-8601 (PT20M)";
    private static final String INSTANT_FORMS = "an ISO-8601 time such as 2030-01-31T18:00:00Z or "
            + "2030-01-31T19:00+01:00";

    private Values() {
    }

    /**
     * Parses a mode: {@code off}, {@code read-only} or {@code full}, in any case, with {@code -} or {@code _}.
     *
     * @param field the field name, for the error
     * @param text  the text
     * @return the mode
     * @throws InvalidValueException when the text is not a mode
     */
    public static Mode mode(String field, String text) {
        if (text != null) {
            String normalized = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            for (Mode mode : Mode.values()) {
                if (mode.name().equals(normalized)) {
                    return mode;
                }
            }
        }
        throw new InvalidValueException(field, text, "must be one of off, read-only or full");
    }

    /**
     * Parses a duration: a compound of days, hours, minutes, seconds and milliseconds ({@code 1h30m},
     * {@code 45s}, {@code 500ms}), a bare number of seconds ({@code 300}), or ISO-8601 ({@code PT20M}).
     *
     * @param field the field name, for the error
     * @param text  the text
     * @return the duration, zero or positive
     * @throws InvalidValueException when the text is none of these, or negative
     */
    public static Duration duration(String field, String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Duration d = null;
        if (t.startsWith("p") || t.startsWith("-p")) {
            try {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                d = null;
            }
        } else if (SECONDS.matcher(t).matches()) {
            d = Duration.ofSeconds(Long.parseLong(t));
        } else if (!t.isEmpty()) {
            Matcher m = COMPOUND.matcher(t);
            if (m.matches()) {
                try {
                    d = Duration.ofDays(group(m, 1)).plusHours(group(m, 2)).plusMinutes(group(m, 3))
                            .plusSeconds(group(m, 4)).plusMillis(group(m, 5));
                } catch (ArithmeticException e) {
                    d = null;
                }
            }
        }
        if (d == null) {
            throw new InvalidValueException(field, text, "must be " + DURATION_FORMS);
        }
        if (d.isNegative()) {
            throw new InvalidValueException(field, text, "must not be negative");
        }
        return d;
    }

    /**
     * Parses a duration and checks that it lies within bounds.
     *
     * @param field the field name, for the error
     * @param text  the text
     * @param min   the shortest accepted
     * @param max   the longest accepted
     * @return the duration
     * @throws InvalidValueException when the text is not a duration or is out of bounds
     */
    public static Duration duration(String field, String text, Duration min, Duration max) {
        Duration value = duration(field, text);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            // The value as it was written ('25h'), not as it reads back ('1d1h'): what the user has to find.
            throw new InvalidValueException(field, text.strip(), "must be between " + text(min) + " and "
                    + text(max));
        }
        return value;
    }

    /**
     * Checks that a duration lies within bounds; the one check behind every builder's duration setter.
     *
     * @param field the field name, for the error
     * @param value the duration, {@code null} is refused
     * @param min   the shortest accepted
     * @param max   the longest accepted
     * @return the duration
     * @throws InvalidValueException when {@code null} or out of bounds
     */
    public static Duration checkDuration(String field, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidValueException(field, value == null ? null : text(value),
                    "must be between " + text(min) + " and " + text(max));
        }
        return value;
    }

    /**
     * Parses an instant written with its offset: ISO-8601 with {@code Z}, a numeric offset, or a zone
     * ({@code 2030-01-31T18:00:00Z}, {@code 2030-01-31T19:00+01:00}, {@code 2030-01-31T19:00+01:00[Europe/Paris]}).
     *
     * @param field the field name, for the error
     * @param text  the text
     * @return the instant
     * @throws InvalidValueException when the text is not such a time
     */
    public static Instant instant(String field, String text) {
        return instant(field, text, null);
    }

    /**
     * Parses an instant like {@link #instant(String, String)}, and also a local date-time without an offset
     * ({@code 2030-01-31T18:00}), taken in the given zone; a person typing at a terminal means their own clock.
     *
     * @param field     the field name, for the error
     * @param text      the text
     * @param localZone the zone for local date-times, or {@code null} to refuse them
     * @return the instant
     * @throws InvalidValueException when the text is not such a time
     */
    public static Instant instant(String field, String text, ZoneId localZone) {
        String t = text == null ? "" : text.strip();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return ZonedDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // try the next form
        }
        if (localZone != null) {
            try {
                return LocalDateTime.parse(t).atZone(localZone).toInstant();
            } catch (DateTimeException e) {
                // refused below
            }
            throw new InvalidValueException(field, text, "must be " + INSTANT_FORMS + ", or a local time such as "
                    + "2030-01-31T18:00");
        }
        throw new InvalidValueException(field, text, "must be " + INSTANT_FORMS);
    }

    /**
     * Writes a duration the way {@link #duration(String, String)} reads it back: {@code 1h30m}, {@code 45s},
     * {@code 500ms}, {@code 0s}.
     *
     * @param d the duration
     * @return the text
     */
    public static String text(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        if (d.isNegative()) {
            b.append('-');
            d = d.negated();
        }
        long days = d.toDays();
        int hours = d.toHoursPart();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        int millis = d.toMillisPart();
        append(b, days, "d");
        append(b, hours, "h");
        append(b, minutes, "m");
        append(b, seconds, "s");
        append(b, millis, "ms");
        return b.length() == 0 || b.toString().equals("-") ? d.toString() : b.toString();
    }

    private static void append(StringBuilder b, long n, String unit) {
        if (n != 0) {
            b.append(n).append(unit);
        }
    }

    private static long group(Matcher m, int i) {
        return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
    }
}
