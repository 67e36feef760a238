package dev.intermission.notify.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.intermission.Mode;
import dev.intermission.Values;

/** How values read in text: durations for people ({@code 340ms}, {@code 12.3s}, {@code 1h2m3s}), first lines. */
public final class Texts {

    private Texts() {
    }

    /**
     * Writes a duration for people.
     *
     * @param d the duration
     * @return {@code 340ms} under a second, {@code 12.3s} under a minute, else {@code 1h2m3s}
     */
    public static String human(Duration d) {
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + "ms";
        }
        if (d.compareTo(Duration.ofMinutes(1)) < 0) {
            String s = String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
            return (s.endsWith(".0") ? s.substring(0, s.length() - 2) : s) + "s";
        }
        return Values.text(d.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Returns the first line of a text, cut to a length.
     *
     * @param text the text, or {@code null}
     * @param max  the longest result
     * @return the line, or {@code null}
     */
    public static String firstLine(String text, int max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }

    /**
     * Returns the first line of an error's description without a leading exception class name
     * ({@code MigrationFailedException: V3 failed: ...} reads {@code V3 failed: ...}), cut to a length.
     *
     * @param text the description, or {@code null}
     * @param max  the longest result
     * @return the reason, or {@code null}
     */
    public static String reason(String text, int max) {
        String line = firstLine(text, Integer.MAX_VALUE);
        if (line == null) {
            return null;
        }
        String stripped = line.replaceFirst("^([a-z][a-z0-9_]*\\.)*[A-Z][A-Za-z0-9_$]*(Exception|Error): ", "");
        return firstLine(stripped.isBlank() ? line : stripped, max);
    }

    /**
     * Joins a report's phases (as the template sees them) on one line: {@code PLAN 30ms, LOCK 9ms, ...}.
     *
     * @param phases the phases, maps of {@code phase} and {@code duration}
     * @return the line
     */
    public static String phaseSummary(List<?> phases) {
        List<String> parts = new ArrayList<>();
        for (Object p : phases) {
            if (p instanceof Map<?, ?> m) {
                parts.add(m.get("phase") + " " + m.get("duration"));
            }
        }
        return String.join(", ", parts);
    }

    /**
     * Turns a payload into a template's context: maps and lists copied, modes by their external name, instants in
     * ISO-8601, durations for people ({@link #human(Duration)}), other enums by name.
     *
     * @param value the payload value
     * @return the context value
     */
    public static Object context(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> m = new LinkedHashMap<>();
            map.forEach((k, v) -> m.put(String.valueOf(k), context(v)));
            return m;
        }
        if (value instanceof Collection<?> list) {
            List<Object> l = new ArrayList<>();
            list.forEach(v -> l.add(context(v)));
            return l;
        }
        if (value instanceof Mode m) {
            return m.externalName();
        }
        if (value instanceof Duration d) {
            return human(d);
        }
        if (value instanceof Instant i) {
            return i.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        return value;
    }
}
