package dev.intermission.servlet.internal;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;

/** The servlet request seen as {@link RequestFacts}. */
public final class ServletRequestFacts implements RequestFacts {

    private final HttpServletRequest request;

    /**
     * Wraps a request.
     *
     * @param request the request
     */
    public ServletRequestFacts(HttpServletRequest request) {
        this.request = request;
    }

    /**
     * Returns the servlet path plus the path info: the decoded, normalised path the container dispatches.
     *
     * @return the path, or {@code null} when the container refuses to give one (an ambiguous URI)
     */
    @Override
    public String path() {
        try {
            String servletPath = request.getServletPath();
            String pathInfo = request.getPathInfo();
            if (servletPath == null) {
                return pathInfo;
            }
            return pathInfo == null ? servletPath : servletPath + pathInfo;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String peerAddress() {
        return request.getRemoteAddr();
    }

    @Override
    public Enumeration<String> headers(String name) {
        return request.getHeaders(name);
    }
}
