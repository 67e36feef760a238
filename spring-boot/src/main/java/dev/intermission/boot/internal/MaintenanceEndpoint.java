package dev.intermission.boot.internal;

import java.security.Principal;
import java.util.Map;

import dev.intermission.MaintenanceService;
import dev.intermission.Origin;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The Actuator endpoint {@code maintenance}: reading gives the status, the write operation switches the mode. Its
 * default access is read-only: writing needs {@code management.endpoint.maintenance.access=unrestricted}, and is
 * secured as the application secures its Actuator endpoints.
 */
@Endpoint(id = "maintenance", defaultAccess = Access.READ_ONLY)
public class MaintenanceEndpoint {

    private final MaintenanceService service;

    /**
     * Creates the endpoint.
     *
     * @param service the service it shows and switches
     */
    public MaintenanceEndpoint(MaintenanceService service) {
        this.service = service;
    }

    /**
     * Returns the status.
     *
     * @return the status fields
     */
    @ReadOperation
    public Map<String, Object> status() {
        return EndpointChanges.status(service.status());
    }

    /**
     * Switches the mode.
     *
     * @param mode            {@code off}, {@code read-only} or {@code full}
     * @param message         the message users see
     * @param until           the expected end, ISO-8601
     * @param duration        the expected duration, such as {@code 20m}
     * @param expectedVersion the version the state must still have
     * @param security        who asks
     * @return the new status
     */
    @WriteOperation
    public Map<String, Object> change(String mode, @Nullable String message, @Nullable String until,
            @Nullable String duration, @Nullable Long expectedVersion, SecurityContext security) {
        EndpointChanges.Outcome outcome = EndpointChanges.change(service, mode, message, until, duration,
                expectedVersion, actor(security), Origin.CODE);
        if (outcome.kind() != EndpointChanges.Kind.APPLIED) {
            throw new InvalidEndpointRequestException(String.valueOf(outcome.body().get("detail")),
                    String.valueOf(outcome.body().get("detail")));
        }
        return outcome.body();
    }

    static String actor(SecurityContext security) {
        Principal principal = security == null ? null : security.getPrincipal();
        return principal == null ? null : principal.getName();
    }
}
