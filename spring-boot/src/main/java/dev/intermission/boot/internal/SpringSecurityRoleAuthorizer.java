package dev.intermission.boot.internal;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import dev.intermission.admin.AdminAuthorizer;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Admits requests that Spring Security authenticated from credentials the request itself carries (an
 * {@code Authorization} header or a client certificate, never a session: not even beside such a header, since
 * Spring Security keeps a session's user without checking a Basic header that names the same user) and whose user
 * holds the role; the user's name is recorded as the actor.
 */
public final class SpringSecurityRoleAuthorizer implements AdminAuthorizer {

    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    /** {@code HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY}, without needing spring-security-web. */
    private static final String SESSION_CONTEXT = "SPRING_SECURITY_CONTEXT";

    private final String authority;

    /**
     * Creates the authorizer.
     *
     * @param authority the granted authority to require, such as {@code ROLE_OPS}
     */
    public SpringSecurityRoleAuthorizer(String authority) {
        this.authority = authority;
    }

    /**
     * Turns a role as written ({@code OPS} or {@code ROLE_OPS}) into Spring Security's authority.
     *
     * @param role the role
     * @return the authority, {@code ROLE_} prefixed
     * @throws IllegalArgumentException when the role is blank or holds spaces or control characters
     */
    public static String authority(String role) {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("role: must not be blank");
        }
        String r = role.strip();
        if (r.length() > 100 || r.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("role: must be at most 100 characters without spaces");
        }
        return r.startsWith("ROLE_") ? r : "ROLE_" + r;
    }

    @Override
    public Optional<String> authorize(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        if (request.getHeader("Authorization") == null && request.getAttribute(CERTIFICATES) == null) {
            return Optional.empty();
        }
        if (fromSession(request, authentication)) {
            // Spring Security keeps a session's user when a Basic header names the same user, without checking its
            // password, and whatever other header comes beside it: the request's own credentials did not do this.
            return Optional.empty();
        }
        for (GrantedAuthority granted : authentication.getAuthorities()) {
            if (authority.equals(granted.getAuthority())) {
                return Optional.of(authentication.getName());
            }
        }
        return Optional.empty();
    }

    /** Whether the authentication is the one the request's session holds (Spring Security's session key). */
    private static boolean fromSession(HttpServletRequest request, Authentication authentication) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return false;
        }
        Object stored;
        try {
            stored = session.getAttribute(SESSION_CONTEXT);
        } catch (IllegalStateException invalidated) {
            return false;
        }
        return stored instanceof SecurityContext context && context.getAuthentication() == authentication;
    }

    @Override
    public String toString() {
        return "SpringSecurityRoleAuthorizer[" + authority + "]";
    }
}
