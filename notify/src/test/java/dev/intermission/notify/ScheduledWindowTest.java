package dev.intermission.notify;

import static dev.intermission.notify.Fixture.json;
import static dev.intermission.notify.Fixture.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;
import dev.intermission.testing.Databases;
import dev.intermission.testing.ManualClock;

/**
 * A scheduled window's life on the clock: scheduled, a reminder its lead before the start, started and ended at
 * its moments; no reminder for a window scheduled within the lead, nothing more for a cancelled one, and an early
 * end when maintenance is switched off during it.
 */
class ScheduledWindowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2030-03-01T10:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private Fixture fixture;
    private Receiver receiver;
    private MaintenanceService service;
    private Notifier notifier;

    @BeforeEach
    void start() throws Exception {
        fixture = new Fixture(Databases.newH2());
        receiver = new Receiver();
        service = fixture.service(clock);
        notifier = fixture.notifier(service, receiver, "/hook", b -> b.remindBefore(Duration.ofHours(1)), w -> w);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        receiver.close();
    }

    private void schedule(Instant start, Instant end) {
        service.apply(MaintenanceChange.schedule(new ScheduledWindow(start, end, Mode.FULL, "Planned upgrade"))
                .actor("alice").build());
    }

    private List<Receiver.Request> awaitTypes(List<String> types) {
        return receiver.await(r -> types(r).equals(types), WAIT, types.toString());
    }

    @Test
    void windowWithANoticeTime_carriesItInItsReport() {
        Instant start = T0.plus(Duration.ofHours(3));
        Instant notice = T0.plus(Duration.ofHours(1));
        service.apply(MaintenanceChange.schedule(new ScheduledWindow(start, start.plus(Duration.ofHours(1)),
                Mode.READ_ONLY, "Planned upgrade", notice)).actor("alice").build());
        List<Receiver.Request> got = awaitTypes(List.of("scheduled"));
        assertEquals(notice.toString(), json(got.get(0)).path("report").path("noticeAt").asText());
    }

    @Test
    void window_isScheduledRemindedStartedAndEnded_atItsMoments() {
        Instant start = T0.plus(Duration.ofHours(3));
        Instant end = start.plus(Duration.ofHours(2));
        schedule(start, end);
        awaitTypes(List.of("scheduled"));

        clock.set(start.minus(Duration.ofHours(1)).minusSeconds(1));
        clock.set(start.minus(Duration.ofHours(1)));
        awaitTypes(List.of("scheduled", "reminder"));
        clock.set(start);
        awaitTypes(List.of("scheduled", "reminder", "started"));
        clock.set(end.plusMillis(1));
        List<Receiver.Request> got = awaitTypes(List.of("scheduled", "reminder", "started", "ended"));
        assertTrue(notifier.awaitIdle(WAIT));
        Fixture.assertSigned(got);

        JsonNode reminder = json(got.get(1));
        assertEquals(start.minus(Duration.ofHours(1)).toString(), reminder.get("occurredAt").asText());
        assertEquals("PT1H", reminder.get("report").get("reminderBefore").asText());
        assertEquals("PT2H", reminder.get("report").get("estimatedDuration").asText());
        assertEquals("alice", reminder.get("report").get("actor").asText());
        JsonNode ended = json(got.get(3));
        assertEquals(end.toString(), ended.get("occurredAt").asText());
        assertEquals("PT2H", ended.get("report").get("actualDuration").asText());
        assertEquals("ended", ended.get("report").get("outcome").asText());
        assertEquals("scheduled maintenance", ended.get("report").get("operation").asText());
    }

    @Test
    void windowScheduledWithinTheLead_getsNoReminder() {
        Instant start = T0.plus(Duration.ofMinutes(30));
        schedule(start, start.plus(Duration.ofMinutes(10)));
        awaitTypes(List.of("scheduled"));
        clock.set(start);
        awaitTypes(List.of("scheduled", "started"));
        clock.set(start.plus(Duration.ofMinutes(10)));
        awaitTypes(List.of("scheduled", "started", "ended"));
        assertTrue(notifier.awaitIdle(WAIT));
        assertEquals(3, receiver.requests().size());
    }

    @Test
    void cancelledWindow_neitherStartsNorEnds() {
        Instant start = T0.plus(Duration.ofMinutes(30));
        schedule(start, start.plus(Duration.ofMinutes(10)));
        service.apply(MaintenanceChange.cancelSchedule().actor("alice").build());
        clock.set(start.plus(Duration.ofHours(1)));
        service.enable(Mode.READ_ONLY, "A later change, to know the notifier has caught up", "alice");
        awaitTypes(List.of("scheduled", "started"));
        assertTrue(notifier.awaitIdle(WAIT));
        assertEquals("manual", json(receiver.requests().get(1)).get("report").get("kind").asText());
    }

    @Test
    void switchingOffDuringAnOpenWindow_endsItEarly_namingWhoClosedIt() {
        Instant start = T0.plus(Duration.ofMinutes(30));
        schedule(start, start.plus(Duration.ofHours(2)));
        clock.set(start.plus(Duration.ofMinutes(5)));
        awaitTypes(List.of("scheduled", "started"));
        service.disable("bob");
        List<Receiver.Request> got = awaitTypes(List.of("scheduled", "started", "ended"));
        JsonNode ended = json(got.get(2));
        assertEquals(start.plus(Duration.ofMinutes(5)).toString(), ended.get("occurredAt").asText());
        assertTrue(ended.get("summary").asText().contains("closed early by bob"), ended.get("summary").asText());
        assertEquals("PT5M", ended.get("report").get("actualDuration").asText());
    }
}
