package dev.intermission.boot;

import java.util.List;

import dev.intermission.InFlightRequests;
import dev.intermission.MaintenanceService;
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

    /** The maintenance filter's in-flight count, found once the filter exists; zero before and without one. */
    private static final class FilterInFlight implements InFlightRequests {
        private final ObjectProvider<FilterRegistrationBean<?>> registrations;
        private final ObjectProvider<MaintenanceFilter> filters;
        private volatile InFlightRequests found;

        FilterInFlight(ObjectProvider<FilterRegistrationBean<?>> registrations,
                ObjectProvider<MaintenanceFilter> filters) {
            this.registrations = registrations;
            this.filters = filters;
        }

        @Override
        public int inFlight() {
            InFlightRequests f = found;
            if (f == null) {
                f = registrations.orderedStream()
                        .map(FilterRegistrationBean::getFilter)
                        .filter(MaintenanceFilter.class::isInstance)
                        .map(MaintenanceFilter.class::cast)
                        .findFirst()
                        .orElseGet(filters::getIfAvailable);
                if (f == null) {
                    return 0;
                }
                found = f;
            }
            return f.inFlight();
        }
    }
}
