package dev.intermission.servlet.testing;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers every method with 200 and {@code <name> <METHOD> path=<servletPath + pathInfo>}, so a test sees which
 * servlet served which path.
 */
public final class EchoServlet extends HttpServlet {

    /** The first word of every body this servlet writes. */
    public static final String MARKER = "served-by:";

    private final String name;

    /** Creates an echo servlet that names itself in its answers. */
    public EchoServlet(String name) {
        this.name = name;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String pathInfo = request.getPathInfo();
        String path = request.getServletPath() + (pathInfo == null ? "" : pathInfo);
        response.setStatus(200);
        response.setContentType("text/plain;charset=UTF-8");
        if (!request.getMethod().equals("HEAD")) {
            response.getWriter().write(MARKER + name + " " + request.getMethod() + " path=" + path);
        }
    }

    /** Extracts the served path from an echo body, or {@code null} when the body is not one. */
    public static String servedPath(String body) {
        if (body == null || !body.startsWith(MARKER)) {
            return null;
        }
        int at = body.indexOf(" path=");
        return at < 0 ? null : body.substring(at + " path=".length());
    }
}
