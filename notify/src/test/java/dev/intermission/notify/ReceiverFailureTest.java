package dev.intermission.notify;

import static dev.intermission.notify.Fixture.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.testing.Databases;

/**
 * A receiver that hangs, fails or redirects holds up neither a request thread nor a migration window: delivery
 * runs on the notifier's threads, with timeouts, redirects not followed, attempts bounded and recorded.
 */
class ReceiverFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private Fixture fixture;
    private Receiver receiver;

    @BeforeEach
    void start() throws Exception {
        fixture = new Fixture(Databases.newH2());
        receiver = new Receiver();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        receiver.close();
    }

    @Test
    void hangingReceiver_holdsUpNeitherTheRequestThreadNorTheWindow() {
        CountDownLatch release = new CountDownLatch(1);
        receiver.answering(n -> Receiver.Answer.hang(release));
        MaintenanceService service = fixture.service();
        // The longest answer timeout there is: if anything waited for the receiver, it would wait minutes.
        Notifier notifier = fixture.notifier(service, receiver, "/hook", b -> b,
                w -> w.readTimeout(Webhook.MAX_TIMEOUT));

        MigrationResult result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            service.enable(Mode.READ_ONLY, "Before the window", "alice");
            receiver.await(r -> receiver.hanging() == 1, WAIT, "the first event, held");
            service.disable("alice");
            return MigrationWindow.newBuilder(service, new TestMigrator(fixture.dataSource, "app_version")
                            .add("1", "CREATE TABLE orders (id INT)"))
                    .addHook(notifier.migrationHook())
                    .propagationMargin(Duration.ofMillis(10))
                    .build()
                    .run();
        });

        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome());
        assertEquals(1, receiver.requests().size(), "one request, still unanswered, while all that happened");
        assertEquals(1, receiver.hanging());
        release.countDown();
        receiver.await(r -> r.size() >= 6, WAIT, "the six events");
        assertTrue(notifier.awaitIdle(WAIT));
        assertEquals(List.of("started", "ended", "started", "drained", "migrated", "ended"),
                types(receiver.requests()));
    }

    @Test
    void receiverTimingOut_isRetried_andTheTimeoutRecorded() {
        CountDownLatch never = new CountDownLatch(1);
        receiver.answering(n -> n == 1 ? Receiver.Answer.hang(never) : Receiver.Answer.ok());
        MaintenanceService service = fixture.service();
        Notifier notifier = fixture.notifier(service, receiver, "/hook", b -> b,
                w -> w.readTimeout(Duration.ofMillis(200)));

        service.enable(Mode.FULL, "Timing out", "alice");

        receiver.await(r -> r.size() >= 2, WAIT, "a retry");
        assertTrue(notifier.awaitIdle(WAIT));
        Delivery d = notifier.log().recent(1).get(0).deliveries().get(0);
        assertEquals(DeliveryStatus.DELIVERED, d.status());
        assertEquals("no answer within 200ms", d.attempts().get(0).error());
        assertEquals(null, d.attempts().get(0).statusCode());
        never.countDown();
    }

    @Test
    void receiverAlwaysFailing_isGivenUpAfterTheLastAttempt_andTheNextEventGoesOut() {
        receiver.answering(n -> n <= 3 ? Receiver.Answer.status(503) : Receiver.Answer.ok());
        MaintenanceService service = fixture.service();
        Notifier notifier = fixture.notifier(service, receiver, "/hook", b -> b.maxAttempts(3), w -> w);

        service.enable(Mode.FULL, "Failing receiver", "alice");
        service.disable("alice");

        receiver.await(r -> r.size() >= 4, WAIT, "three attempts and the next event");
        assertTrue(notifier.awaitIdle(WAIT));
        assertEquals(List.of("started", "started", "started", "ended"), types(receiver.requests()));
        List<Notification> log = notifier.log().recent(2);
        Delivery started = log.get(1).deliveries().get(0);
        assertEquals(DeliveryStatus.FAILED, started.status());
        assertEquals(3, started.attemptCount());
        assertEquals("HTTP 503", started.lastError());
        assertEquals(DeliveryStatus.DELIVERED, log.get(0).deliveries().get(0).status());
    }

    @Test
    void redirect_isNotFollowed_andRecordedAsAFailure() {
        receiver.answering(n -> Receiver.Answer.redirect("/elsewhere"));
        MaintenanceService service = fixture.service();
        Notifier notifier = fixture.notifier(service, receiver, "/hook", b -> b.maxAttempts(2), w -> w);

        service.enable(Mode.FULL, "Redirected", "alice");

        receiver.await(r -> r.size() >= 2, WAIT, "two attempts");
        assertTrue(notifier.awaitIdle(WAIT));
        assertEquals(0, receiver.requests("/elsewhere").size(), "the redirect is not followed");
        Delivery d = notifier.log().recent(1).get(0).deliveries().get(0);
        assertEquals(DeliveryStatus.FAILED, d.status());
        assertEquals(302, d.attempts().get(0).statusCode());
        assertTrue(d.lastError().startsWith("redirect (302) not followed"), d.lastError());
    }

    @Test
    void refusedConnection_isRecorded_inWordsThatNameNoUrl() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        MaintenanceService service = fixture.service();
        Notifier notifier = Notifier.newBuilder(service)
                .webhook(Webhook.newBuilder("nobody").url("http://127.0.0.1:" + closedPort + "/hook?token=t0ps3cret")
                        .secret(Fixture.SECRET).build())
                .pollInterval(Duration.ofMillis(50))
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(20))
                .maxAttempts(2)
                .build();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                lines.add(new java.util.logging.SimpleFormatter().formatMessage(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger library = java.util.logging.Logger.getLogger("dev.intermission");
        library.addHandler(capture);
        try (notifier) {
            service.enable(Mode.FULL, "Nobody listens", "alice");
            assertTrue(notifier.awaitIdle(WAIT));
            Delivery d = notifier.log().recent(1).get(0).deliveries().get(0);
            assertEquals(DeliveryStatus.FAILED, d.status());
            assertEquals("connection refused", d.lastError());
        } finally {
            library.removeHandler(capture);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("given up after 2 attempts")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("t0ps3cret")), "a URL's token is never logged");
    }
}
