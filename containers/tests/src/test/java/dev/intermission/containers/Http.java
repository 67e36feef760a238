package dev.intermission.containers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/** Plain HTTP/1.1 requests to a container, as curl would send them. */
final class Http {

    /** A user of the webapp's own realm (role {@code user}). */
    static final String USER = "alice";
    /** A user of the webapp's own realm with the role {@code ops}, which the JNDI case lets use the admin endpoint. */
    static final String OPERATOR = "olivia";
    /** The password of both users (tomcat-users.xml, realm.properties). */
    static final String USER_PASSWORD = "alice-and-olivia-password";
    /** The admin token of the case files' {@code intermission.admin.tokens} ({@code deploy:...}). */
    static final String ADMIN_TOKEN = "replace-with-a-long-random-token";

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Http() {
    }

    /** One answer. */
    record Response(int status, java.net.http.HttpHeaders headers, String body) {

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        @Override
        public String toString() {
            return status + " " + headers.map() + "\n" + body;
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    /** The webapp's user, logged in with HTTP Basic. */
    static String asUser() {
        return basic(USER, USER_PASSWORD);
    }

    static Response get(URI uri, String... headers) {
        return send("GET", uri, null, headers);
    }

    static Response send(String method, URI uri, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** PATCHes the admin endpoint with the deploy token. */
    static Response patchAdmin(URI admin, String json) {
        return send("PATCH", admin, json, "Content-Type", "application/json", "Authorization", bearer(ADMIN_TOKEN));
    }
}
