package dev.intermission.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.testing.Databases;

/**
 * Changes made elsewhere (the command line, another instance) are told from the history, one event per change,
 * even when a burst of them lands between two refreshes of this instance.
 */
class ChangesElsewhereTest {

    @Test
    void aBurstOfChangesElsewhere_isToldChangeByChange_inOrder() {
        try (Fixture fixture = new Fixture(Databases.newH2())) {
            MaintenanceService app = fixture.service();
            MaintenanceService cli = fixture.service();
            // No webhook: events are recorded only, which is what this test reads.
            try (Notifier notifier = Notifier.newBuilder(app).pollInterval(Duration.ofMillis(20)).build()) {
                for (int i = 0; i < 30; i++) {
                    cli.enable(Mode.FULL, "burst " + i, "carol");
                    cli.disable("carol");
                }
                app.refresh();
                assertTrue(notifier.awaitIdle(Duration.ofSeconds(30)));
                List<Notification> log = new ArrayList<>(notifier.log().recent(100));
                java.util.Collections.reverse(log);
                assertEquals(60, log.size());
                for (int i = 0; i < 60; i++) {
                    assertEquals(i % 2 == 0 ? EventType.STARTED : EventType.ENDED, log.get(i).type(), "event " + i);
                    assertEquals(List.of(), log.get(i).deliveries());
                }
                assertTrue(log.get(58).summary().contains("started by carol"), log.get(58).summary());
            }
        }
    }
}
