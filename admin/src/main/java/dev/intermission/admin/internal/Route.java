package dev.intermission.admin.internal;

/** The admin endpoint's resources, relative to where the servlet is mounted, with the methods each allows. */
public enum Route {
    /** The base path: the status. */
    STATUS("GET, HEAD, PATCH, OPTIONS"),
    /** {@code /history}: the audit entries. */
    HISTORY("GET, HEAD, OPTIONS"),
    /** {@code /schedule}: the scheduled window. */
    SCHEDULE("PUT, DELETE, OPTIONS"),
    /** {@code /migrations}: start a migration window, list the recorded ones. */
    MIGRATIONS("GET, HEAD, POST, OPTIONS"),
    /** {@code /migrations/{id}}: one recorded migration window. */
    MIGRATION("GET, HEAD, OPTIONS"),
    /** {@code /instances}: the live instances of the service and what each holds and runs. */
    INSTANCES("GET, HEAD, OPTIONS"),
    /** {@code /notifications}: the notifications of windows and their deliveries, when notifications run. */
    NOTIFICATIONS("GET, HEAD, OPTIONS"),
    /** {@code /notifications/{id}}: one notification, with what was sent. */
    NOTIFICATION("GET, HEAD, OPTIONS"),
    /** {@code /status.json}: the public status in the shape status-page tools read. */
    STATUS_PAGE("GET, HEAD, OPTIONS"),
    /** {@code /console}: the operator console's page. */
    CONSOLE("GET, HEAD, OPTIONS"),
    /** {@code /console.js}, {@code /console.css}, {@code /banner.js}, {@code /reload.js}: the console's files. */
    ASSET("GET, HEAD, OPTIONS");

    private static final String MIGRATIONS_PREFIX = "/migrations/";
    private static final String NOTIFICATIONS_PREFIX = "/notifications/";

    private final String allow;

    Route(String allow) {
        this.allow = allow;
    }

    /** Returns the {@code Allow} header value. */
    public String allow() {
        return allow;
    }

    /** Returns whether the method is served here. */
    public boolean allows(String method) {
        for (String m : allow.split(", ")) {
            if (m.equals(method)) {
                return true;
            }
        }
        return false;
    }

    /** Resolves the path info below the mount point, or {@code null} when there is no such resource. */
    public static Route of(String pathInfo) {
        if (pathInfo == null || pathInfo.isEmpty() || pathInfo.equals("/")) {
            return STATUS;
        }
        return switch (pathInfo) {
            case "/history", "/history/" -> HISTORY;
            case "/schedule", "/schedule/" -> SCHEDULE;
            case "/migrations", MIGRATIONS_PREFIX -> MIGRATIONS;
            case "/instances", "/instances/" -> INSTANCES;
            case "/notifications", NOTIFICATIONS_PREFIX -> NOTIFICATIONS;
            case "/status.json" -> STATUS_PAGE;
            case "/console", "/console/" -> CONSOLE;
            case "/console.js", "/console.css", "/banner.js", "/reload.js" -> ASSET;
            default -> pathInfo.startsWith(MIGRATIONS_PREFIX) ? MIGRATION
                    : pathInfo.startsWith(NOTIFICATIONS_PREFIX) ? NOTIFICATION : null;
        };
    }

    /** Returns whether the route belongs to the migrations, which exist only when a migrator is configured. */
    public boolean migrations() {
        return this == MIGRATIONS || this == MIGRATION;
    }

    /** Returns the notification id of a {@link #NOTIFICATION} path ({@code /notifications/{id}}). */
    public static String notificationId(String pathInfo) {
        String id = pathInfo.substring(NOTIFICATIONS_PREFIX.length());
        return id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
    }

    /** Returns the window id of a {@link #MIGRATION} path ({@code /migrations/{id}}, one trailing slash allowed). */
    public static String migrationId(String pathInfo) {
        String id = pathInfo.substring(MIGRATIONS_PREFIX.length());
        return id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
    }
}
