package dev.intermission.admin.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.intermission.MaintenanceChange;
import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;

/**
 * Turns request bodies into {@link MaintenanceChange} builders, checking every field's presence, type and value
 * so that a bad body is refused with the field named before anything is written.
 */
public final class ChangeRequests {

    /** The fields a PATCH of the status may carry. */
    public static final List<String> PATCH_FIELDS = List.of("maintenance", "mode", "message", "until",
            "expectedVersion");
    /** The fields a PUT of the schedule may carry. */
    public static final List<String> SCHEDULE_FIELDS = List.of("start", "end", "mode", "message", "expectedVersion");
    /** The fields a POST of a migration window may carry. */
    public static final List<String> MIGRATION_FIELDS = List.of("mode", "message", "estimate");

    /**
     * What a POST of a migration window asks for; {@code null} fields keep the window's defaults.
     *
     * @param mode     {@link Mode#FULL} or {@link Mode#READ_ONLY}
     * @param message  the message users see
     * @param estimate how long the window is expected to take
     */
    public record WindowRequest(Mode mode, String message, Duration estimate) {
    }

    private ChangeRequests() {
    }

    /**
     * Reads a PATCH body: the classic {@code {"maintenance": true|false}} or the full form with {@code mode},
     * {@code message}, {@code until} and {@code expectedVersion}.
     */
    public static MaintenanceChange.Builder patch(ObjectNode body) {
        onlyKnownFields(body, PATCH_FIELDS);
        Boolean maintenance = optionalBoolean(body, "maintenance");
        Mode mode = optionalMode(body, "mode");
        String message = optionalString(body, "message");
        Instant until = optionalInstant(body, "until");
        Long expectedVersion = optionalVersion(body, "expectedVersion");
        if (maintenance == null && mode == null) {
            throw AdminProblem.badRequest("mode", "give mode (FULL, READ_ONLY or OFF) or maintenance (true or false)");
        }
        if (maintenance != null && mode != null && maintenance != mode.isMaintenance()) {
            throw AdminProblem.badRequest("mode", mode + " contradicts maintenance: " + maintenance);
        }
        Mode target = mode != null ? mode : (maintenance ? Mode.FULL : Mode.OFF);
        MaintenanceChange.Builder builder;
        if (target == Mode.OFF) {
            if (message != null) {
                throw AdminProblem.badRequest("message", "only allowed when switching maintenance on");
            }
            if (until != null) {
                throw AdminProblem.badRequest("until", "only allowed when switching maintenance on");
            }
            builder = MaintenanceChange.disable();
        } else {
            builder = MaintenanceChange.enable(target);
            try {
                builder.message(message).until(until);
            } catch (IllegalArgumentException e) {
                throw fromCore(e, "body");
            }
        }
        if (expectedVersion != null) {
            builder.expectedVersion(expectedVersion);
        }
        return builder;
    }

    /**
     * Reads a PUT body of the schedule: {@code start} and {@code end} (required), {@code mode} ({@code FULL} by
     * default), {@code message} and {@code expectedVersion}.
     */
    public static MaintenanceChange.Builder schedule(ObjectNode body) {
        onlyKnownFields(body, SCHEDULE_FIELDS);
        Instant start = optionalInstant(body, "start");
        Instant end = optionalInstant(body, "end");
        Mode mode = optionalMode(body, "mode");
        String message = optionalString(body, "message");
        Long expectedVersion = optionalVersion(body, "expectedVersion");
        if (start == null) {
            throw AdminProblem.badRequest("start", "is required (an ISO-8601 instant such as 2030-01-31T18:00:00Z)");
        }
        if (end == null) {
            throw AdminProblem.badRequest("end", "is required (an ISO-8601 instant such as 2030-01-31T19:00:00Z)");
        }
        if (mode == Mode.OFF) {
            throw AdminProblem.badRequest("mode", "a window needs READ_ONLY or FULL");
        }
        ScheduledWindow window;
        try {
            window = new ScheduledWindow(start, end, mode == null ? Mode.FULL : mode, message);
        } catch (IllegalArgumentException e) {
            throw fromCore(e, "body");
        }
        MaintenanceChange.Builder builder = MaintenanceChange.schedule(window);
        if (expectedVersion != null) {
            builder.expectedVersion(expectedVersion);
        }
        return builder;
    }

