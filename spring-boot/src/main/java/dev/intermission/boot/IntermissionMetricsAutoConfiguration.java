package dev.intermission.boot;

import java.util.List;

import dev.intermission.MaintenanceService;
import dev.intermission.boot.internal.FilterInFlight;
import dev.intermission.boot.internal.MigrationResults;
import dev.intermission.boot.internal.OutcomeListeners;
import dev.intermission.micrometer.MaintenanceMetrics;
import dev.intermission.servlet.MaintenanceFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Publishes the {@code intermission.*} Micrometer meters (see {@link MaintenanceMetrics}) when the application has
 * Micrometer (Actuator brings it): requests by outcome, the mode, staleness, in-flight requests and the phases of
 * start-up migration windows. An application that defines its own {@code MaintenanceMetrics} bean keeps it.
 */
@AutoConfiguration(after = IntermissionAutoConfiguration.class)
@ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry",
        "dev.intermission.micrometer.MaintenanceMetrics"})
@ConditionalOnBooleanProperty(name = "intermission.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "intermission.metrics.enabled", matchIfMissing = true)
@ConditionalOnBean(MaintenanceService.class)
public class IntermissionMetricsAutoConfiguration {

    /** Creates the auto-configuration. */
    public IntermissionMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    MaintenanceMetrics maintenanceMetrics(MaintenanceService service,
            ObjectProvider<FilterRegistrationBean<?>> registrations, ObjectProvider<MaintenanceFilter> filters) {
        return MaintenanceMetrics.newBuilder(service)
                .inFlightRequests(new FilterInFlight(registrations, filters))
                .build();
    }

    @Bean
    OutcomeListeners intermissionOutcomeListeners(MaintenanceMetrics metrics) {
        return new OutcomeListeners(List.of(metrics::onOutcome));
    }

    @Bean
    MigrationResults intermissionWindowMetrics(MaintenanceMetrics metrics) {
        return metrics::recordWindow;
    }
}
