package dev.intermission.admin.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;
import dev.intermission.Values;

/**
 * Turns request bodies into {@link MaintenanceChange} builders, checking every field's presence, type and value
 * with the library's one parser per value type ({@link Values}), so that a bad body is refused with the field
 * named before anything is written.
 */
public final class ChangeRequests {

    /** The fields a PATCH of the status may carry. */
    public static final List<String> PATCH_FIELDS = List.of("maintenance", "mode", "message", "until", "autoOff",
            "expectedVersion");
    /** The fields a PUT of the schedule may carry. */
    public static final List<String> SCHEDULE_FIELDS = List.of("start", "end", "noticeAt", "mode", "message",
            "expectedVersion");
    /** The fields a POST of a migration window may carry. */
    public static final List<String> MIGRATION_FIELDS = List.of("mode", "message", "estimate");

    /** The earliest instant a body may give (every supported database can store it). */
    static final Instant EARLIEST = Instant.EPOCH;
    /** The latest instant a body may give (every supported database can store it). */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

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
     * {@code message}, {@code until}, {@code autoOff} and {@code expectedVersion}.
     *
     * <p>{@code "autoOff": true} (with {@code until}) asks for maintenance that ends by itself: it becomes a
     * scheduled window from now to {@code until} in the mode and with the message given, so every instance reopens
     * on time without a write. It is refused while maintenance is on by hand (a window cannot switch that off) or
     * while another window is scheduled (it would replace it), and is applied only to the version read, so a change
     * made meanwhile is a conflict rather than lost.
     *
     * @param body   the body
     * @param status the service's status: its clock, to refuse an expected end that has passed; its state, for
     *               {@code autoOff}
     * @return the change, without actor and origin
     * @throws AdminProblem 400 naming the field, 409 for an {@code autoOff} the state does not allow
     */
    public static MaintenanceChange.Builder patch(ObjectNode body, MaintenanceStatus status) {
        Instant now = status.asOf();
        onlyKnownFields(body, PATCH_FIELDS);
        Boolean maintenance = optionalBoolean(body, "maintenance");
        Mode mode = optionalMode(body, "mode");
        String message = optionalString(body, "message");
        Instant until = optionalInstant(body, "until");
        Boolean autoOff = optionalBoolean(body, "autoOff");
        Long expectedVersion = optionalVersion(body, "expectedVersion");
        if (maintenance == null && mode == null) {
            throw AdminProblem.badRequest("mode", "give mode (off, read-only or full) or maintenance (true or false)");
        }
        if (maintenance != null && mode != null && maintenance != mode.isMaintenance()) {
            throw AdminProblem.badRequest("mode", mode.externalName() + " contradicts maintenance: " + maintenance);
        }
        Mode target = mode != null ? mode : (maintenance ? Mode.FULL : Mode.OFF);
        MaintenanceChange.Builder builder;
        if (target == Mode.OFF) {
            if (Boolean.TRUE.equals(autoOff)) {
                throw AdminProblem.badRequest("autoOff", "only allowed when switching maintenance on");
            }
            if (message != null) {
                throw AdminProblem.badRequest("message", "only allowed when switching maintenance on");
            }
            if (until != null) {
                throw AdminProblem.badRequest("until", "only allowed when switching maintenance on");
            }
            builder = MaintenanceChange.disable();
        } else {
            if (Boolean.TRUE.equals(autoOff) && until == null) {
                throw AdminProblem.badRequest("autoOff", "needs until: the time at which maintenance ends by itself");
            }
            if (until != null && !until.isAfter(now)) {
                throw AdminProblem.badRequest("until", "must be in the future, was " + until + " (now " + now + ")");
            }
            if (Boolean.TRUE.equals(autoOff)) {
                return autoOff(status, target, message, until, expectedVersion);
            }
            builder = MaintenanceChange.enable(target);
            MaintenanceChange.Builder b = builder;
            checked("message", () -> b.message(message));
            checked("until", () -> b.until(until));
        }
        if (expectedVersion != null) {
            builder.expectedVersion(expectedVersion);
        }
        return builder;
    }

    /** Maintenance from now to {@code until} that ends by itself: a scheduled window, at the version read. */
    private static MaintenanceChange.Builder autoOff(MaintenanceStatus status, Mode mode, String message,
            Instant until, Long expectedVersion) {
        if (status.mode().isMaintenance()) {
            throw AdminProblem.of(409, "autoOff: maintenance is on by hand (" + status.mode().externalName()
                    + "), and a window that ends by itself cannot switch that off; switch it off first, or give "
                    + "until without autoOff").extension("field", "autoOff");
        }
        ScheduledWindow current = status.window();
        if (current != null && current.end().isAfter(status.asOf())) {
            throw AdminProblem.of(409, "autoOff: a window is already scheduled (" + current.start() + " to "
                    + current.end() + ") and would be replaced; change it with PUT /schedule, or cancel it first")
                    .extension("field", "autoOff");
        }
        ScheduledWindow window = checked("body", () -> new ScheduledWindow(status.asOf(), until, mode, message));
        return MaintenanceChange.schedule(window)
                .expectedVersion(expectedVersion != null ? expectedVersion : status.version());
    }

