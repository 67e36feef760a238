package dev.intermission.admin.internal;

/** Small text helpers for echoing client input safely. */
public final class Texts {

    private Texts() {
    }

    /** Returns the text cut to at most {@code max} characters (never splitting a surrogate pair), or "null". */
    public static String clip(String text, int max) {
        if (text == null) {
            return "null";
        }
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "...";
    }

    /** Returns the index of the first unpaired surrogate, or -1 when the text is well-formed UTF-16. */
    public static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Returns the text without control characters, stripped and cut to {@code max} characters. */
    public static String printable(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != 0x7f) {
                b.append(c);
            }
        }
        String result = b.toString().strip();
        return unpairedSurrogate(result) >= 0 ? result.replaceAll("[\\x{D800}-\\x{DFFF}]", "?") : result;
    }
}
