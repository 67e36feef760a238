package dev.intermission.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The example's error answers: RFC 9457 problem details, whose {@code detail} a person reads and no internals. */
final class Problems {

    /** The media type of a problem. */
    static final String TYPE = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    /**
     * Writes a problem as JSON.
     *
     * @param status the HTTP status
     * @param detail what happened, for a person
     * @param extra  more members, as name, value, name, value...
     * @return the JSON text
     */
    static String json(int status, String detail, Object... extra) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title(status));
        problem.put("status", status);
        problem.put("detail", detail);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            problem.put(String.valueOf(extra[i]), extra[i + 1]);
        }
        try {
            return JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Answers with a problem.
     *
     * @param resp   the response, not committed
     * @param status the HTTP status
     * @param detail what happened, for a person
     * @param extra  more members, as name, value, name, value...
     * @throws IOException when the client went away
     */
    static void send(HttpServletResponse resp, int status, String detail, Object... extra) throws IOException {
        resp.setStatus(status);
        resp.setContentType(TYPE);
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write(json(status, detail, extra));
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