    /**
     * Reads a POST body of a migration window: {@code mode} ({@code FULL} or {@code READ_ONLY}), {@code message}
     * and {@code estimate} (an ISO-8601 duration such as {@code PT10M}), all optional.
     *
     * @param body the body, or {@code null} when there is none
     */
    public static WindowRequest migration(ObjectNode body) {
        if (body == null) {
            return new WindowRequest(null, null, null);
        }
        onlyKnownFields(body, MIGRATION_FIELDS);
        Mode mode = optionalMode(body, "mode");
        if (mode == Mode.OFF) {
            throw AdminProblem.badRequest("mode", "a migration window needs FULL or READ_ONLY, was OFF");
        }
        String message = optionalString(body, "message");
        Duration estimate = optionalDuration(body, "estimate");
        return new WindowRequest(mode, message, estimate);
    }

    /**
     * Turns a core validation failure ({@code "field: detail"}) into a 400 naming the request field.
     *
     * @param fallback the field named when the message names none
     */
    public static AdminProblem fromCore(IllegalArgumentException e, String fallback) {
        String message = e.getMessage() == null ? "invalid value" : e.getMessage();
        int colon = message.indexOf(": ");
        if (colon > 0 && colon < 40 && message.substring(0, colon).matches("[A-Za-z.]+")) {
            String field = message.substring(0, colon);
            if (field.startsWith("window.")) {
                field = field.substring("window.".length());
            }
            return AdminProblem.badRequest(field, Texts.clip(message.substring(colon + 2), 300));
        }
        return AdminProblem.badRequest(fallback, Texts.clip(message, 300));
    }

    private static void onlyKnownFields(ObjectNode body, List<String> allowed) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw AdminProblem.badRequest(name, "unknown field (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    private static Boolean optionalBoolean(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw AdminProblem.badRequest(field, "must be true or false, was " + typeOf(node));
        }
        return node.booleanValue();
    }

    private static Mode optionalMode(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw AdminProblem.badRequest(field, "must be one of FULL, READ_ONLY or OFF, was " + typeOf(node));
        }
        String text = node.textValue();
        for (Mode mode : Mode.values()) {
            if (mode.name().equals(text.toUpperCase(Locale.ROOT).replace('-', '_'))) {
                return mode;
            }
        }
        throw AdminProblem.badRequest(field, "must be one of FULL, READ_ONLY or OFF, was '" + Texts.clip(text, 40)
                + "'");
    }

    private static String optionalString(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw AdminProblem.badRequest(field, "must be a string or null, was " + typeOf(node));
        }
        String text = node.textValue();
        int bad = Texts.unpairedSurrogate(text);
        if (bad >= 0) {
            throw AdminProblem.badRequest(field, "contains an unpaired surrogate at index " + bad);
        }
        return text;
    }

    private static Instant optionalInstant(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw AdminProblem.badRequest(field, "must be an ISO-8601 instant string such as 2030-01-31T18:00:00Z, "
                    + "was " + typeOf(node));
        }
        String text = node.textValue().strip();
        if (text.length() <= 64) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(text).toInstant();
                } catch (DateTimeParseException ignored) {
                    // refused below
                }
            }
        }
        throw AdminProblem.badRequest(field, "must be an ISO-8601 instant with an offset such as "
                + "2030-01-31T18:00:00Z, was '" + Texts.clip(text, 40) + "'");
    }

    private static Duration optionalDuration(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw AdminProblem.badRequest(field, "must be an ISO-8601 duration string such as PT10M, was "
                    + typeOf(node));
        }
        String text = node.textValue().strip();
        if (text.length() <= 64) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException ignored) {
                // refused below
            }
        }
        throw AdminProblem.badRequest(field, "must be an ISO-8601 duration such as PT10M or PT1H30M, was '"
                + Texts.clip(text, 40) + "'");
    }

    private static Long optionalVersion(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw AdminProblem.badRequest(field, "must be a whole number from 0 to " + Long.MAX_VALUE + ", was "
                    + (node.isNumber() ? Texts.clip(node.asText(), 40) : typeOf(node)));
        }
        return node.longValue();
    }

    private static String typeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
