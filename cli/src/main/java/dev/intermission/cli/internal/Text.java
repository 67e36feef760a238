package dev.intermission.cli.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.intermission.Values;

/** How the CLI writes times, durations and free text on a terminal. */
final class Text {

    private Text() {
    }

    /** An instant in UTC to the second, or {@code -}. */
    static String time(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A duration to the second, as the CLI reads it back ({@code 1h30m}). */
    static String duration(Duration d) {
        Duration seconds = d.truncatedTo(ChronoUnit.SECONDS);
        return Values.text(seconds.isZero() ? d.truncatedTo(ChronoUnit.MILLIS) : seconds);
    }

    /** Free text on one line: line breaks become spaces, other control characters {@code ?}. */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') {
                b.append(' ');
            } else {
                b.append(Character.isISOControl(c) ? '?' : c);
            }
        }
        return b.toString();
    }

    /** Cuts text to a width, marking the cut with {@code ...}. */
    static String cut(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        return width <= 3 ? text.substring(0, width) : text.substring(0, width - 3) + "...";
    }

    /** The first line of an error's message, or its type when it has none. */
    static String firstLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return oneLine(message.strip().lines().findFirst().orElse(message).strip());
    }
}
