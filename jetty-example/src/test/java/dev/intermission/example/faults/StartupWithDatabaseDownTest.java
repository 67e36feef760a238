package dev.intermission.example.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.intermission.Maintenance;
import dev.intermission.example.faults.Load.Outcome;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationResult;

/**
 * Two instances start while PostgreSQL is down and the application's migrations are pending: neither serves the
 * application until the schema is at its target; once the database is back, the start-up window runs (on one of
 * them) and both open.
 */
class StartupWithDatabaseDownTest {

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
    void startUpWithTheDatabaseDown_noRequestReachesAnUnmigratedSchema_bothOpenOnceMigrated() throws Exception {
        // The library's tables are there (an earlier release created them); the application's migrations are not.
        String database = pg.newDatabase();
        Maintenance.newBuilder().jdbcUrl(pg.jdbcUrl(database), "postgres", null).build().close();
        startWithTheDatabaseDown(database);
    }

    @Test
    void startUpWithTheDatabaseDownOnAnEmptyDatabase_bothCreateTheTables_migrate_andOpen() throws Exception {
        startWithTheDatabaseDown(pg.newDatabase());
    }

    private static void startWithTheDatabaseDown(String database) throws Exception {
        pg.down();
        List<Instance> instances = new ArrayList<>();
        Load load = null;
        AtomicInteger reachedOldSchema = new AtomicInteger();
        AtomicInteger reachedApplication = new AtomicInteger();
        try {
            instances.add(Instance.start("a", pg, database, Map.of()));
            instances.add(Instance.start("b", pg, database, Map.of()));
            load = Load.on(instances, (instance, outcome) -> {
                reachedApplication.incrementAndGet();
                // Checked after the answer: a schema found short of its target now was short of it then.
                if (!Faults.schemaAtTarget(pg, database)) {
                    reachedOldSchema.incrementAndGet();
                }
            });
            load.phase("down");
            load.awaitRequests(instances, 40);
            for (Instance i : instances) {
                assertFalse(i.app().startupMigration().orElseThrow().done(),
                        i + ": the start-up window keeps trying while the database is down");
            }

            load.phase("back");
            pg.up();
            for (Instance i : instances) {
                Faults.await(i::servesOrders, i + " never served the application after the database came back");
            }
            load.phase("after");
            load.awaitRequests(instances, 20);
            load.close();
            String counts = load.summary();
            load.report("start-up with the database down");

            assertEquals(0, reachedOldSchema.get(), "requests the application answered on an unmigrated schema: "
                    + counts);
            assertTrue(Faults.schemaAtTarget(pg, database), "the schema reached its target");
            int succeeded = 0;
            for (Instance i : instances) {
                MigrationResult result = i.app().startupMigration().orElseThrow().join();
                assertTrue(result.outcome() == MigrationOutcome.SUCCEEDED
                        || result.outcome() == MigrationOutcome.UP_TO_DATE, i + ": " + result.outcome() + " "
                        + result.error());
                succeeded += result.outcome() == MigrationOutcome.SUCCEEDED ? 1 : 0;
                assertEquals(0, load.count(i, "down", Outcome.SERVED) + load.count(i, "down", Outcome.APP_ERROR),
                        i + " let requests reach the application while the database was down: " + counts);
                assertEquals(0, load.count(i, "down", Outcome.NO_ANSWER), i + " left clients unanswered: " + counts);
                assertTrue(load.count(i, "down", Outcome.REFUSED) >= 20, i + ": " + counts);
                assertTrue(load.count(i, "after", "GET", Outcome.SERVED) > 0
                        && load.count(i, "after", "POST", Outcome.SERVED) > 0, i + " serves after: " + counts);
            }
            assertEquals(1, succeeded, "one window migrated, the other found the schema at its target");
            assertTrue(reachedApplication.get() > 0);
        } finally {
            Faults.closeAll(load, instances);
            pg.up();
        }
    }
}
