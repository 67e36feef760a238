package dev.intermission;

import java.io.Serial;

/**
 * Thrown when a setting, a request field or an argument has a value the library refuses; it names the field, the
 * rejected value and what is allowed, so every entry point can report it without reading the message.
 */
public class InvalidValueException extends IllegalArgumentException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The longest rejected value kept; longer ones are cut, so a hostile input never floods a log or a page. */
    private static final int MAX_VALUE_LENGTH = 80;

    private final String field;
    private final String value;
    private final String problem;

    /**
     * Creates an exception.
     *
     * @param field   the name of the field, setting or argument, as the user wrote it
     * @param value   the rejected value as text, or {@code null} when it was missing
     * @param problem what is wrong and what is allowed, for example {@code "must be between 1s and 1h"}
     */
    public InvalidValueException(String field, String value, String problem) {
        super(format(field, value, problem));
        this.field = field;
        this.value = value == null ? null : shorten(value);
        this.problem = problem;
    }

    /**
     * Returns a copy of this exception naming another field: an entry point that calls a parser on behalf of its
     * own setting (an init-param, a property, a CLI option) renames the field to what its user wrote.
     *
     * @param otherField the name the user knows the value by
     * @return a new exception with the same value and problem
     */
    public InvalidValueException withField(String otherField) {
        InvalidValueException renamed = new InvalidValueException(otherField, value, problem);
        renamed.initCause(getCause());
        return renamed;
    }

    /**
     * Returns the name of the field that was refused.
     *
     * @return the field name
     */
    public String field() {
        return field;
    }

    /**
     * Returns the refused value as text (cut to a safe length), or {@code null} when it was missing.
     *
     * @return the value, or {@code null}
     */
    public String value() {
        return value;
    }

    /**
     * Returns what was wrong with the value and what is allowed, without the field name.
     *
     * @return the problem
     */
    public String problem() {
        return problem;
    }

    private static String format(String field, String value, String problem) {
        return field + ": " + problem + (value == null ? "" : ", was '" + shorten(value) + "'");
    }

    private static String shorten(String value) {
        StringBuilder b = new StringBuilder(Math.min(value.length(), MAX_VALUE_LENGTH + 3));
        for (int i = 0; i < value.length() && b.length() < MAX_VALUE_LENGTH; i++) {
            char c = value.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            b.append("...");
        }
        return b.toString();
    }
}
