package dev.intermission.boot.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import dev.intermission.InvalidValueException;
import dev.intermission.Values;

/**
 * Turns the checks of the library's builders into {@link InvalidValueException}s that name the property the user
 * wrote ({@code intermission.filter.allow-paths}), so start-up fails with Boot's failure analysis naming it.
 */
public final class PropertyChecks {

    private PropertyChecks() {
    }

    /**
     * Runs a builder's setter, renaming any refusal to the property.
     *
     * @param property the property's name
     * @param value    the value as written, shown in the error; {@code null} for a secret
     * @param setter   calls the setter
     * @throws InvalidValueException naming the property when the setter refuses the value
     */
    public static void check(String property, String value, Runnable setter) {
        try {
            setter.run();
        } catch (InvalidValueException e) {
            throw rename(e, property, value);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidValueException(property, value, problem(e.getMessage()));
        }
    }

    /**
     * Parses a duration property with the library's parser.
     *
     * @param property the property's name
     * @param text     the value as written
     * @return the duration
     * @throws InvalidValueException naming the property when the text is not a duration
     */
    public static Duration duration(String property, String text) {
        return Values.duration(property, text);
    }

    /**
     * Parses an enum-like property written in lower case with hyphens ({@code assume-full}).
     *
     * @param property the property's name
     * @param text     the value as written
     * @param type     the enum
     * @param <E>      the enum's type
     * @return the constant
     * @throws InvalidValueException naming the property and the accepted values when none matches
     */
    public static <E extends Enum<E>> E constant(String property, String text, Class<E> type) {
        if (text != null) {
            String normalized = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(normalized)) {
                    return e;
                }
            }
        }
        List<String> accepted = java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
        throw new InvalidValueException(property, text, "must be one of " + String.join(", ", accepted));
    }

    /**
     * Renames a refusal to the property, keeping the value hidden when the caller hides it.
     *
     * @param e        the refusal
     * @param property the property's name
     * @param value    the value to show, or {@code null} to show none
     * @return the renamed refusal
     */
    public static InvalidValueException rename(InvalidValueException e, String property, String value) {
        InvalidValueException renamed = new InvalidValueException(property, value == null ? null : e.value(),
                e.problem());
        renamed.initCause(e.getCause());
        return renamed;
    }

    /** Strips the builder's own field name ({@code "allowPaths: must ..."} becomes {@code "must ..."}). */
    static String problem(String message) {
        if (message == null || message.isBlank()) {
            return "is not accepted";
        }
        String problem = message;
        int colon = problem.indexOf(": ");
        if (colon > 0 && colon < 40 && problem.substring(0, colon).matches("[A-Za-z' .\\-]+")) {
            problem = problem.substring(colon + 2);
        }
        // The exception names the value itself; the property's value is shown once, by the caller.
        int was = problem.lastIndexOf(", was ");
        return was > 0 ? problem.substring(0, was) : problem;
    }
}
