package dev.intermission.example.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.intermission.example.faults.Load.Outcome;

/**
 * PostgreSQL stops under two running instances and steady load, then comes back: each instance keeps the last state
 * it read (reporting it stale) instead of flipping either way, and once the database answers again both are fresh
 * and see a change made after it.
 */
class DatabaseOutageTest {

    private static FaultPostgres pg;

    @BeforeAll
    static void startPostgres() {
        pg = FaultPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        pg.close();
    }

    @Test
    void outageWhileOpen_bothKeepTheOpenState_reportStale_thenFreshAndSeeTheNextChange() throws Exception {
        String database = pg.newDatabase();
        List<Instance> instances = new ArrayList<>();
        Load load = null;
        try {
            instances.addAll(Instance.startTwo(pg, database));
            Instance a = instances.get(0);
            load = Load.on(instances);
            load.phase("before");
            load.awaitRequests(instances, 20);

            pg.down();
            for (Instance i : instances) {
                Faults.await(() -> !i.fresh(), i + " never reported the state stale");
            }
            load.phase("down");
            // Each request now waits for the application's own pool to give up (2 s): a few are enough, and the
            // outage stays well inside the instance lease (15 s), after which the fail-safe mode would apply.
            load.awaitRequests(instances, 4);
            for (Instance i : instances) {
                assertEquals("off", i.effectiveMode(), i + " keeps the last state read");
            }

            load.phase("back");
            pg.up();
            for (Instance i : instances) {
                Faults.await(i::fresh, i + " never fresh again");
            }
            // A change made after the database returned reaches both.
            assertEquals(200, a.patch("{\"maintenance\": true, \"message\": \"after the outage\"}").statusCode());
            for (Instance i : instances) {
                Faults.await(() -> "full".equals(i.effectiveMode()), i + " never saw the change made after");
            }
            load.phase("maintenance");
            load.awaitRequests(instances, 20);
            load.phase("reopening");
            assertEquals(200, a.patch("{\"maintenance\": false}").statusCode());
            for (Instance i : instances) {
                Faults.await(i::servesOrders, i + " never served again");
            }
            load.phase("after");
            load.awaitRequests(instances, 20);
            load.close();

            String counts = load.summary();
            load.report("outage while open");
            for (Instance i : instances) {
                assertEquals(0, load.count(i, "down", Outcome.REFUSED), i + " switched maintenance on by itself "
                        + "during a short outage: " + counts);
                assertEquals(0, load.count(i, "down", Outcome.NO_ANSWER), i + " left clients unanswered: " + counts);
                assertEquals(0, load.count(i, "maintenance", Outcome.SERVED)
                        + load.count(i, "maintenance", Outcome.APP_ERROR), i + " served in maintenance: " + counts);
                assertTrue(load.count(i, "after", "GET", Outcome.SERVED) > 0
                        && load.count(i, "after", "POST", Outcome.SERVED) > 0, i + ": " + counts);
                assertEquals(0, load.count(i, "after", Outcome.REFUSED) + load.count(i, "after", Outcome.NO_ANSWER),
                        i + ": " + counts);
            }
        } finally {
            Faults.closeAll(load, instances);
            pg.up();
        }
    }

    @Test
    void outageDuringMaintenance_noRequestReachesTheApplication_thenBothOpenOnDisable() throws Exception {
        String database = pg.newDatabase();
        List<Instance> instances = new ArrayList<>();
        Load load = null;
        try {
            instances.addAll(Instance.startTwo(pg, database));
            Instance a = instances.get(0);
            assertEquals(200, a.patch("{\"maintenance\": true, \"message\": \"before the outage\"}").statusCode());
            for (Instance i : instances) {
                Faults.await(() -> "full".equals(i.effectiveMode()), i + " never saw maintenance on");
            }
            load = Load.on(instances);
            load.phase("down");
            pg.down();
            for (Instance i : instances) {
                Faults.await(() -> !i.fresh(), i + " never reported the state stale");
            }
            load.awaitRequests(instances, 30);

            load.phase("back");
            pg.up();
            for (Instance i : instances) {
                Faults.await(i::fresh, i + " never fresh again");
                assertEquals("full", i.effectiveMode(), i + " still in maintenance");
            }
            load.phase("reopening");
            assertEquals(200, a.patch("{\"maintenance\": false}").statusCode());
            for (Instance i : instances) {
                Faults.await(i::servesOrders, i + " never served after maintenance ended");
            }
            load.phase("after");
            load.awaitRequests(instances, 20);
            load.close();

            String counts = load.summary();
            load.report("outage during maintenance");
            for (Instance i : instances) {
                assertEquals(0, load.count(i, "down", Outcome.SERVED) + load.count(i, "down", Outcome.APP_ERROR)
                        + load.count(i, "back", Outcome.SERVED) + load.count(i, "back", Outcome.APP_ERROR),
                        i + " let requests through while in maintenance: " + counts);
                assertEquals(0, load.count(i, "down", Outcome.NO_ANSWER), i + " left clients unanswered: " + counts);
                assertTrue(load.count(i, "after", "GET", Outcome.SERVED) > 0
                        && load.count(i, "after", "POST", Outcome.SERVED) > 0, i + ": " + counts);
            }
        } finally {
            Faults.closeAll(load, instances);
            pg.up();
        }
    }
}
