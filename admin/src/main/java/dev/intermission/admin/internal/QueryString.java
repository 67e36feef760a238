package dev.intermission.admin.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the raw query string itself, so a malformed one is a 400 of ours rather than a container exception,
 * and a form body is never read as parameters.
 */
public final class QueryString {

    private final Map<String, List<String>> parameters;

    private QueryString(Map<String, List<String>> parameters) {
        this.parameters = parameters;
    }

    /** Parses a raw query string ({@code null} for none). */
    public static QueryString parse(String raw) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            if (raw.length() > 2048) {
                throw AdminProblem.badRequest("query", "longer than 2048 characters");
            }
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                map.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return new QueryString(map);
    }

    /** Returns the single value of a parameter, or {@code null}; a repeated parameter is a 400. */
    public String single(String name) {
        List<String> values = parameters.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw AdminProblem.badRequest(name, "given more than once");
        }
        return values.get(0);
    }

    /** Returns a whole-number parameter within bounds, or the default when absent. */
    public long number(String name, long defaultValue, long min, long max) {
        String text = single(name);
        if (text == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw AdminProblem.badRequest(name, "must be a whole number from " + min + " to " + max + ", was '"
                    + Texts.clip(text, 40) + "'");
        }
        if (value < min || value > max) {
            throw AdminProblem.badRequest(name, "must be from " + min + " to " + max + ", was " + value);
        }
        return value;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AdminProblem.badRequest("query", "malformed percent-encoding");
        }
    }
}
