package dev.intermission.notify.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;

import dev.intermission.Values;
import dev.intermission.notify.EventType;

/**
 * Posts one body to one webhook with {@link HttpClient}: connect and answer timeouts, redirects not followed, the
 * answer's body not read. Never throws for the receiver's failures; says what happened in words that name no URL.
 */
public final class WebhookSender {

    /** The User-Agent of every request. */
    public static final String USER_AGENT = "Intermission-Webhook/1";

    /**
     * A webhook as the sender needs it.
     *
     * @param name           its name
     * @param url            its URL
     * @param secret         its secret's bytes, or {@code null} for none
     * @param chat           whether the body is the chat text
     * @param connectTimeout the connect timeout
     * @param readTimeout    the answer timeout
     */
    public record Target(String name, URI url, byte[] secret, boolean chat, Duration connectTimeout,
            Duration readTimeout) {
    }

    /**
     * What one attempt gave.
     *
     * @param statusCode the receiver's status, or {@code null} when no answer came
     * @param succeeded  whether it was a 2xx
     * @param error      what went wrong, or {@code null}
     */
    public record Result(Integer statusCode, boolean succeeded, String error) {
    }

    private final Target target;
    private HttpClient client;

    /**
     * Creates a sender for one webhook; its HTTP client is made on first use, on the delivering thread (making one
     * sets up TLS, which takes a moment the application's start should not wait for).
     *
     * @param target the webhook
     */
    public WebhookSender(Target target) {
        this.target = target;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(target.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
        }
        return client;
    }

    /**
     * Returns the webhook.
     *
     * @return the target
     */
    public Target target() {
        return target;
    }

    /**
     * Posts a body once.
     *
     * @param eventId the event's id
     * @param type    the event's type
     * @param attempt the attempt's number
     * @param body    the body's bytes
     * @param now     the time now (real time: the receiver checks it against its own clock)
     * @return what happened
     * @throws InterruptedException when the thread is interrupted (the notifier closes)
     */
    public Result send(String eventId, EventType type, int attempt, byte[] body, Instant now)
            throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.url())
                .timeout(target.readTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", USER_AGENT)
                .header(dev.intermission.notify.Webhook.EVENT_ID_HEADER, eventId)
                .header(dev.intermission.notify.Webhook.EVENT_TYPE_HEADER, type.externalName())
                .header(dev.intermission.notify.Webhook.ATTEMPT_HEADER, Integer.toString(attempt))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (target.secret() != null) {
            request.header(dev.intermission.notify.Webhook.SIGNATURE_HEADER,
                    Signatures.header(target.secret(), now.getEpochSecond(), body));
        }
        try {
            HttpResponse<InputStream> response = client().send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            // The answer's body is not needed: closing it unread drops the connection, so a receiver that streams
            // a long answer holds nothing.
            response.body().close();
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Result(status, true, null);
            }
            if (status >= 300 && status < 400) {
                return new Result(status, false, "redirect (" + status + ") not followed: point the webhook at the "
                        + "final URL");
            }
            return new Result(status, false, "HTTP " + status);
        } catch (HttpConnectTimeoutException e) {
            return new Result(null, false, "no connection within " + Values.text(target.connectTimeout()));
        } catch (HttpTimeoutException e) {
            return new Result(null, false, "no answer within " + Values.text(target.readTimeout()));
        } catch (ConnectException e) {
            return new Result(null, false, "connection refused");
        } catch (IOException e) {
            return new Result(null, false, describe(e));
        } catch (IllegalArgumentException | SecurityException e) {
            return new Result(null, false, describe(e));
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof UnresolvedAddressException || root instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        if (root instanceof ConnectException) {
            return "connection refused";
        }
        String message = root.getMessage();
        String text = root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() > 300 ? text.substring(0, 297) + "..." : text;
    }
}
