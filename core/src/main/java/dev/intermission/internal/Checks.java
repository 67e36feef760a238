package dev.intermission.internal;

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
}
