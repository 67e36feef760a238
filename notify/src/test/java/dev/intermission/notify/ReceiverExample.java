package dev.intermission.notify;

import java.util.Set;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpServer;

/** The receiver of docs/notifications.md, as it runs in {@link NotificationDocsTest}. */
final class ReceiverExample {

    private final Consumer<byte[]> handler;

    ReceiverExample(Consumer<byte[]> handler) {
        this.handler = handler;
    }

    void install(HttpServer server, String webhookSecret, Set<String> seen) {
        WebhookVerifier verifier = WebhookVerifier.newBuilder(webhookSecret).build();
        server.createContext("/hooks/intermission", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst(Webhook.SIGNATURE_HEADER);
            WebhookVerifier.Verdict verdict = verifier.verify(signature, body);
            String eventId = exchange.getRequestHeaders().getFirst(Webhook.EVENT_ID_HEADER);
            if (verdict.valid() && seen.add(eventId)) {
                handle(body);
            }
            exchange.sendResponseHeaders(verdict.valid() ? 204 : 400, -1);
            exchange.close();
        });
    }

    private void handle(byte[] body) {
        handler.accept(body);
    }
}
