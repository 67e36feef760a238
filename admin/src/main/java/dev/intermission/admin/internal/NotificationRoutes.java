package dev.intermission.admin.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceService;
import dev.intermission.internal.NotificationFeed;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Serves {@code GET <base>/notifications[?limit=N]} and {@code GET <base>/notifications/{id}}: the notifications
 * of windows, each delivery and every attempt. The routes exist while notifications run for the service (an
 * {@code intermission-notify} {@code Notifier} registers itself with the service as it starts, so this module does
 * not depend on that one); otherwise they answer 404.
 */
public final class NotificationRoutes {

    /** The default number of notifications listed. */
    public static final int DEFAULT_LIMIT = 20;

    private NotificationRoutes() {
    }

    /**
     * Answers one authorized read.
     *
     * @param service the service
     * @param route   {@link Route#NOTIFICATIONS} or {@link Route#NOTIFICATION}
     * @param request the request
     * @return the JSON body
     * @throws AdminProblem 404 when notifications do not run or the id is unknown, 400 for a bad limit or id
     */
    public static Object answer(MaintenanceService service, Route route, HttpServletRequest request) {
        NotificationFeed feed = NotificationFeed.of(service).orElseThrow(() -> AdminProblem.of(404,
                "notifications are not configured for this service (intermission-notify's Notifier)"));
        if (route == Route.NOTIFICATION) {
            String id = Route.notificationId(request.getPathInfo());
            try {
                return feed.find(id).orElseThrow(() -> AdminProblem.of(404, "no notification "
                        + Texts.clip(Texts.printable(id, 60), 60) + " of '" + service.serviceName() + "'"));
            } catch (InvalidValueException e) {
                throw AdminProblem.badRequest("id", e.problem());
            }
        }
        int limit = (int) QueryString.parse(request.getQueryString()).number("limit", DEFAULT_LIMIT, 1,
                feed.maxLimit());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service.serviceName());
        body.put("notifications", feed.recent(limit));
        return body;
    }
}
