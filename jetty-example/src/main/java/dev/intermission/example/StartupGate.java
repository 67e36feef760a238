package dev.intermission.example;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import dev.intermission.Mode;

/**
 * What answers while the example starts: the server listens at once, and until the start-up migration window has
 * switched maintenance on (or found nothing to migrate), every request but the health check and the admin endpoint
 * gets a 503 with the window's message, as the maintenance filter would answer it. A client never sees "connection
 * refused" and the new code never serves the old schema.
 */
final class StartupGate extends Handler.Wrapper {

    /** The {@code Retry-After} of a request refused while starting, in seconds. */
    static final int RETRY_AFTER_SECONDS = 30;

    private final String message;
    private final String adminPath;
    private final String healthPath;
    private volatile boolean open;

    StartupGate(String message, String adminPath, String healthPath) {
        super(true, null);
        this.message = message;
        this.adminPath = adminPath;
        this.healthPath = healthPath;
    }

    /** Lets every request through to the application from now on. */
    void open() {
        open = true;
    }

    boolean isOpen() {
        return open;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler application = getHandler();
        String path = Request.getPathInContext(request);
        if (application != null && (open || path.equals(healthPath) || path.equals(adminPath)
                || path.startsWith(adminPath + "/"))) {
            return super.handle(request, response, callback);
        }
        if (path.equals(healthPath)) {
            write(response, callback, 200, "application/json", "{\"status\":\"UP\"}");
            return true;
        }
        refuse(request, response, callback);
        return true;
    }

    private void refuse(Request request, Response response, Callback callback) {
        String mode = Mode.FULL.externalName();
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.VARY, "Accept");
        response.getHeaders().put("Intermission-Mode", mode);
        String accept = String.valueOf(request.getHeaders().get(HttpHeader.ACCEPT)).toLowerCase(Locale.ROOT);
        if (accept.contains("json")) {
            write(response, callback, 503, Problems.TYPE, Problems.json(503, message, "mode", mode,
                    "retryAfter", RETRY_AFTER_SECONDS, "message", message));
        } else if (accept.contains("text/html")) {
            write(response, callback, 503, "text/html;charset=UTF-8", "<!doctype html><html lang=\"en\"><head>"
                    + "<meta charset=\"utf-8\"><title>Starting</title></head><body><h1>" + escape(message)
                    + "</h1><p>The service is starting. Please try again in a minute.</p></body></html>\n");
        } else {
            write(response, callback, 503, "text/plain;charset=UTF-8", message + "\n");
        }
    }

    private static void write(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        Content.Sink.write(response, true, body, callback);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
