package dev.intermission.boot.internal;

import java.time.Duration;

import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Values;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code maintenance} health contributor: always UP (maintenance is a planned state, not a fault, so neither
 * liveness nor readiness may fail because of it), with the mode in force and how fresh this instance's knowledge
 * of it is as details.
 */
public class MaintenanceHealthIndicator implements HealthIndicator {

    private final MaintenanceService service;

    /**
     * Creates the contributor.
     *
     * @param service the service it reports
     */
    public MaintenanceHealthIndicator(MaintenanceService service) {
        this.service = service;
    }

    @Override
    public Health health() {
        MaintenanceStatus s = service.status();
        Health.Builder b = Health.up()
                .withDetail("service", s.serviceName())
                .withDetail("maintenance", s.maintenance())
                .withDetail("mode", s.effectiveMode().externalName())
                .withDetail("version", s.version())
                .withDetail("stale", s.stale());
        if (s.lastRefreshed() != null) {
            b.withDetail("lastRefreshed", s.lastRefreshed().toString());
            Duration staleness = Duration.between(s.lastRefreshed(), s.asOf());
            b.withDetail("staleness", Values.text(staleness.isNegative() ? Duration.ZERO : staleness));
        }
        return b.build();
    }
}