    /**
     * Reads a PUT body of the schedule: {@code start} and {@code end} (required), {@code noticeAt} (when the window
     * becomes public; at once by default), {@code mode} ({@code full} by default), {@code message} and
     * {@code expectedVersion}.
     *
     * @param body the body
     * @param now  the service's clock, to refuse a window that has already ended
     * @return the change, without actor and origin
     * @throws AdminProblem 400 naming the field
     */
    public static MaintenanceChange.Builder schedule(ObjectNode body, Instant now) {
        onlyKnownFields(body, SCHEDULE_FIELDS);
        Instant start = optionalInstant(body, "start");
        Instant end = optionalInstant(body, "end");
        Instant noticeAt = optionalInstant(body, "noticeAt");
        Mode mode = optionalMode(body, "mode");
        String message = optionalString(body, "message");
        Long expectedVersion = optionalVersion(body, "expectedVersion");
        if (start == null) {
            throw AdminProblem.badRequest("start", "is required (an ISO-8601 instant such as 2030-01-31T18:00:00Z)");
        }
        if (end == null) {
            throw AdminProblem.badRequest("end", "is required (an ISO-8601 instant such as 2030-01-31T19:00:00Z)");
        }
        if (!end.isAfter(start)) {
            throw AdminProblem.badRequest("end", "must be after start (" + start + "), was " + end);
        }
        if (!end.isAfter(now)) {
            throw AdminProblem.badRequest("end", "must be in the future, was " + end + " (now " + now + ")");
        }
        if (noticeAt != null && noticeAt.isAfter(start)) {
            throw AdminProblem.badRequest("noticeAt", "must not be after start (" + start + "), was " + noticeAt);
        }
        if (mode == Mode.OFF) {
            throw AdminProblem.badRequest("mode", "a window needs read-only or full");
        }
        ScheduledWindow window = checked("body",
                () -> new ScheduledWindow(start, end, mode == null ? Mode.FULL : mode, message, noticeAt));
        MaintenanceChange.Builder builder = MaintenanceChange.schedule(window);
        if (expectedVersion != null) {
            builder.expectedVersion(expectedVersion);
        }
        return builder;
    }

    /**
     * Reads a POST body of a migration window: {@code mode} ({@code full} or {@code read-only}), {@code message}
     * and {@code estimate} (a duration such as {@code 10m} or {@code PT10M}), all optional.
     *
     * @param body the body, or {@code null} when there is none
     * @return what the body asks for
     * @throws AdminProblem 400 naming the field
     */
    public static WindowRequest migration(ObjectNode body) {
        if (body == null) {
            return new WindowRequest(null, null, null);
        }
        onlyKnownFields(body, MIGRATION_FIELDS);
        Mode mode = optionalMode(body, "mode");
        if (mode == Mode.OFF) {
            throw AdminProblem.badRequest("mode", "a migration window needs full or read-only, was off");
        }
        String message = optionalString(body, "message");
        Duration estimate = optionalDuration(body, "estimate");
        return new WindowRequest(mode, message, estimate);
    }

    /**
     * Runs one call that validates one field, and turns its refusal into a 400: the field the library's typed error
     * names (a window's {@code window.end} is the body's {@code end}), else the given one.
     *
     * @param field the request field the call is about, or {@code body}
     * @param call  the call
     * @param <T>   what the call returns
     * @return what the call returned
     * @throws AdminProblem 400 naming the field
     */
    public static <T> T checked(String field, Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw invalid(e, field);
        }
    }

    /**
     * Turns the library's refusal of a value into a 400: a typed error names its field and problem; any other is
     * shown under the given field.
     *
     * @param e     the refusal
     * @param field the request field it concerns when the error does not say
     * @return the problem
     */
    public static AdminProblem invalid(IllegalArgumentException e, String field) {
        if (e instanceof InvalidValueException v) {
            String name = v.field() == null || v.field().isBlank() ? field : v.field();
            if (name.startsWith("window.")) {
                name = name.substring("window.".length());
            }
            return AdminProblem.badRequest(name, v.problem()
                    + (v.value() == null ? "" : ", was '" + Texts.clip(v.value(), 60) + "'"));
        }
        return AdminProblem.badRequest(field, "is not accepted: " + Texts.clip(String.valueOf(e.getMessage()), 300));
    }

    private static void onlyKnownFields(ObjectNode body, List<String> allowed) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String field = Texts.printable(name, 100);
                throw AdminProblem.badRequest(field.isEmpty() ? "body" : field, "unknown field (allowed: "
                        + String.join(", ", allowed) + ")");
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
            throw AdminProblem.badRequest(field, "must be one of off, read-only or full, was " + typeOf(node));
        }
        return checked(field, () -> Values.mode(field, node.textValue()));
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
            throw AdminProblem.badRequest(field, "must be an ISO-8601 time string such as 2030-01-31T18:00:00Z, "
                    + "was " + typeOf(node));
        }
        Instant instant = checked(field, () -> Values.instant(field, node.textValue()));
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw AdminProblem.badRequest(field, "must lie between " + EARLIEST + " and " + LATEST + ", was "
                    + Texts.clip(node.textValue().strip(), 40));
        }
        return instant;
    }

    private static Duration optionalDuration(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw AdminProblem.badRequest(field, "must be a duration string such as 10m or PT10M, was "
                    + typeOf(node));
        }
        return checked(field, () -> Values.duration(field, node.textValue()));
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
