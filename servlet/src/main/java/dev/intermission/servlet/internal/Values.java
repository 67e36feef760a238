package dev.intermission.servlet.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses init-parameter values: lists and durations. */
public final class Values {

    private static final Pattern SHORT_DURATION = Pattern.compile("([0-9]{1,9})\\s*(ms|s|m|h|d)?");

    private Values() {
    }

    /**
     * Splits a list on commas and whitespace, dropping empty items.
     *
     * @param text the text, or {@code null}
     * @return the items
     */
    public static List<String> list(String text) {
        List<String> items = new ArrayList<>();
        if (text == null) {
            return items;
        }
        for (String item : text.split("[,\\s]+")) {
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        return items;
    }

    /**
     * Parses a duration: ISO-8601 ({@code PT12H}), a number with a unit ({@code 500ms}, {@code 30s}, {@code 5m},
     * {@code 12h}, {@code 1d}), or a bare number of seconds ({@code 300}).
     *
     * @param option the option name, for messages
     * @param text   the text
     * @return the duration
     * @throws IllegalArgumentException naming {@code option} when the text is none of these
     */
    public static Duration duration(String option, String text) {
        String t = text == null ? "" : text.strip();
        Matcher m = SHORT_DURATION.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a duration (expected for example "
                    + "PT12H, 12h, 30m, 90s, 500ms or a number of seconds)");
        }
    }
}
