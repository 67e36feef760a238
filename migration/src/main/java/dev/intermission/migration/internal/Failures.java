package dev.intermission.migration.internal;

/** Turns a failure into the short reason users see and the longer description recorded with the window. */
final class Failures {

    private static final int MAX_CAUSES = 10;

    private Failures() {
    }

    /** One line: the failure's first line, and its root cause's first line when that adds something. */
    static String reason(Throwable error) {
        String top = firstLine(error);
        Throwable root = error;
        for (int i = 0; i < MAX_CAUSES && root.getCause() != null && root.getCause() != root; i++) {
            root = root.getCause();
        }
        String reason = top;
        if (root != error) {
            String rootLine = firstLine(root);
            if (!top.contains(rootLine)) {
                reason = top + ": " + rootLine;
            }
        }
        return oneLine(reason);
    }

    /** The whole chain: each failure's type and message, causes after. */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        Throwable t = error;
        for (int i = 0; i < MAX_CAUSES && t != null; i++) {
            if (i > 0) {
                text.append("\ncaused by: ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage().strip());
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return MigrationStore.truncate(text.toString(), MigrationStore.MAX_ERROR_LENGTH);
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return message.strip().lines().findFirst().orElse(message).strip();
    }

    /** Replaces control characters (line breaks included) with spaces. */
    private static String oneLine(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return b.toString();
    }
}
