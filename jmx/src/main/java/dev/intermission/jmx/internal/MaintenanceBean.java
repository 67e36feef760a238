package dev.intermission.jmx.internal;

import java.time.Instant;

import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.Values;
import dev.intermission.jmx.MaintenanceMXBean;

/**
 * The MXBean of one service. Errors reach JMX clients as JDK exceptions with the library's message only, so a
 * remote console without the library's classes can show them.
 */
public final class MaintenanceBean implements MaintenanceMXBean {

    /** The actor recorded for changes made over JMX. */
    public static final String ACTOR = "jmx";

    private static final System.Logger LOG = System.getLogger(MaintenanceBean.class.getName());

    private final MaintenanceService service;

    /**
     * Creates the bean.
     *
     * @param service the service it shows
     */
    public MaintenanceBean(MaintenanceService service) {
        this.service = service;
    }

    @Override
    public String getServiceName() {
        return service.serviceName();
    }

    @Override
    public boolean isMaintenance() {
        return service.status().maintenance();
    }

    @Override
    public String getEffectiveMode() {
        return service.effectiveMode().externalName();
    }

    @Override
    public String getMode() {
        return service.status().mode().externalName();
    }

    @Override
    public String getMessage() {
        return text(service.status().effectiveMessage());
    }

    @Override
    public String getSince() {
        return text(service.status().effectiveSince());
    }

    @Override
    public String getUntil() {
        return text(service.status().effectiveUntil());
    }

    @Override
    public long getVersion() {
        return service.status().version();
    }

    @Override
    public String getChangedBy() {
        return text(service.status().changedBy());
    }

    @Override
    public String getChangedAt() {
        return text(service.status().changedAt());
    }

    @Override
    public boolean isStale() {
        return service.status().stale();
    }

    @Override
    public String getLastRefreshed() {
        return text(service.status().lastRefreshed());
    }

    @Override
    public void enable(String mode, String message) {
        Mode parsed;
        MaintenanceChange change;
        try {
            parsed = Values.mode("mode", mode);
            if (parsed == Mode.OFF) {
                throw new InvalidValueException("mode", mode, "must be read-only or full; use disable to switch off");
            }
            change = MaintenanceChange.enable(parsed).message(message).actor(ACTOR).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        apply(change);
    }

    @Override
    public void disable() {
        apply(MaintenanceChange.disable().actor(ACTOR).build());
    }

    private void apply(MaintenanceChange change) {
        MaintenanceStatus after;
        try {
            after = service.apply(change);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "JMX change of {0} failed: {1}", service.serviceName(),
                    e.getMessage());
            throw new IllegalStateException("the maintenance state cannot be changed now: "
                    + e.getClass().getSimpleName());
        }
        LOG.log(System.Logger.Level.INFO, "Maintenance of {0} set to {1} over JMX (version {2})",
                service.serviceName(), after.mode().externalName(), after.version());
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof Instant instant ? instant.toString() : value.toString();
    }
}
