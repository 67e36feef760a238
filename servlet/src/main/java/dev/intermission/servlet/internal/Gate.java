package dev.intermission.servlet.internal;

import java.time.InstantSource;
import java.util.Enumeration;
import java.util.Set;

import dev.intermission.Mode;

/**
 * The per-request decision, compiled once from the configuration: no I/O, no servlet types, few allocations.
 *
 * <p>In order: a visit of {@code <bypass path>/<secret>} with the right secret is a {@link Verdict#BYPASS_VISIT}
 * in every mode; then mode OFF passes; then the admin path and allow-listed paths (judged only when
 * {@link RequestPaths#isUnambiguous(String)}); then, in read-only mode, safe methods; then an allow-listed
 * client address; then the bypass header and the bypass cookie; everything else is refused.
 */
public final class Gate {

    private final PathAllowlist allowPaths;
    private final PathAllowlist adminPath;
    private final CidrSet allowIps;
    private final ClientAddresses clients;
    private final Set<String> safeMethods;
    private final Bypass bypass;

    /**
     * Creates a gate from compiled parts.
     *
     * @param allowPaths     the allow-listed paths
     * @param adminPath      the admin endpoint's base path, or {@link PathAllowlist#EMPTY}
     * @param allowIps       the allow-listed client ranges
     * @param trustedProxies the proxies whose forwarding headers are believed
     * @param safeMethods    the methods that pass in read-only mode
     * @param bypass         the bypass settings, or {@code null} when no secret is configured
     */
    public Gate(PathAllowlist allowPaths, PathAllowlist adminPath, CidrSet allowIps, CidrSet trustedProxies,
            Set<String> safeMethods, Bypass bypass) {
        this.allowPaths = allowPaths;
        this.adminPath = adminPath;
        this.allowIps = allowIps;
        this.clients = new ClientAddresses(trustedProxies);
        this.safeMethods = Set.copyOf(safeMethods);
        this.bypass = bypass;
    }

    /**
     * Decides what to do with a request.
     *
     * @param request the request
     * @param mode    the effective mode now
     * @param clock   the clock bypass cookies are checked against; read only when a cookie is checked
     * @return the verdict
     */
    public Verdict decide(RequestFacts request, Mode mode, InstantSource clock) {
        if (mode == Mode.OFF && bypass == null) {
            return Verdict.PASS_OFF;
        }
        String path = request.path();
        if (path != null && path.isEmpty()) {
            path = "/";
        }
        if (bypass != null && bypass.isVisitCandidate(path) && RequestPaths.isUnambiguous(path)
                && bypass.isVisitWithSecret(path)) {
            return Verdict.BYPASS_VISIT;
        }
        if (mode == Mode.OFF) {
            return Verdict.PASS_OFF;
        }
        if (RequestPaths.isUnambiguous(path)) {
            if (adminPath.matches(path)) {
                return Verdict.PASS_ADMIN_PATH;
            }
            if (allowPaths.matches(path)) {
                return Verdict.PASS_ALLOWED_PATH;
            }
        }
        if (mode == Mode.READ_ONLY && request.method() != null && safeMethods.contains(request.method())) {
            return Verdict.PASS_SAFE_METHOD;
        }
        if (!allowIps.isEmpty() && clients.clientIn(allowIps, request)) {
            return Verdict.PASS_ALLOWED_IP;
        }
        if (bypass != null) {
            Enumeration<String> values = request.headers(bypass.header());
            while (values != null && values.hasMoreElements()) {
                if (bypass.matchesSecret(values.nextElement().strip())) {
                    return Verdict.PASS_BYPASS_HEADER;
                }
            }
            if (hasValidCookie(request, clock)) {
                return Verdict.PASS_BYPASS_COOKIE;
            }
        }
        return Verdict.REFUSE;
    }

    /**
     * Tells whether a request is on the admin path or an allow-listed path, whatever the mode: such requests
     * (health checks, the admin endpoint) are not counted in flight, so they never hold a migration window.
     *
     * @param request the request
     * @return whether its path is exempt from draining
     */
    public boolean exemptFromDrain(RequestFacts request) {
        String path = request.path();
        if (path != null && path.isEmpty()) {
            path = "/";
        }
        return RequestPaths.isUnambiguous(path) && (adminPath.matches(path) || allowPaths.matches(path));
    }

    /**
     * Tells whether a request may write: its method is not one of the safe methods.
     *
     * @param request the request
     * @return whether the method is unsafe (or missing)
     */
    public boolean mayWrite(RequestFacts request) {
        String method = request.method();
        return method == null || !safeMethods.contains(method);
    }

    private boolean hasValidCookie(RequestFacts request, InstantSource clock) {
        Enumeration<String> headers = request.headers("Cookie");
        String name = bypass.cookieName();
        int checked = 0;
        while (headers != null && headers.hasMoreElements()) {
            String header = headers.nextElement();
            int i = 0;
            int n = header.length();
            while (i < n) {
                int end = header.indexOf(';', i);
                if (end < 0) {
                    end = n;
                }
                int eq = header.indexOf('=', i);
                if (eq > i && eq < end && header.substring(i, eq).strip().equals(name)) {
                    String value = header.substring(eq + 1, end).strip();
                    if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
                        value = value.substring(1, value.length() - 1);
                    }
                    if (++checked > 8) {
                        return false;
                    }
                    if (bypass.verify(value, clock.instant())) {
                        return true;
                    }
                }
                i = end + 1;
            }
        }
        return false;
    }

    /**
     * Returns the bypass settings.
     *
     * @return the settings, or {@code null} when no secret is configured
     */
    public Bypass bypass() {
        return bypass;
    }
}
