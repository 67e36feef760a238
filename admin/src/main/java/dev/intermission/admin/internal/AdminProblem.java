package dev.intermission.admin.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A refusal answered as {@code application/problem+json} (RFC 9457): a status, a detail and the field at fault. */
public final class AdminProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    private AdminProblem(int status, String field, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.field = field;
    }

    /** A problem with a status and a detail for the client. */
    public static AdminProblem of(int status, String detail) {
        return new AdminProblem(status, null, detail);
    }

    /** A 400 naming the field at fault; the detail is prefixed with the field. */
    public static AdminProblem badRequest(String field, String detail) {
        String name = Texts.clip(field, 100);
        return new AdminProblem(400, name, name + ": " + detail);
    }

    /** Adds a response header. */
    public AdminProblem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Adds a member to the problem body; never one of the members RFC 9457 defines, which it would overwrite. */
    public AdminProblem extension(String name, Object value) {
        if (Set.of("type", "title", "status", "detail", "instance").contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is a member of every problem, not an extension");
        }
        extensions.put(name, value);
        return this;
    }

    /** Returns the HTTP status. */
    public int status() {
        return status;
    }

    /** Returns the field at fault, or {@code null}. */
    public String field() {
        return field;
    }

    /** Returns the headers to send with the problem. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Returns the problem document. */
    public Map<String, Object> body() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "about:blank");
        m.put("title", title(status));
        m.put("status", status);
        m.put("detail", getMessage());
        if (field != null) {
            m.put("field", field);
        }
        m.putAll(extensions);
        return m;
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
