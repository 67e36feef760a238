package dev.intermission.example.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.intermission.example.faults.Load.Outcome;
import dev.intermission.testing.LogCapture;

/**
 * The {@code service_context} row under two running instances and steady load: locked by another session during
 * an operator's change, deleted, or given a mode the library never writes. No instance, running or newly started,
 * serves the application from a row it cannot read; a locked table makes the change fail fast and write nothing;
 * the next change repairs a damaged row without a gap in the versions.
 */
class StateRowFaultsTest {

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
    void tableLockedDuringAnAdminChange_answers503WhileLocked_writesNothing_servingGoesOn() throws Exception {
        String database = pg.newDatabase();
        List<Instance> instances = new ArrayList<>();
        Load load = null;
        try {
            instances.addAll(Instance.startTwo(pg, database));
            Instance a = instances.get(0);
            load = Load.on(instances);
            load.phase("before");
            load.awaitRequests(instances, 10);
            long version = Faults.storedVersion(pg, database);
            List<Long> history = Faults.historyVersions(pg, database);

            HttpResponse<String> answer;
            try (Connection locker = pg.connect(database)) {
                locker.setAutoCommit(false);
                try (Statement s = locker.createStatement()) {
                    // Readers pass, writers wait: the instances keep reading the state.
                    s.execute("LOCK TABLE service_context IN EXCLUSIVE MODE");
                }
                load.phase("locked");
                CompletableFuture<HttpResponse<String>> patch = CompletableFuture.supplyAsync(() -> {
                    try {
                        return a.patch("{\"maintenance\": true, \"message\": \"while locked\"}");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                // Answered while the lock is still held: the change did not wait for it without bound.
                answer = patch.get(Faults.PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
                load.awaitRequests(instances, 10);
                locker.rollback();
            }
            load.phase("released");
            assertEquals(503, answer.statusCode(), answer.body());
            assertTrue(answer.headers().firstValue("Retry-After").isPresent(), "Retry-After");
            assertEquals(version, Faults.storedVersion(pg, database), "nothing written to the row");
            assertEquals(history, Faults.historyVersions(pg, database), "nothing written to the history");

            // The next change is the very next version: the refused one left nothing behind, not even late.
            assertEquals(200, a.patch("{\"maintenance\": true, \"message\": \"after the lock\"}").statusCode());
            assertEquals(version + 1, Faults.storedVersion(pg, database));
            assertTrue(Faults.gapless(Faults.historyVersions(pg, database)));
            for (Instance i : instances) {
                Faults.await(() -> "full".equals(i.effectiveMode()), i + " never saw the next change");
                assertEquals(version + 1, i.version(), i + " holds the next version");
            }
            assertEquals(200, a.patch("{\"maintenance\": false}").statusCode());
            load.close();

            String counts = load.summary();
            load.report("table locked during a change");
            for (Instance i : instances) {
                assertEquals(0, load.count(i, "locked", Outcome.REFUSED), i + " refused requests although the "
                        + "change failed: " + counts);
                assertTrue(load.count(i, "locked", "GET", Outcome.SERVED) > 0
                        && load.count(i, "locked", "POST", Outcome.SERVED) > 0, i + " went on serving: " + counts);
                assertEquals(0, load.count(i, "locked", Outcome.NO_ANSWER), i + ": " + counts);
            }
        } finally {
            Faults.closeAll(load, instances);
        }
    }

    @Test
    void tableLockedDuringAnAdminChange_the503SaysTheStateStoreIsBusy() throws Exception {
        String database = pg.newDatabase();
        try (Instance a = Instance.start("a", pg, database, Map.of())) {
            Faults.await(a::servesOrders, "never served");
            try (Connection locker = pg.connect(database)) {
                locker.setAutoCommit(false);
                try (Statement s = locker.createStatement()) {
                    s.execute("LOCK TABLE service_context IN EXCLUSIVE MODE");
                }
                HttpResponse<String> answer = a.patch("{\"maintenance\": true}");
                locker.rollback();
                assertEquals(503, answer.statusCode());
                assertTrue(answer.body().contains("the state store is busy"), answer.body());
            }
        }
    }

    @Test
    void rowDeleted_runningAndNewInstancesApplyTheUnknownStatePolicy_nextChangeRepairsWithoutGap()
            throws Exception {
        unreadableRow("DELETE FROM service_context WHERE service_name = '" + Faults.SERVICE + "'");
    }

    @Test
    void modeCorruptedByHand_runningAndNewInstancesApplyTheUnknownStatePolicy_nextChangeRepairsWithoutGap()
            throws Exception {
        unreadableRow("UPDATE service_context SET mode = 'BROKEN' WHERE service_name = '" + Faults.SERVICE + "'");
    }

    /**
     * Damages the row under two instances, starts a third, and checks that none of them serves the application
     * until a change repairs the row: the running ones notice within their refresh, the new one starts closed.
     */
    private static void unreadableRow(String damage) throws Exception {
        String database = pg.newDatabase();
        List<Instance> instances = new ArrayList<>();
        Load load = null;
        try (LogCapture log = LogCapture.of("dev.intermission.Maintenance")) {
            instances.addAll(Instance.startTwo(pg, database));
            Instance a = instances.get(0);
            load = Load.on(instances);
            load.phase("before");
            load.awaitRequests(instances, 10);
            List<Long> history = Faults.historyVersions(pg, database);

            assertEquals(1, Faults.execute(pg, database, damage));
            for (Instance i : new ArrayList<>(instances)) {
                Faults.await(() -> "full".equals(i.effectiveMode()), i + " never applied the unknown-state policy");
            }
            load.phase("unreadable");
            Instance c = Instance.start("c", pg, database, Map.of());
            instances.add(c);
            load.add(c);
            Faults.await(() -> c.app().serving(), "c never ended its start-up window");
            load.awaitRequests(instances, 30);
            for (Instance i : instances) {
                Map<String, Object> status = i.publicStatus();
                assertEquals("full", status.get("effectiveMode"), i + ": " + status);
                assertEquals(Boolean.TRUE, status.get("stale"), i + " reports that it cannot trust the state: "
                        + status);
            }

            load.phase("repairing");
            HttpResponse<String> repair = a.patch("{\"maintenance\": false}");
            assertEquals(200, repair.statusCode(), repair.body());
            List<Long> repaired = Faults.historyVersions(pg, database);
            assertEquals(history.size() + 1, repaired.size(), "one change: " + repaired);
            assertTrue(Faults.gapless(repaired), "versions without a gap: " + repaired);
            assertEquals(repaired.get(repaired.size() - 1), Faults.storedVersion(pg, database),
                    "the row carries the history's last version");
            for (Instance i : instances) {
                Faults.await(i::servesOrders, i + " never served after the repair");
            }
            load.phase("after");
            load.awaitRequests(instances, 10);
            load.close();

            String counts = load.summary();
            load.report("unreadable row: " + damage);
            for (Instance i : instances) {
                assertEquals(0, load.count(i, "unreadable", Outcome.SERVED)
                        + load.count(i, "unreadable", Outcome.APP_ERROR), i + " served the application from a row "
                        + "it cannot read: " + counts);
                assertEquals(0, load.count(i, "unreadable", Outcome.NO_ANSWER), i + ": " + counts);
                assertTrue(load.count(i, "unreadable", Outcome.REFUSED) > 0, i + ": " + counts);
                assertTrue(load.count(i, "after", "GET", Outcome.SERVED) > 0
                        && load.count(i, "after", "POST", Outcome.SERVED) > 0, i + ": " + counts);
            }
            List<String> corruption = log.linesContaining("is corrupt");
            assertEquals(3, corruption.size(), "logged once per instance: " + corruption);
        } finally {
            Faults.closeAll(load, instances);
        }
    }
}
