package dev.intermission.servlet.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.intermission.InvalidValueException;

/**
 * Path patterns compiled once: exact ({@code /health}), prefix ({@code /static/*} or {@code /static/**}, which
 * match {@code /static} and everything under it) and extension ({@code *.css}); matching is literal and
 * case-sensitive on a path that {@link RequestPaths#isUnambiguous(String)} accepted.
 */
public final class PathAllowlist {

    /** The empty list: matches nothing. */
    public static final PathAllowlist EMPTY = new PathAllowlist(List.of(), Set.of(), new String[0], new String[0],
            new String[0]);

    private final List<String> patterns;
    private final Set<String> exact;
    private final String[] prefixBases;
    private final String[] prefixes;
    private final String[] extensions;

    private PathAllowlist(List<String> patterns, Set<String> exact, String[] prefixBases, String[] prefixes,
            String[] extensions) {
        this.patterns = patterns;
        this.exact = exact;
        this.prefixBases = prefixBases;
        this.prefixes = prefixes;
        this.extensions = extensions;
    }

    /**
     * Compiles patterns.
     *
     * @param option   the option name, for messages
     * @param patterns the patterns
     * @return the compiled list
     * @throws InvalidValueException naming {@code option} and the pattern when one is not valid, or matches
     *                                  every path
     */
    public static PathAllowlist compile(String option, List<String> patterns) {
        if (patterns.isEmpty()) {
            return EMPTY;
        }
        Set<String> exact = new HashSet<>();
        List<String> bases = new ArrayList<>();
        List<String> extensions = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String raw : patterns) {
            if (raw == null) {
                throw new InvalidValueException(option, null, "a pattern is null");
            }
            String p = raw.strip();
            if (p.startsWith("*.")) {
                String ext = p.substring(1);
                if (!ext.matches("\\.[A-Za-z0-9_~-][A-Za-z0-9._~-]*")) {
                    throw new InvalidValueException(option, raw, "is not an extension pattern (expected for example "
                            + "*.css)");
                }
                extensions.add(ext);
            } else if (p.endsWith("/*") || p.endsWith("/**")) {
                String base = p.substring(0, p.lastIndexOf('/'));
                if (base.isEmpty()) {
                    throw new InvalidValueException(option, raw, "matches every path, which would switch maintenance "
                            + "off; switch it off instead");
                }
                checkPath(option, raw, base);
                if (base.endsWith("/")) {
                    throw new InvalidValueException(option, raw, "has an empty segment");
                }
                bases.add(base);
            } else if (p.startsWith("/")) {
                checkPath(option, raw, p);
                exact.add(p);
            } else {
                throw new InvalidValueException(option, raw, "is not a path pattern (expected /exact, /prefix/*, "
                        + "/prefix/** or *.ext)");
            }
            kept.add(p);
        }
        String[] prefixBases = bases.toArray(new String[0]);
        String[] prefixes = new String[prefixBases.length];
        for (int i = 0; i < prefixBases.length; i++) {
            prefixes[i] = prefixBases[i] + "/";
        }
        return new PathAllowlist(List.copyOf(kept), Set.copyOf(exact), prefixBases, prefixes,
                extensions.toArray(new String[0]));
    }

    /**
     * Compiles one base path that matches itself and everything under it ({@code /service-context}).
     *
     * @param option the option name, for messages
     * @param base   the base path, starting with {@code /}, without a trailing {@code /}
     * @return the compiled prefix
     * @throws InvalidValueException naming {@code option} when the path is not valid
     */
    public static PathAllowlist prefix(String option, String base) {
        String b = base == null ? null : base.strip();
        if (b == null || !b.startsWith("/")) {
            throw new InvalidValueException(option, base, "must start with '/'");
        }
        if (b.equals("/")) {
            throw new InvalidValueException(option, base, "'/' matches every path, which would switch "
                    + "maintenance off");
        }
        if (b.endsWith("/")) {
            throw new InvalidValueException(option, base, "must not end with '/'");
        }
        checkPath(option, base, b);
        return compile(option, List.of(b + "/**"));
    }

    private static void checkPath(String option, String raw, String path) {
        if (!path.startsWith("/")) {
            throw new InvalidValueException(option, raw, "must start with '/'");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '*' || c == '?' || c == '#' || Character.isWhitespace(c)) {
                throw new InvalidValueException(option, raw, "holds '" + c + "'; '*' may only end a prefix pattern "
                        + "(/prefix/*) or start an extension pattern (*.ext)");
            }
        }
        if (!RequestPaths.isUnambiguous(path)) {
            throw new InvalidValueException(option, raw, "is ambiguous (it holds '%', '\\', ';', a control "
                    + "character, an empty, '.' or '..' segment); give the decoded, normalised path");
        }
    }

    /**
     * Returns whether a path matches one of the patterns.
     *
     * @param path an unambiguous path (see {@link RequestPaths#isUnambiguous(String)})
     * @return whether it is allow-listed
     */
    public boolean matches(String path) {
        if (exact.contains(path)) {
            return true;
        }
        for (int i = 0; i < prefixes.length; i++) {
            if (path.startsWith(prefixes[i]) || path.equals(prefixBases[i])) {
                return true;
            }
        }
        for (String ext : extensions) {
            if (path.endsWith(ext)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the patterns as given (trimmed).
     *
     * @return the patterns
     */
    public List<String> patterns() {
        return patterns;
    }
}
