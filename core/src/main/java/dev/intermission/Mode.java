package dev.intermission;

import java.util.Locale;

/**
 * The maintenance mode of a service, ordered from open to closed.
 *
 * <p>The order matters: when a manual mode and a scheduled window overlap, the stricter one (the later
 * constant) wins.
 */
public enum Mode {
    /** Normal operation: every request passes. */
    OFF,
    /** Safe methods (GET, HEAD, OPTIONS by default) pass; writes are refused. */
    READ_ONLY,
    /** Everything except allow-listed traffic is refused. */
    FULL;

    /**
     * Parses a mode: {@code off}, {@code read-only} or {@code full}, in any case, with {@code -} or {@code _}.
     *
     * @param text the text to parse
     * @return the mode
     * @throws InvalidValueException naming the field {@code mode} and the valid values
     */
    public static Mode parse(String text) {
        return Values.mode("mode", text);
    }

    /**
     * Returns whether this mode refuses any traffic.
     *
     * @return {@code true} for {@link #READ_ONLY} and {@link #FULL}
     */
    public boolean isMaintenance() {
        return this != OFF;
    }

    /**
     * Returns the lower-case, hyphenated name used in HTTP headers and JSON ({@code off}, {@code read-only},
     * {@code full}).
     *
     * @return the external name
     */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Returns the stricter of two modes.
     *
     * @param a one mode
     * @param b another mode
     * @return whichever refuses more
     */
    public static Mode strictest(Mode a, Mode b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
