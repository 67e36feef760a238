package dev.intermission.servlet.internal;

/**
 * Judges whether a decoded path is plain enough to be matched literally against an allowlist.
 *
 * <p>Containers decode and normalise the path before the filter sees it. Whatever is still odd afterwards is
 * something a container, a servlet or a file system downstream might read differently from a literal match, so
 * such a path is never treated as allow-listed: a {@code %} (an encoded character left encoded, or a second
 * round of decoding to come), a backslash, a {@code ;} (path parameters), a NUL or other control character, a
 * {@code .} or {@code ..} segment, an empty segment ({@code //}; a single trailing {@code /} is fine), the
 * Unicode replacement character (a decoding error such as overlong UTF-8), and look-alikes of {@code /},
 * {@code \} and {@code .} (fullwidth and division slashes, fullwidth and small full stops, the one-dot leader).
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    /**
     * Returns whether the path can be matched literally.
     *
     * @param path a decoded path starting with {@code /}, or {@code null}
     * @return {@code true} when it holds nothing ambiguous
     */
    public static boolean isUnambiguous(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        int n = path.length();
        int segmentStart = 1;
        for (int i = 1; i <= n; i++) {
            char c = i < n ? path.charAt(i) : '/';
            if (c == '/') {
                int length = i - segmentStart;
                if (length == 0 && i < n) {
                    return false;
                }
                if (length == 1 && path.charAt(segmentStart) == '.') {
                    return false;
                }
                if (length == 2 && path.charAt(segmentStart) == '.' && path.charAt(segmentStart + 1) == '.') {
                    return false;
                }
                segmentStart = i + 1;
            } else if (isSuspicious(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSuspicious(char c) {
        if (c < 0x20 || c == 0x7f) {
            return true;
        }
        switch (c) {
            case '%':
            case '\\':
            case ';':
            case '\uFFFD': // replacement character: the container met bytes that are not UTF-8
            case '\uFF0F': // fullwidth solidus
            case '\uFF3C': // fullwidth reverse solidus
            case '\u2215': // division slash
            case '\u2216': // set minus
            case '\u2044': // fraction slash
            case '\uFF0E': // fullwidth full stop
            case '\uFE52': // small full stop
            case '\u2024': // one dot leader
                return true;
            default:
                return c >= 0x80 && c <= 0x9f;
        }
    }
}
