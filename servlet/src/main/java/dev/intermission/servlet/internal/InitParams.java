package dev.intermission.servlet.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.intermission.InvalidValueException;

/**
 * Reads init-params the same strict way for the filter and the admin servlet: lists split on commas and
 * whitespace; a name in the {@code intermission.} namespace (in any case) that is not known fails the start; a
 * name outside it that looks like a known one with a mistyped prefix is reported, so it can be warned about.
 */
public final class InitParams {

    /** The namespace of every init-param the library reads. */
    public static final String PREFIX = "intermission.";

    private InitParams() {
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
     * Refuses any name in the library's namespace that is not known: a misspelt or wrongly cased name must not
     * leave a setting silently at its default.
     *
     * @param names the names given
     * @param known the names the reader knows
     * @throws InvalidValueException naming the first unknown name (in sorted order) and listing the known ones
     */
    public static void requireKnown(Collection<String> names, Set<String> known) {
        for (String name : new TreeSet<>(names)) {
            if (name.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) && !known.contains(name)) {
                String suggestion = closest(name, known);
                throw new InvalidValueException(name, null, "unknown init-param"
                        + (suggestion == null ? "" : "; did you mean " + suggestion + "?")
                        + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /**
     * Finds names outside the namespace that look like a known name with a mistyped prefix
     * ({@code intermision.admin.tokens}, {@code admin.tokens}, {@code intermission_allowPaths}); they are ignored,
     * and worth a warning.
     *
     * @param names the names given
     * @param known the names the reader knows
     * @return each suspicious name with the known name it resembles, in sorted order
     */
    public static Map<String, String> likelyTypos(Collection<String> names, Set<String> known) {
        Map<String, String> typos = new LinkedHashMap<>();
        for (String name : new TreeSet<>(names)) {
            if (name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            String match = null;
            for (String candidate : new TreeSet<>(known)) {
                String k = candidate.toLowerCase(Locale.ROOT);
                String suffix = k.substring(PREFIX.length());
                if (lower.equals(suffix) || lower.endsWith("." + suffix) || lower.endsWith("_" + suffix)
                        || lower.endsWith("-" + suffix) || distance(lower, k, 3) <= 3) {
                    match = candidate;
                    break;
                }
            }
            if (match == null && looksLikePrefix(lower)) {
                match = closest(PREFIX + lower.substring(lower.indexOf('.') + 1), known);
                if (match == null) {
                    match = PREFIX + "*";
                }
            }
            if (match != null) {
                typos.put(name, match);
            }
        }
        return typos;
    }

    /** Whether the first segment of a name is within two edits of {@code intermission}. */
    private static boolean looksLikePrefix(String lower) {
        int dot = lower.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        return distance(lower.substring(0, dot), "intermission", 2) <= 2;
    }

    /** The known name within three edits of the given one, or {@code null}. */
    private static String closest(String name, Set<String> known) {
        String best = null;
        int bestDistance = 4;
        for (String candidate : new TreeSet<>(known)) {
            int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT), 3);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** The edit distance of two texts, or {@code limit + 1} when it is larger than {@code limit}. */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[b.length()], limit + 1);
    }
}
