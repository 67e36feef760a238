package dev.intermission.notify;

import static dev.intermission.notify.Fixture.json;
import static dev.intermission.notify.Fixture.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;
import dev.intermission.migration.MigrationContext;
import dev.intermission.migration.MigrationHook;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;

/**
 * What notifications promise on every supported database: each event of a window arrives once, in order, signed;
 * a receiver that fails gets the event again; instances sharing a database deliver each event once.
 */
abstract class NotificationContract {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A fresh, empty database. */
    protected abstract DataSource newDatabase();

    /** The prefix of every table a test makes: empty on a fresh database, unique on a shared one. */
    protected String prefix() {
        return "";
    }

    private Fixture fixture;
    private Receiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver();
        fixture = new Fixture(newDatabase(), prefix());
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
        receiver.close();
    }

    private MigrationWindow window(MaintenanceService service, TestMigrator migrator, MigrationHook... hooks) {
        MigrationWindow.Builder b = MigrationWindow.newBuilder(service, migrator)
                .estimate(Duration.ofMinutes(5))
                .actor("deploy")
                .propagationMargin(Duration.ofMillis(10));
        for (MigrationHook h : hooks) {
            b.addHook(h);
        }
        return b.build();
    }

    private TestMigrator migrator(String... failing) {
        String orders = fixture.prefix + "orders";
        TestMigrator m = new TestMigrator(fixture.dataSource, fixture.prefix + "app_version")
                .add("1", "CREATE TABLE " + orders + " (id INT)")
                .add("2", "ALTER TABLE " + orders + " ADD COLUMN total INT");
        for (String sql : failing) {
            m.add("3", sql);
        }
        return m;
    }

    @Test
    void successfulWindow_sendsStartedDrainedMigratedEnded_onceEach_inOrder_signed() {
        MaintenanceService service = fixture.service();
        Notifier notifier = fixture.notifier(service, receiver, "/hook");
        MigrationHook backup = new MigrationHook() {
            @Override
            public void beforeMigrate(MigrationContext c) {
                notifier.recordBackup(c, Backup.newBuilder().location("s3://backups/" + c.windowId() + ".dump")
                        .sizeBytes(1234).checksum("sha256:abc").verified(true).build());
            }
        };

        MigrationResult result = window(service, migrator(), notifier.migrationHook(), backup).run();

        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome());
        List<Receiver.Request> got = receiver.await(r -> r.size() >= 4, WAIT, "four events");
        assertTrue(notifier.awaitIdle(WAIT));
        got = receiver.requests();
        assertEquals(List.of("started", "drained", "migrated", "ended"), types(got));
        Fixture.assertSigned(got);
        assertEquals(4, new HashSet<>(receiver.eventIds("/hook")).size(), "four distinct events");

        JsonNode ended = json(got.get(3)).get("report");
        assertEquals("migration", ended.get("kind").asText());
        assertEquals(result.windowId(), ended.get("windowId").asText());
        assertEquals("succeeded", ended.get("outcome").asText());
        assertTrue(ended.get("currentVersion").isNull());
        assertEquals("2", ended.get("targetVersion").asText());
        assertEquals(2, ended.get("appliedMigrations").size());
        assertEquals("PT5M", ended.get("estimatedDuration").asText());
        assertEquals("MIGRATE", ended.get("phases").get(6).get("phase").asText());
        assertEquals("s3://backups/" + result.windowId() + ".dump", ended.get("backup").get("location").asText());
        assertTrue(ended.get("backup").get("verified").asBoolean());
        JsonNode migrated = json(got.get(2)).get("report");
        assertEquals(2, migrated.get("appliedMigrations").size());
        assertEquals("in-progress", migrated.get("outcome").asText());

        List<Notification> log = notifier.log().recent(10);
        assertEquals(4, log.size());
        for (Notification n : log) {
            assertEquals(1, n.deliveries().size());
            Delivery d = n.deliveries().get(0);
            assertEquals(DeliveryStatus.DELIVERED, d.status(), n.type() + " " + d.lastError());
            assertEquals(1, d.attemptCount());
            assertEquals(200, d.attempts().get(0).statusCode());
        }
    }

    @Test
    void failingWindow_sendsStartedDrainedFailed_andEndedWhenAnOperatorSwitchesOff() {
        MaintenanceService service = fixture.service();
        Notifier notifier = fixture.notifier(service, receiver, "/hook", b -> b.rollbackHint("Call the DBA on duty."),
                w -> w);

        MigrationResult result = window(service, migrator("CREATE TABLE broken ("), notifier.migrationHook()).run();

        assertEquals(MigrationOutcome.FAILED, result.outcome());
        receiver.await(r -> r.size() >= 3, WAIT, "three events");
        assertTrue(service.status().maintenance(), "a failed window leaves maintenance on");
        service.disable("alice");
        receiver.await(r -> r.size() >= 4, WAIT, "the ended event");
        assertTrue(notifier.awaitIdle(WAIT));
        List<Receiver.Request> got = receiver.requests();
        assertEquals(List.of("started", "drained", "failed", "ended"), types(got));
        Fixture.assertSigned(got);

        JsonNode failed = json(got.get(2)).get("report");
        assertEquals("failed", failed.get("outcome").asText());
        assertEquals("MIGRATE", failed.get("failedPhase").asText());
        assertTrue(failed.get("error").asText().contains("V3 failed"), failed.get("error").asText());
        assertEquals(2, failed.get("appliedMigrations").size(), "what was applied before the failure");
        String hints = failed.get("rollback").get("hints").toString();
        assertTrue(hints.contains("2 migrations applied before the failure"), hints);
        assertTrue(hints.contains("Call the DBA on duty."), hints);
        JsonNode ended = json(got.get(3));
        assertEquals("failed", ended.get("report").get("outcome").asText());
        assertTrue(ended.get("summary").asText().contains("ended by alice after the failed schema migration"),
                ended.get("summary").asText());
    }

    @Test
    void receiverFailingTwice_getsTheEventOnTheThirdTry_sameBodyFreshSignature() {
        receiver.answering(n -> n <= 2 ? Receiver.Answer.status(500) : Receiver.Answer.ok());
        MaintenanceService service = fixture.service();
        Notifier notifier = fixture.notifier(service, receiver, "/hook");

        service.enable(Mode.READ_ONLY, "Moving the database", "alice");

        receiver.await(r -> r.size() >= 3, WAIT, "three attempts");
        assertTrue(notifier.awaitIdle(WAIT));
        List<Receiver.Request> got = receiver.requests();
        assertEquals(3, got.size());
        assertEquals(1, new HashSet<>(receiver.eventIds("/hook")).size(), "one event, three attempts");
        assertEquals(List.of("1", "2", "3"), got.stream().map(r -> r.header(Webhook.ATTEMPT_HEADER)).toList());
        assertEquals(1, got.stream().map(Receiver.Request::text).distinct().count(), "the same body each time");
        Fixture.assertSigned(got);

        Delivery d = notifier.log().recent(1).get(0).deliveries().get(0);
        assertEquals(DeliveryStatus.DELIVERED, d.status());
        assertEquals(3, d.attemptCount());
        assertEquals(List.of(500, 500, 200), d.attempts().stream().map(DeliveryAttempt::statusCode).toList());
        assertEquals("HTTP 500", d.attempts().get(0).error());
        assertTrue(d.attempts().get(2).succeeded());
    }

    @Test
    void twoInstancesOnOneDatabase_deliverEachEventOnce_whoeverMadeTheChange() {
        MaintenanceService a = fixture.service();
        MaintenanceService b = fixture.service();
        MaintenanceService cli = fixture.service();
        Notifier onA = fixture.notifier(a, receiver, "/hook");
        Notifier onB = fixture.notifier(b, receiver, "/hook");

        a.enable(Mode.FULL, "by a", "alice");
        a.disable("alice");
        b.enable(Mode.FULL, "by b", "bob");
        b.disable("bob");
        cli.enable(Mode.READ_ONLY, "by the command line", "carol");
        cli.disable("carol");
        MigrationResult result = window(a, migrator(), onA.migrationHook()).run();
        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome());
        receiver.await(r -> new HashSet<>(receiver.eventIds("/hook")).size() >= 10, WAIT, "ten events");
        // A scheduled window, timed by both instances' clocks.
        Instant start = Instant.now().plusMillis(400);
        cli.apply(MaintenanceChange.schedule(new ScheduledWindow(start, start.plusMillis(300), Mode.FULL, "Soon"))
                .actor("carol").build());

        receiver.await(r -> new HashSet<>(receiver.eventIds("/hook")).size() >= 13, WAIT, "thirteen events");
        assertTrue(onA.awaitIdle(WAIT));
        assertTrue(onB.awaitIdle(WAIT));
        List<Receiver.Request> got = receiver.requests();
        Map<String, Long> perEvent = got.stream().collect(Collectors.groupingBy(Receiver.Request::eventId,
                Collectors.counting()));
        assertEquals(13, perEvent.size());
        assertEquals(Map.of(1L, 13L), perEvent.values().stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting())), "every event delivered exactly once");
        assertEquals(List.of("started", "ended", "started", "ended", "started", "ended", "started", "drained",
                "migrated", "ended", "scheduled", "started", "ended"), types(got));
        Fixture.assertSigned(got);
        List<String> summaries = got.stream().map(r -> json(r).get("summary").asText()).toList();
        assertTrue(summaries.get(4).contains("started by carol"), summaries.get(4));
        assertNotEquals(summaries.get(0), summaries.get(2));
    }
}
