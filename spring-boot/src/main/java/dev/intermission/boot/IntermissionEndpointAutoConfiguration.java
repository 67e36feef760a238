package dev.intermission.boot;

import dev.intermission.MaintenanceService;
import dev.intermission.boot.internal.MaintenanceEndpoint;
import dev.intermission.boot.internal.MaintenanceEndpointWebExtension;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Actuator endpoint {@code maintenance}: reading is allowed by default; writing needs
 * {@code management.endpoint.maintenance.access=unrestricted} and is secured as the application secures its
 * Actuator endpoints.
 */
@AutoConfiguration(after = IntermissionAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBooleanProperty(name = "intermission.enabled", matchIfMissing = true)
@ConditionalOnBean(MaintenanceService.class)
@ConditionalOnAvailableEndpoint(MaintenanceEndpoint.class)
public class IntermissionEndpointAutoConfiguration {

    /** Creates the auto-configuration. */
    public IntermissionEndpointAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    MaintenanceEndpoint maintenanceEndpoint(MaintenanceService service) {
        return new MaintenanceEndpoint(service);
    }

    @Bean
    @ConditionalOnMissingBean
    MaintenanceEndpointWebExtension maintenanceEndpointWebExtension(MaintenanceService service) {
        return new MaintenanceEndpointWebExtension(service);
    }
}
