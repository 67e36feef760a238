package dev.intermission.admin.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads a request body as one JSON object: JSON media type only, bounded size, strict syntax, no duplicate keys.
 * A refusal names the body, or the field given twice, and says what is wrong in its own words: never the
 * parser's message, class names or settings.
 */
public final class JsonBody {

    /** The request attribute set once the body has been read to its end. */
    public static final String BODY_READ = JsonBody.class.getName() + ".read";

    /**
     * A body refused for its size or type is read and dropped up to this many bytes, so the connection can serve
     * the next request: a body left unread makes the container close the connection, and a client still sending
     * it may then lose the answer.
     */
    static final int DRAIN_LIMIT = 64 * 1024;

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBody() {
    }

    /**
     * Reads the body.
     *
     * @throws AdminProblem 415 for another media type, 413 over the limit, 400 for anything but one JSON object
     */
    public static ObjectNode read(HttpServletRequest request, int maxBytes, boolean patch) {
        String contentType = request.getContentType();
        String refusal = refuseMediaType(contentType);
        if (refusal != null) {
            AdminProblem problem = AdminProblem.of(415, "Content-Type: " + refusal);
            if (patch) {
                problem.header("Accept-Patch", "application/json");
            }
            throw problem;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] bytes = readAtMost(request, maxBytes);
        if (bytes.length == 0) {
            throw AdminProblem.badRequest("body", "must be a JSON object, was empty");
        }
        return parse(bytes);
    }

    private static ObjectNode parse(byte[] bytes) {
        checkSyntax(bytes);
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException | RuntimeException e) {
            // The syntax was checked above; whatever still fails is reported in the same plain words.
            throw AdminProblem.badRequest("body", "is not valid JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw AdminProblem.badRequest("body", "must be a JSON object, was "
                    + (node == null || node.isMissingNode() ? "empty" : article(node.getNodeType().name()
                    .toLowerCase(Locale.ROOT))));
        }
        return object;
    }

    /**
     * Reads every token once: one JSON value and nothing after it, no name twice in one object.
     *
     * @throws AdminProblem 400 naming the body, or the field given twice
     */
    private static void checkSyntax(byte[] bytes) {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            Deque<Set<String>> names = new ArrayDeque<>();
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw AdminProblem.badRequest("body", "must be a JSON object, was empty");
            }
            int depth = 0;
            while (true) {
                switch (token) {
                    case START_OBJECT -> {
                        names.push(new HashSet<>());
                        depth++;
                    }
                    case START_ARRAY -> depth++;
                    case END_OBJECT -> {
                        names.pop();
                        depth--;
                    }
                    case END_ARRAY -> depth--;
                    case FIELD_NAME -> {
                        String name = parser.currentName();
                        if (!names.peek().add(name)) {
                            String field = Texts.printable(name, 100);
                            throw AdminProblem.badRequest(field.isEmpty() ? "body" : field, "is given more than once");
                        }
                    }
                    default -> {
                        // a value: nothing to check here
                    }
                }
                if (depth == 0) {
                    break;
                }
                token = parser.nextToken();
                if (token == null) {
                    throw new JsonEOFException(parser, null, "incomplete");
                }
            }
            if (parser.nextToken() != null) {
                throw AdminProblem.badRequest("body", "must hold one JSON value, but more follows it"
                        + where(parser.currentLocation()));
            }
        } catch (JsonEOFException e) {
            throw AdminProblem.badRequest("body", "is not valid JSON: it ends before the JSON is complete");
        } catch (StreamConstraintsException e) {
            throw AdminProblem.badRequest("body", "is not accepted: it nests too deeply or holds too long a value");
        } catch (JsonProcessingException e) {
            throw AdminProblem.badRequest("body", "is not valid JSON: unexpected text" + where(e.getLocation()));
        } catch (IOException e) {
            throw AdminProblem.badRequest("body", "is not valid JSON");
        }
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String article(String type) {
        return switch (type) {
            case "array", "object" -> "an " + type;
            case "null" -> "null";
            default -> "a " + type;
        };
    }

    /**
     * Reads a body that may be absent: no body, or an empty one, gives {@code null} (whatever the Content-Type);
     * anything else is read as {@link #read} does.
     *
     * @throws AdminProblem 415 for another media type, 413 over the limit, 400 for anything but one JSON object
     */
    public static ObjectNode readOptional(HttpServletRequest request, int maxBytes) {
        if (!hasBody(request)) {
            return null;
        }
        String contentType = request.getContentType();
        String refusal = refuseMediaType(contentType);
        if (refusal != null && request.getContentLengthLong() > 0) {
            throw AdminProblem.of(415, "Content-Type: " + refusal);
        }
        if (request.getContentLengthLong() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        // A body of unknown length (chunked) is read, within the limit, to tell an empty one from a real one.
        byte[] bytes = readAtMost(request, maxBytes);
        if (bytes.length == 0) {
            return null;
        }
        if (refusal != null) {
            throw AdminProblem.of(415, "Content-Type: " + refusal);
        }
        return parse(bytes);
    }

    /** Returns whether the request carries a body (a positive length, or a transfer coding). */
    public static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /** Returns whether the request's body was left unread, so the connection cannot serve another request. */
    public static boolean leftUnread(HttpServletRequest request) {
        return hasBody(request) && request.getAttribute(BODY_READ) == null;
    }

    /** Returns why a Content-Type is refused, or {@code null} when it is JSON in UTF-8. */
    static String refuseMediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "must be application/json, was missing";
        }
        String[] parts = contentType.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        boolean json = type.equals("application/json")
                || (type.startsWith("application/") && type.endsWith("+json") && type.indexOf(' ') < 0
                && type.indexOf('/', "application/".length()) < 0);
        if (!json) {
            return "must be application/json, was '" + Texts.clip(contentType, 100) + "'";
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int eq = parameter.indexOf('=');
            if (eq > 0 && parameter.substring(0, eq).strip().equalsIgnoreCase("charset")) {
                String charset = parameter.substring(eq + 1).strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return "JSON must be UTF-8, was charset '" + Texts.clip(charset, 40) + "'";
                }
            }
        }
        return null;
    }

    /**
     * Reads and drops what is left of a body the answer does not need, when it is small enough; afterwards
     * {@link #leftUnread} tells whether the connection must still close.
     *
     * @param request the request
     */
    public static void drain(HttpServletRequest request) {
        if (!leftUnread(request) || request.getContentLengthLong() > DRAIN_LIMIT) {
            return;
        }
        try {
            InputStream in = request.getInputStream();
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
                if (total > DRAIN_LIMIT) {
                    return;
                }
            }
            request.setAttribute(BODY_READ, Boolean.TRUE);
        } catch (IOException | RuntimeException e) {
            // The body cannot be read: the connection closes after the answer.
        }
    }

    private static byte[] readAtMost(HttpServletRequest request, int maxBytes) {
        // The stream is left open (the container owns it), so a body over the limit can still be drained.
        try {
            InputStream in = request.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 4096));
            byte[] buffer = new byte[4096];
            int total = 0;
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(buffer, 0, n);
            }
            request.setAttribute(BODY_READ, Boolean.TRUE);
            return out.toByteArray();
        } catch (AdminProblem e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw AdminProblem.badRequest("body", "could not be read completely");
        }
    }

    private static AdminProblem tooLarge(int maxBytes) {
        return AdminProblem.of(413, "body: larger than the limit of " + maxBytes + " bytes");
    }
}
