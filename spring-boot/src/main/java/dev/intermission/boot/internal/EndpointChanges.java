package dev.intermission.boot.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.Values;
import dev.intermission.VersionConflictException;
import dev.intermission.internal.Json;

/**
 * What the Actuator endpoint does, independent of how it is exposed: the status as a JSON-ready map, and a change
 * checked field by field, whose outcome says which HTTP status fits.
 */
public final class EndpointChanges {

    private static final System.Logger LOG = System.getLogger(EndpointChanges.class.getName());

    /** The actor recorded when the request carries no authenticated user. */
    public static final String DEFAULT_ACTOR = "actuator";

    /** How a change ended, with the body to answer. */
    public enum Kind {
        /** Applied; the body is the new status. */
        APPLIED,
        /** Refused before anything was written; the body names the field. */
        INVALID,
        /** The state had another version than expected; nothing was written. */
        CONFLICT,
        /** The database could not be written; nothing was written. */
        UNAVAILABLE
    }

    /**
     * The outcome of a change.
     *
     * @param kind how it ended
     * @param body the answer's body
     */
    public record Outcome(Kind kind, Map<String, Object> body) {
    }

    private EndpointChanges() {
    }

    /**
     * Returns the status as plain JSON values: modes spelled {@code off}, {@code read-only}, {@code full}, and
     * instants as ISO-8601 text.
     *
     * @param status the status
     * @return the map
     */
    public static Map<String, Object> status(MaintenanceStatus status) {
        return plain(Json.status(status));
    }

    /**
     * Checks and applies a change.
     *
     * @param service         the service
     * @param mode            {@code off}, {@code read-only} or {@code full}
     * @param message         the message users see, or {@code null}
     * @param until           the expected end as ISO-8601, or {@code null}
     * @param duration        the expected duration ({@code 20m}), or {@code null}
     * @param expectedVersion the version the state must still have, or {@code null}
     * @param actor           who asks, or {@code null} for {@value #DEFAULT_ACTOR}
     * @param origin          where the change comes from
     * @return the outcome
     */
    public static Outcome change(MaintenanceService service, String mode, String message, String until,
            String duration, Long expectedVersion, String actor, Origin origin) {
        MaintenanceChange change;
        try {
            change = build(mode, message, until, duration, expectedVersion, actor, origin);
        } catch (InvalidValueException e) {
            return invalid(e.field(), e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            return invalid(null, e.getMessage());
        }
        try {
            MaintenanceStatus after = service.apply(change);
            LOG.log(System.Logger.Level.INFO, "Maintenance of {0} set to {1} through the Actuator endpoint by {2} "
                    + "(version {3})", service.serviceName(), after.mode().externalName(), change.actor(),
                    after.version());
            return new Outcome(Kind.APPLIED, status(after));
        } catch (VersionConflictException e) {
            Map<String, Object> body = problem("version conflict", e.getMessage());
            body.put("status", status(service.status()));
            return new Outcome(Kind.CONFLICT, body);
        } catch (IllegalArgumentException e) {
            return invalid(null, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Actuator change of {0} failed: {1}", service.serviceName(),
                    e.getMessage());
            return new Outcome(Kind.UNAVAILABLE, problem("unavailable",
                    "the maintenance state cannot be changed now; nothing was changed"));
        }
    }

    private static MaintenanceChange build(String mode, String message, String until, String duration,
            Long expectedVersion, String actor, Origin origin) {
        Mode parsed = Values.mode("mode", mode);
        MaintenanceChange.Builder b;
        if (parsed == Mode.OFF) {
            if (message != null || until != null || duration != null) {
                throw new InvalidValueException("mode", mode, "off takes no message, until or duration");
            }
            b = MaintenanceChange.disable();
        } else {
            b = MaintenanceChange.enable(parsed).message(message);
            if (until != null && duration != null) {
                throw new InvalidValueException("until", until, "give until or duration, not both");
            }
            if (until != null) {
                b.until(Values.instant("until", until));
            }
            if (duration != null) {
                b.expectedDuration(Values.duration("duration", duration));
            }
        }
        if (expectedVersion != null) {
            b.expectedVersion(expectedVersion);
        }
        b.actor(actor == null || actor.isBlank() ? DEFAULT_ACTOR : actor).origin(origin);
        return b.build();
    }

    private static Outcome invalid(String field, String detail) {
        Map<String, Object> body = problem("invalid request", detail);
        if (field != null) {
            body.put("field", field);
        }
        return new Outcome(Kind.INVALID, body);
    }

    private static Map<String, Object> problem(String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("detail", detail);
        return body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            out.put(e.getKey(), plainValue(e.getValue()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object plainValue(Object value) {
        if (value instanceof Mode m) {
            return m.externalName();
        }
        if (value instanceof Instant i) {
            return i.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
        if (value instanceof Map<?, ?> m) {
            return plain((Map<String, Object>) m);
        }
        if (value instanceof List<?> l) {
            return l.stream().map(EndpointChanges::plainValue).toList();
        }
        return value;
    }
}
