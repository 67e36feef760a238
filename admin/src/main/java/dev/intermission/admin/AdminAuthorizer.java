package dev.intermission.admin;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import dev.intermission.InvalidValueException;

/**
 * Decides whether a request may use the admin endpoint's protected operations, and under which actor name.
 *
 * <p>An authorizer must rely only on credentials carried by the request itself (an {@code Authorization} header,
 * a client certificate), never on a cookie or a session: otherwise a cross-site request could act.
 */
@FunctionalInterface
public interface AdminAuthorizer {

    /**
     * Returns the actor's name when the request may change the state and read the history, or empty to refuse.
     *
     * @param request the request, not yet read
     * @return the actor recorded in the history, or empty
     */
    Optional<String> authorize(HttpServletRequest request);

    /**
     * Returns an authorizer that admits users the container authenticated in this very request (HTTP
     * authentication or a client certificate, never a session or form login) and who hold one of the roles.
     *
     * @param roles the container roles that may act; at least one
     * @return the authorizer, recording the user's principal name as the actor
     * @throws InvalidValueException when no role, or a blank one, is given
     */
    static AdminAuthorizer containerRoles(String... roles) {
        if (roles == null || roles.length == 0) {
            throw new InvalidValueException("roles", null, "give at least one container role");
        }
        for (String role : roles) {
            if (role == null || role.isBlank()) {
                throw new InvalidValueException("roles", role, "must not be blank");
            }
        }
        List<String> allowed = List.of(roles);
        return request -> {
            String authType = request.getAuthType();
            if (request.getUserPrincipal() == null || authType == null) {
                return Optional.empty();
            }
            boolean perRequest = HttpServletRequest.CLIENT_CERT_AUTH.equals(authType)
                    || (!HttpServletRequest.FORM_AUTH.equals(authType)
                    && request.getHeader("Authorization") != null);
            if (!perRequest) {
                return Optional.empty();
            }
            for (String role : allowed) {
                if (request.isUserInRole(role)) {
                    return Optional.of(request.getUserPrincipal().getName());
                }
            }
            return Optional.empty();
        };
    }
}
