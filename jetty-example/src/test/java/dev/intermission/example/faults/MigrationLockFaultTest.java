package dev.intermission.example.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.intermission.Maintenance;
import dev.intermission.example.ExampleApp;
import dev.intermission.example.ExampleConfig;
import dev.intermission.example.faults.Load.Outcome;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationResult;
import dev.intermission.testing.LogCapture;

/**
 * A migrator was killed in the middle of its window: its record is unfinished and its lease on the migration lock
 * runs until it ends by itself. Two instances start with migrations pending under steady load: they wait for the
 * lock (closed, saying whom they wait for); a window an operator asks for meanwhile is refused at once as "already
 * running" with the holder named, never as a failed migration; once the lease ends one instance migrates and both
 * open.
 */
class MigrationLockFaultTest {

    private static final String HOLDER = "deploy-host:4242:dead";

    private static FaultPostgres pg;

    @BeforeAll
    static void startPostgres() {
        pg = FaultPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        pg.close();
    }

    /** Leaves behind what a migrator killed mid-window leaves: an unfinished record and a lease; returns its id. */
    private static String killedMigrator(String database, Instant leaseEnd) throws Exception {
        // The library's tables are there: the killed migrator's instance created them.
        Maintenance.newBuilder().jdbcUrl(pg.jdbcUrl(database), "postgres", null).build().close();
        String window = UUID.randomUUID().toString();
        LocalDateTime started = LocalDateTime.ofInstant(Instant.now().minusSeconds(5), ZoneOffset.UTC);
        try (Connection c = pg.connect(database)) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO migration_window (id, service_name, actor, "
                    + "holder, mode, started_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, window);
                ps.setString(2, Faults.SERVICE);
                ps.setString(3, "deploy-9");
                ps.setString(4, HOLDER);
                ps.setString(5, "FULL");
                ps.setObject(6, started);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO migration_lock (lock_name, window_id, holder,"
                    + " acquired_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, Faults.SERVICE);
                ps.setString(2, window);
                ps.setString(3, HOLDER);
                ps.setObject(4, started);
                ps.setObject(5, LocalDateTime.ofInstant(leaseEnd, ZoneOffset.UTC));
                ps.executeUpdate();
            }
        }
        return window;
    }

    private static HttpResponse<String> askForAWindow(Instance instance) throws Exception {
        return instance.send("POST", ExampleConfig.ADMIN_PATH + "/migrations", "{}", "Content-Type",
                "application/json", "Authorization", "Bearer " + Instance.TOKEN, "Accept", "application/json");
    }

    @Test
    void migratorKilledHoldingTheLock_othersWaitClosed_aSecondWindowIsRefusedNamingTheHolder_thenOneMigrates()
            throws Exception {
        String database = pg.newDatabase();
        Instant leaseEnd = Instant.now().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        String killed = killedMigrator(database, leaseEnd);
        List<Instance> instances = new ArrayList<>();
        Load load = null;
        try (LogCapture windows = LogCapture.of("dev.intermission.migration.internal.WindowRunner");
                LogCapture example = LogCapture.of(ExampleApp.class)) {
            instances.add(Instance.start("a", pg, database, Map.of()));
            instances.add(Instance.start("b", pg, database, Map.of()));
            load = Load.on(instances);
            load.phase("locked");
            Faults.await(() -> example.linesContaining("waits for the migration lock").stream()
                    .filter(l -> l.contains(killed) && l.contains(HOLDER)).count() == 2,
                    "each instance says whom its start-up waits for: " + example.lines());

            HttpResponse<String> second = askForAWindow(instances.get(1));
            assertEquals(409, second.statusCode(), second.body());
            assertTrue(second.body().contains(killed), "names the window that holds the lock: " + second.body());
            assertFalse(second.body().toLowerCase(Locale.ROOT).contains("fail"), "not a failure: " + second.body());
            List<String> notStarted = windows.linesContaining("not started");
            assertEquals(1, notStarted.size(), windows.lines().toString());
            assertTrue(notStarted.get(0).contains(HOLDER) && notStarted.get(0).contains("until " + leaseEnd),
                    "the log names the holder and the lease's end: " + notStarted.get(0));
            assertTrue(windows.linesContaining("failed").isEmpty(), "no window failed: " + windows.lines());
            load.awaitRequests(instances, 30);

            // The killed process renews nothing: its lease ends (here at once rather than in ten minutes).
            load.phase("lease ended");
            assertEquals(1, Faults.execute(pg, database, "UPDATE migration_lock SET expires_at = acquired_at"));
            for (Instance i : instances) {
                Faults.await(i::servesOrders, i + " never served after the lease ended");
            }
            load.phase("after");
            load.awaitRequests(instances, 10);
            load.close();

            String counts = load.summary();
            load.report("killed migrator holding the lock");
            int succeeded = 0;
            for (Instance i : instances) {
                MigrationResult result = i.app().startupMigration().orElseThrow().join();
                assertTrue(result.outcome() == MigrationOutcome.SUCCEEDED
                        || result.outcome() == MigrationOutcome.UP_TO_DATE, i + ": " + result.outcome() + " "
                        + result.error());
                succeeded += result.outcome() == MigrationOutcome.SUCCEEDED ? 1 : 0;
                assertEquals(0, load.count(i, "locked", Outcome.SERVED) + load.count(i, "locked", Outcome.APP_ERROR),
                        i + " served the application before its schema was migrated: " + counts);
                assertEquals(0, load.count(i, "locked", Outcome.NO_ANSWER), i + ": " + counts);
                assertTrue(load.count(i, "after", "GET", Outcome.SERVED) > 0
                        && load.count(i, "after", "POST", Outcome.SERVED) > 0, i + ": " + counts);
            }
            assertEquals(1, succeeded, "one window migrated, the other found the schema at its target");
            assertTrue(Faults.schemaAtTarget(pg, database));
        } finally {
            Faults.closeAll(load, instances);
        }
    }

    @Test
    void secondWindowOverHttp_isAProblemCarryingItsStatusCode() throws Exception {
        String database = pg.newDatabase();
        killedMigrator(database, Instant.now().plus(10, ChronoUnit.MINUTES));
        try (Instance a = Instance.start("a", pg, database, Map.of())) {
            HttpResponse<String> second = askForAWindow(a);
            assertEquals(409, second.statusCode(), second.body());
            assertTrue(second.body().contains("\"status\":409"), second.body());
        }
    }

    @Test
    void secondWindowOverHttp_namesTheHolderAndTheLeaseEnd() throws Exception {
        String database = pg.newDatabase();
        Instant leaseEnd = Instant.now().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        killedMigrator(database, leaseEnd);
        try (Instance a = Instance.start("a", pg, database, Map.of())) {
            HttpResponse<String> second = askForAWindow(a);
            assertEquals(409, second.statusCode(), second.body());
            assertTrue(second.body().contains(HOLDER) && second.body().contains(leaseEnd.toString()), second.body());
        }
    }
}
