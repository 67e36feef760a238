package dev.intermission.boot.internal;

import dev.intermission.InFlightRequests;
import dev.intermission.servlet.MaintenanceFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/** The maintenance filter's in-flight count, found once the filter exists; zero before and without one. */
public final class FilterInFlight implements InFlightRequests {

    private final ObjectProvider<FilterRegistrationBean<?>> registrations;
    private final ObjectProvider<MaintenanceFilter> filters;
    private volatile InFlightRequests found;

    /**
     * Creates the counter.
     *
     * @param registrations the filter registrations, searched for the maintenance filter
     * @param filters       a maintenance filter bean, if the application has one
     */
    public FilterInFlight(ObjectProvider<FilterRegistrationBean<?>> registrations,
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
