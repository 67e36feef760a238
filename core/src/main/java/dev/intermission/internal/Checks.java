package dev.intermission.internal;

import java.util.regex.Pattern;

import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceChange;

/** The checks of values that several builders accept (messages, actors, client addresses), in one place. */
public final class Checks {

    private Checks() {
    }

    /**
     * Checks a message shown to users: at most {@link MaintenanceChange#MAX_MESSAGE_LENGTH} characters, no control
     * characters but line breaks and tabs; blank means none.
     *
     * @param field   the field name, for the error
     * @param message the message, or {@code null}
     * @return the message, or {@code null} when blank
     * @throws InvalidValueException when too long or holding control characters
     */
    public static String message(String field, String message) {
        if (message == null) {
            return null;
        }
        if (message.length() > MaintenanceChange.MAX_MESSAGE_LENGTH) {
            throw new InvalidValueException(field, null, "must be at most " + MaintenanceChange.MAX_MESSAGE_LENGTH
                    + " characters (was " + message.length() + ")");
        }
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t') {
                throw new InvalidValueException(field, null, "contains a control character at index " + i);
            }
        }
        return message.isBlank() ? null : message;
    }

    /**
     * Checks who makes a change: non-blank, at most {@link MaintenanceChange#MAX_ACTOR_LENGTH} characters, no
     * control characters.
     *
     * @param actor the actor
     * @return the actor, stripped
     * @throws InvalidValueException when blank, too long or holding control characters
     */
    public static String actor(String actor) {
        if (actor == null || actor.isBlank()) {
            throw new InvalidValueException("actor", null, "must not be blank");
        }
        String trimmed = actor.strip();
        if (trimmed.length() > MaintenanceChange.MAX_ACTOR_LENGTH) {
            throw new InvalidValueException("actor", null, "must be at most " + MaintenanceChange.MAX_ACTOR_LENGTH
                    + " characters");
        }
        if (trimmed.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidValueException("actor", null, "contains a control character");
        }
        return trimmed;
    }

    /**
     * Checks a client's network address: at most {@link MaintenanceChange#MAX_CLIENT_ADDRESS_LENGTH} characters.
     *
     * @param clientAddress the address, or {@code null}
     * @return the address
     * @throws InvalidValueException when too long
     */
    public static String clientAddress(String clientAddress) {
        if (clientAddress != null && clientAddress.length() > MaintenanceChange.MAX_CLIENT_ADDRESS_LENGTH) {
            throw new InvalidValueException("clientAddress", null, "must be at most "
                    + MaintenanceChange.MAX_CLIENT_ADDRESS_LENGTH + " characters");
        }
        return clientAddress;
    }

    /** The longest instance id. */
    public static final int MAX_INSTANCE_ID_LENGTH = 100;
    /** The longest application version. */
    public static final int MAX_APPLICATION_VERSION_LENGTH = 100;
    /** The longest host name stored. */
    public static final int MAX_HOST_LENGTH = 255;
    /** The longest background job name. */
    public static final int MAX_JOB_NAME_LENGTH = 100;

    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

    /**
     * Checks an instance id: a letter or digit, then letters, digits, {@code .}, {@code _}, {@code :} or {@code -},
     * at most {@link #MAX_INSTANCE_ID_LENGTH} characters.
     *
     * @param id the id
     * @return the id
     * @throws InvalidValueException naming {@code instanceId} otherwise
     */
    public static String instanceId(String id) {
        if (id == null || !INSTANCE_ID.matcher(id).matches()) {
            throw new InvalidValueException("instanceId", id == null ? null : shown(id, 40), "must be 1-"
                    + MAX_INSTANCE_ID_LENGTH + " letters, digits, '.', '_', ':' or '-' starting with a letter or digit");
        }
        return id;
    }

    /**
     * Checks a name shown to operators (an application version, a job name): non-blank, at most {@code max}
     * characters, no control characters.
     *
     * @param field the field name, for the error
     * @param text  the text
     * @param max   the most characters
     * @return the text, stripped
     * @throws InvalidValueException when blank, too long or holding control characters
     */
    public static String label(String field, String text, int max) {
        if (text == null || text.isBlank()) {
            throw new InvalidValueException(field, null, "must not be blank");
        }
        String t = text.strip();
        if (t.length() > max) {
            throw new InvalidValueException(field, null, "must be at most " + max + " characters (was " + t.length()
                    + ")");
        }
        if (t.chars().anyMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))) {
            throw new InvalidValueException(field, null, "contains a control character");
        }
        return t;
    }

    /**
     * Makes text read from outside (the database, the operating system) safe to show: control characters become
     * {@code ?}, and it is cut at {@code max} characters.
     *
     * @param text the text, or {@code null}
     * @param max  the most characters kept
     * @return the text, or {@code null}
     */
    public static String shown(String text, int max) {
        if (text == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            b.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ? '?' : c);
        }
        return b.toString();
    }

    /**
     * Makes a host name safe to store and show: letters, digits, {@code .}, {@code -} and {@code _} kept, anything
     * else replaced by {@code _}, cut at {@link #MAX_HOST_LENGTH}; {@code unknown} when empty.
     *
     * @param host the host name, or {@code null}
     * @return the sanitized name
     */
    public static String host(String host) {
        if (host == null || host.isBlank()) {
            return "unknown";
        }
        StringBuilder b = new StringBuilder();
        String t = host.strip();
        for (int i = 0; i < t.length() && b.length() < MAX_HOST_LENGTH; i++) {
            char c = t.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '-' || c == '_';
            b.append(ok ? c : '_');
        }
        return b.toString();
    }
}
