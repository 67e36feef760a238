package dev.intermission.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;

/** What the notification tests share: services and notifiers on one database, and reading what arrived. */
final class Fixture implements AutoCloseable {

    static final String SECRET = "whsec-test-0123456789abcdef";
    static final String SERVICE = "billing";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Notifier> notifiers = new ArrayList<>();
    private final List<MaintenanceService> services = new ArrayList<>();
    final DataSource dataSource;
    final String prefix;

    Fixture(DataSource dataSource) {
        this(dataSource, "");
    }

    /** A fixture whose tables (the library's and the test application's) all start with a prefix. */
    Fixture(DataSource dataSource, String prefix) {
        this.dataSource = dataSource;
        this.prefix = prefix;
    }

    MaintenanceService service() {
        return service(InstantSource.system());
    }

    MaintenanceService service(InstantSource clock) {
        MaintenanceService s = Maintenance.newBuilder()
                .dataSource(dataSource)
                .serviceName(SERVICE)
                .refreshInterval(Duration.ofMillis(50))
                .tablePrefix(prefix)
                .timeSource(clock)
                .build();
        services.add(s);
        return s;
    }

    /** A notifier with one signed JSON webhook at {@code receiver.url(path)}, quick to poll and retry. */
    Notifier notifier(MaintenanceService service, Receiver receiver, String path) {
        return notifier(service, receiver, path, b -> b, w -> w);
    }

    Notifier notifier(MaintenanceService service, Receiver receiver, String path,
            UnaryOperator<Notifier.Builder> more, UnaryOperator<Webhook.Builder> webhook) {
        Notifier n = more.apply(Notifier.newBuilder(service)
                .webhook(webhook.apply(Webhook.newBuilder("ops").url(receiver.url(path)).secret(SECRET)).build())
                .pollInterval(Duration.ofMillis(50))
                .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(200)))
                .build();
        notifiers.add(n);
        return n;
    }

    static List<String> types(List<Receiver.Request> requests) {
        return requests.stream().map(Receiver.Request::type).toList();
    }

    static JsonNode json(Receiver.Request r) {
        return json(r.text());
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks every request's signature with a verifier, as a receiver would. */
    static void assertSigned(List<Receiver.Request> requests) {
        WebhookVerifier verifier = WebhookVerifier.newBuilder(SECRET).build();
        for (Receiver.Request r : requests) {
            assertEquals(WebhookVerifier.Verdict.VALID, verifier.verify(r.header(Webhook.SIGNATURE_HEADER), r.body()),
                    "signature of " + r.type() + " " + r.eventId());
            assertEquals(r.eventId(), json(r).get("id").asText(), "the header names the body's event");
            assertEquals(r.type(), json(r).get("type").asText());
        }
    }

    /** Closes the notifiers, then the services. */
    @Override
    public void close() {
        notifiers.forEach(Notifier::close);
        services.forEach(MaintenanceService::close);
    }
}
