package dev.intermission.servlet.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.internal.Json;

/** Writes the filter's own answers: the 503 refusal and the bypass redirect. */
public final class Responses {

    /** The header naming the mode on a refusal. */
    public static final String MODE_HEADER = "Intermission-Mode";
    /** The message used when maintenance is full and none was given. */
    public static final String DEFAULT_FULL_MESSAGE = "The service is down for maintenance. Please try again later.";
    /** The message used when maintenance is read-only and none was given. */
    public static final String DEFAULT_READ_ONLY_MESSAGE =
            "The service is read-only during maintenance: changes cannot be made right now. Please try again later.";

    private final HtmlTemplate template;
    private final Duration defaultRetryAfter;

    /**
     * Creates a writer.
     *
     * @param template          the HTML page
     * @param defaultRetryAfter the {@code Retry-After} when no expected end is known
     */
    public Responses(HtmlTemplate template, Duration defaultRetryAfter) {
        this.template = template;
        this.defaultRetryAfter = defaultRetryAfter;
    }

    /**
     * Refuses a request with 503, in the representation the client prefers.
     *
     * @param request  the request
     * @param response the response, not yet committed
     * @param mode     the mode that refused it
     * @param status   the state, for the message and the expected end
     * @throws IOException when the client went away
     */
    public void refuse(HttpServletRequest request, HttpServletResponse response, Mode mode, MaintenanceStatus status)
            throws IOException {
        long retryAfter = retryAfterSeconds(status);
        String message = status.effectiveMessage();
        if (message == null || message.isBlank()) {
            message = mode == Mode.READ_ONLY ? DEFAULT_READ_ONLY_MESSAGE : DEFAULT_FULL_MESSAGE;
        }
        HtmlTemplate.Facts facts = new HtmlTemplate.Facts(message, mode.externalName(), retryAfter,
                status.effectiveUntil(), status.asOf());
        String untilText = facts.until() == null ? null : facts.until().toString();

        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", Long.toString(retryAfter));
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Vary", "Accept");
        response.setHeader(MODE_HEADER, mode.externalName());
        response.setHeader("X-Content-Type-Options", "nosniff");
        closeIfBodyUnread(request, response);

        Negotiation.Representation representation = Negotiation.negotiate(request.getHeaders("Accept"));
        String body;
        switch (representation) {
            case JSON -> {
                response.setContentType("application/problem+json");
                Map<String, Object> problem = new LinkedHashMap<>();
                problem.put("type", "about:blank");
                problem.put("title", "Service Unavailable");
                problem.put("status", HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                problem.put("detail", message);
                problem.put("mode", mode.externalName());
                problem.put("since", status.effectiveSince() == null ? null : status.effectiveSince().toString());
                problem.put("until", untilText);
                problem.put("overdue", facts.overdue());
                problem.put("retryAfter", retryAfter);
                problem.put("message", message);
                body = Json.write(problem);
            }
            case HTML -> {
                response.setContentType("text/html;charset=UTF-8");
                body = template.render(facts);
            }
            default -> {
                response.setContentType("text/plain;charset=UTF-8");
                body = message + "\n" + expectedEnd(facts);
            }
        }
        if ("HEAD".equals(request.getMethod())) {
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The line of the text body about the expected end, or nothing when none is known. */
    private static String expectedEnd(HtmlTemplate.Facts facts) {
        if (facts.endAhead()) {
            return "Expected back " + HtmlTemplate.backIn(Duration.between(facts.now(), facts.until())) + ", at "
                    + facts.until() + ".\n";
        }
        if (facts.overdue()) {
            return "Overdue: expected back at " + facts.until() + ".\n";
        }
        return "";
    }

    /**
     * Returns the whole seconds until the expected end, rounded up, or the default when none is known.
     *
     * @param status the state
     * @return one or more
     */
    public long retryAfterSeconds(MaintenanceStatus status) {
        Duration remaining = status.timeRemaining().orElse(defaultRetryAfter);
        long seconds = remaining.getSeconds() + (remaining.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    /**
     * Answers a visit of the bypass path with the right secret: sets the signed cookie and redirects (303) to the
     * context root.
     *
     * @param request  the request
     * @param response the response
     * @param bypass   the bypass settings
     * @param now      the current instant
     */
    public static void bypassVisit(HttpServletRequest request, HttpServletResponse response, Bypass bypass,
            Instant now) {
        StringBuilder cookie = new StringBuilder(160)
                .append(bypass.cookieName()).append('=').append(bypass.mint(now))
                .append("; Max-Age=").append(bypass.cookieTtl().toSeconds())
                .append("; Path=/; HttpOnly; SameSite=Lax");
        if (request.isSecure()) {
            cookie.append("; Secure");
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.addHeader("Set-Cookie", cookie.toString());
        response.setHeader("Location", request.getContextPath() + "/");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        closeIfBodyUnread(request, response);
        response.setContentLength(0);
    }

    /**
     * Asks for the connection to be closed after an answer that leaves the request body unread: a container that
     * cannot tell where the unread body ends closes the connection anyway, and saying so keeps a client from
     * sending its next request down a connection about to close.
     */
    private static void closeIfBodyUnread(HttpServletRequest request, HttpServletResponse response) {
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        String protocol = request.getProtocol();
        if (hasBody && protocol != null && protocol.startsWith("HTTP/1.")) {
            response.setHeader("Connection", "close");
        }
    }
}
