package dev.intermission.migration.internal;

import dev.intermission.migration.MigrationFailedException;

/** Turns a failure into the short reason users see and the longer description recorded with the window. */
public final class Failures {

    private static final int MAX_CAUSES = 10;
    /** The longest reason: one line an operator reads. */
    private static final int MAX_REASON = 1000;

    private Failures() {
    }

    /**
     * One line: the failure's own words, and its root cause's when they add something. A migrator's
     * {@link MigrationFailedException} already says which migration failed and why, complete: it is taken as it is.
     */
    static String reason(Throwable error) {
        if (error instanceof MigrationFailedException && error.getMessage() != null
                && !error.getMessage().isBlank()) {
            return cut(oneLine(error.getMessage()), MAX_REASON);
        }
        String top = firstLine(error);
        Throwable root = error;
        for (int i = 0; i < MAX_CAUSES && root.getCause() != null && root.getCause() != root; i++) {
            root = root.getCause();
        }
        String reason = top;
        if (root != error) {
            String rootText = root.getMessage() == null || root.getMessage().isBlank()
                    ? root.getClass().getSimpleName() : oneLine(root.getMessage());
            if (!oneLine(top).contains(rootText) && !oneLine(top).contains(firstLine(root))) {
                reason = top + ": " + rootText;
            }
        }
        return cut(oneLine(reason), MAX_REASON);
    }

    /** The whole account: the reason on the first line, then each failure's type and message, causes after. */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(reason(error)).append("\n");
        Throwable t = error;
        for (int i = 0; i < MAX_CAUSES && t != null; i++) {
            text.append(i > 0 ? "\ncaused by: " : "details: ");
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage().strip());
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return MigrationStore.truncate(text.toString(), MigrationStore.MAX_ERROR_LENGTH);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return message.strip().lines().findFirst().orElse(message).strip();
    }

    /**
     * Collapses every run of white space and control characters (line breaks included) to one space.
     *
     * @param text the text
     * @return it on one line
     */
    public static String oneLine(String text) {
        StringBuilder b = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                space = b.length() > 0;
            } else {
                if (space) {
                    b.append(' ');
                    space = false;
                }
                b.append(c);
            }
        }
        return b.toString();
    }
}
