package dev.intermission.boot;

import dev.intermission.MaintenanceService;
import dev.intermission.boot.internal.MaintenanceHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The health contributor {@code maintenance}: it reports the mode in force and how fresh this instance's state is,
 * and stays UP during maintenance, so neither liveness nor readiness fails because of a planned window.
 */
@AutoConfiguration(after = IntermissionAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBooleanProperty(name = "intermission.enabled", matchIfMissing = true)
@ConditionalOnBean(MaintenanceService.class)
@ConditionalOnEnabledHealthIndicator("maintenance")
public class IntermissionHealthAutoConfiguration {

    /** Creates the auto-configuration. */
    public IntermissionHealthAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(name = "maintenanceHealthIndicator")
    HealthIndicator maintenanceHealthIndicator(MaintenanceService service) {
        return new MaintenanceHealthIndicator(service);
    }
}
