package dev.intermission.boot.internal;

import java.util.Map;

import dev.intermission.MaintenanceService;
import dev.intermission.Origin;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code maintenance} endpoint over HTTP: 200 with the status, 400 naming the refused field, 409 on a version
 * conflict (with the current status), 503 when the database cannot be written; nothing changes unless 200.
 */
@EndpointWebExtension(endpoint = MaintenanceEndpoint.class)
public class MaintenanceEndpointWebExtension {

    private static final int STATUS_CONFLICT = 409;

    private final MaintenanceService service;

    /**
     * Creates the extension.
     *
     * @param service the service it shows and switches
     */
    public MaintenanceEndpointWebExtension(MaintenanceService service) {
        this.service = service;
    }

    /**
     * Returns the status.
     *
     * @return 200 with the status fields
     */
    @ReadOperation
    public WebEndpointResponse<Map<String, Object>> status() {
        return new WebEndpointResponse<>(EndpointChanges.status(service.status()));
    }

    /**
     * Switches the mode; see {@link MaintenanceEndpoint#change}.
     *
     * @param mode            {@code off}, {@code read-only} or {@code full}
     * @param message         the message users see
     * @param until           the expected end, ISO-8601
     * @param duration        the expected duration, such as {@code 20m}
     * @param expectedVersion the version the state must still have
     * @param security        who asks
     * @return the answer
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> change(String mode, @Nullable String message,
            @Nullable String until, @Nullable String duration, @Nullable Long expectedVersion,
            SecurityContext security) {
        EndpointChanges.Outcome outcome = EndpointChanges.change(service, mode, message, until, duration,
                expectedVersion, MaintenanceEndpoint.actor(security), Origin.HTTP);
        int status = switch (outcome.kind()) {
            case APPLIED -> WebEndpointResponse.STATUS_OK;
            case INVALID -> WebEndpointResponse.STATUS_BAD_REQUEST;
            case CONFLICT -> STATUS_CONFLICT;
            case UNAVAILABLE -> WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE;
        };
        return new WebEndpointResponse<>(outcome.body(), status);
    }
}
