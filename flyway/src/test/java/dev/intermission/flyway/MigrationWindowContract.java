package dev.intermission.flyway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.intermission.Action;
import dev.intermission.HistoryEntry;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.ScheduledWindow;
import dev.intermission.internal.Json;
import dev.intermission.migration.internal.MigrationStore;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.DrainPolicy;
import dev.intermission.migration.MigrationContext;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationHook;
import dev.intermission.migration.MigrationLaunch;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationPhase;
import dev.intermission.migration.MigrationPlan;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.PendingMigration;
import dev.intermission.migration.SchemaMigrator;

/** The migration window's behaviour, run on each real database by a subclass. */
abstract class MigrationWindowContract {

    static final String V1 = "classpath:db/app-v1";
    static final String V2 = "classpath:db/app-v2";
    static final String BAD = "classpath:db/app-bad";
    static final String FIXED = "classpath:db/app-fixed";

    WindowFixture fixture;
    MaintenanceService service;

    abstract DataSource newDatabase();

    @BeforeEach
    void setUp() {
        fixture = new WindowFixture(newDatabase());
        service = fixture.service();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    // ---- step 1: nothing pending

    @Test
    void run_nothingPending_upToDateWithoutMaintenanceOrRecord() {
        MigrationWindow window = WindowFixture.window(service, fixture.migrator(V1)).build();
        assertEquals(MigrationOutcome.SUCCEEDED, window.run().outcome());
        int historyBefore = WindowFixture.history(service).size();

        MigrationResult again = window.run();

        assertEquals(MigrationOutcome.UP_TO_DATE, again.outcome());
        assertNull(again.windowId());
        assertEquals("2", again.versionBefore());
        assertEquals("2", again.versionAfter());
        assertTrue(again.applied().isEmpty());
        assertFalse(again.maintenanceOn());
        assertEquals(historyBefore, WindowFixture.history(service).size(), "maintenance state untouched");
        assertEquals(1, MigrationHistory.of(service).recent(10).size(), "no window recorded");
    }

    // ---- the whole window

    @Test
    void run_pendingMigrations_appliesThemInsideMaintenanceAndReopens() {
        AtomicReference<Mode> modeDuringMigration = new AtomicReference<>();
        AtomicReference<MigrationContext> beforeContext = new AtomicReference<>();
        AtomicReference<MigrationContext> afterContext = new AtomicReference<>();
        MigrationWindow window = WindowFixture.window(service, fixture.migrator(V1))
                .message("Back in five minutes")
                .estimate(Duration.ofMinutes(5))
                .addHook(new MigrationHook() {
                    @Override
                    public void beforeMigrate(MigrationContext context) {
                        modeDuringMigration.set(service.effectiveMode());
                        beforeContext.set(context);
                    }

                    @Override
                    public void afterMigrate(MigrationContext context) {
                        afterContext.set(context);
                    }
                })
                .build();
        assertEquals(2, window.plan().pending().size());

        MigrationResult result = window.run();

        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
        assertNotNull(result.windowId());
        assertNull(result.versionBefore());
        assertEquals("2", result.versionAfter());
        assertEquals(List.of("1", "2"), result.applied().stream().map(AppliedMigration::version).toList());
        assertFalse(result.maintenanceOn());
        assertEquals(Mode.OFF, service.effectiveMode());
        assertEquals(Mode.FULL, modeDuringMigration.get());
        assertTrue(beforeContext.get().applied().isEmpty());
        assertEquals(2, beforeContext.get().plan().pending().size());
        assertEquals(2, afterContext.get().applied().size());
        assertEquals(result.windowId(), afterContext.get().windowId());
        assertTrue(window.plan().upToDate());

        List<HistoryEntry> history = WindowFixture.history(service);
        assertEquals(2, history.size());
        HistoryEntry enable = history.get(1);
        assertEquals(Action.ENABLE, enable.action());
        assertEquals(Mode.FULL, enable.newMode());
        assertEquals("Back in five minutes", enable.message());
        assertNotNull(enable.until(), "expected end from the estimate");
        assertEquals(Origin.MIGRATION, enable.origin());
        assertEquals("tester", enable.actor());
        assertEquals(Action.DISABLE, history.get(0).action());
        assertEquals(Origin.MIGRATION, history.get(0).origin());

        MigrationRecord record = MigrationHistory.of(service).find(result.windowId()).orElseThrow();
        assertEquals(MigrationOutcome.SUCCEEDED, record.outcome());
        assertTrue(record.finished());
        assertFalse(record.running());
        assertFalse(record.interrupted());
        assertEquals("tester", record.actor());
        assertEquals(Mode.FULL, record.mode());
        assertNull(record.versionBefore());
        assertEquals("2", record.versionAfter());
        assertEquals(2, record.planned().size());
        assertEquals(result.applied(), record.applied());
        assertNull(record.error());
        assertFalse(record.endedAt().isBefore(record.startedAt()));
        assertEquals(List.of(MigrationPhase.PLAN, MigrationPhase.LOCK, MigrationPhase.ENABLE,
                MigrationPhase.PROPAGATE, MigrationPhase.DRAIN, MigrationPhase.BEFORE_HOOKS, MigrationPhase.MIGRATE,
                MigrationPhase.VALIDATE, MigrationPhase.AFTER_HOOKS, MigrationPhase.FINISH),
                List.copyOf(record.phaseMillis().keySet()));
        assertEquals(result.phaseMillis().keySet(), record.phaseMillis().keySet());
    }

    @Test
    void run_readOnlyMode_switchesReadOnlyDuringTheWindow() {
        AtomicReference<Mode> during = new AtomicReference<>();
        MigrationResult result = WindowFixture.window(service, fixture.migrator(V1))
                .mode(Mode.READ_ONLY)
                .addHook(new MigrationHook() {
                    @Override
                    public void beforeMigrate(MigrationContext context) {
                        during.set(service.effectiveMode());
                    }
                })
                .build().run();

        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
        assertEquals(Mode.READ_ONLY, during.get());
        assertEquals(Mode.OFF, service.effectiveMode());
    }

    // ---- step 4: propagation and draining

    @Test
    void run_requestsInFlight_waitsForThemAndOtherInstancesBeforeMigrating() throws Exception {
        MaintenanceService otherInstance = fixture.service();
        AtomicInteger inFlight = new AtomicInteger(2);
        AtomicReference<Mode> otherInstanceMode = new AtomicReference<>();
        AtomicInteger inFlightAtMigration = new AtomicInteger(-1);
        SchemaMigrator migrator = fixture.migrator(V1);
        MigrationWindow window = WindowFixture.window(service, migrator)
                .propagationMargin(Duration.ofMillis(500))
                .drainTimeout(Duration.ofMinutes(1))
                .inFlightRequests(inFlight::get)
                .addHook(new MigrationHook() {
                    @Override
                    public void beforeMigrate(MigrationContext context) {
                        otherInstanceMode.set(otherInstance.effectiveMode());
                        inFlightAtMigration.set(inFlight.get());
                    }
                })
                .build();

        MigrationLaunch launch = window.start();
        assertTrue(launch.windowId().isPresent(), "recorded before start() returns");
        awaitMode(service, Mode.FULL);
        // A request arriving now is refused by the filter (it reads this mode); the two that started before
        // are still running, and nothing is migrated while they do.
        assertEquals(Mode.FULL, service.effectiveMode());
        assertEquals(2, migrator.plan().pending().size());
        assertFalse(launch.done());
        inFlight.decrementAndGet();
        assertEquals(2, migrator.plan().pending().size());
        assertFalse(launch.done());
        inFlight.decrementAndGet();
        MigrationResult result = launch.completion().get(60, TimeUnit.SECONDS);

        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
        assertEquals(0, inFlightAtMigration.get());
        assertEquals(Mode.FULL, otherInstanceMode.get(), "the other instance saw maintenance before migrating");
        assertEquals(Mode.OFF, service.effectiveMode());
        assertTrue(result.phaseMillis().containsKey(MigrationPhase.DRAIN));
    }

    @Test
    void run_requestsStillInFlightWithAbort_failsBeforeMigratingAndStaysOn() {
        SchemaMigrator migrator = fixture.migrator(V1);
        MigrationResult result = WindowFixture.window(service, migrator)
                .drainTimeout(Duration.ofMillis(100))
                .drainPolicy(DrainPolicy.ABORT)
                .inFlightRequests(() -> 3)
                .build().run();

        assertEquals(MigrationOutcome.FAILED, result.outcome());
        assertEquals(MigrationPhase.DRAIN, result.failedPhase());
        assertTrue(result.error().contains("3 requests in flight"), result.error());
        assertTrue(result.applied().isEmpty());
        assertEquals(2, migrator.plan().pending().size(), "nothing migrated");
        assertEquals(Mode.FULL, service.effectiveMode());
        assertEquals(MigrationWindow.DEFAULT_MESSAGE, service.status().message(),
                "users keep the window's words; the reason is for operators");
    }

    @Test
    void run_requestsStillInFlightWithProceed_migratesAnyway() {
        MigrationResult result = WindowFixture.window(service, fixture.migrator(V1))
                .drainTimeout(Duration.ZERO)
                .drainPolicy(DrainPolicy.PROCEED)
                .inFlightRequests(() -> 1)
                .build().run();

        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
        assertEquals(2, result.applied().size());
        assertEquals(Mode.OFF, service.effectiveMode());
    }

    // ---- step 6: failure

    @Test
    void run_badSql_leavesMaintenanceOnRecordsTheErrorAndFixedRerunReopens() {
        assertEquals(MigrationOutcome.SUCCEEDED,
                WindowFixture.window(service, fixture.migrator(V1)).build().run().outcome());
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<MigrationPhase> failedPhases = new CopyOnWriteArrayList<>();
        MigrationHook failureHook = new MigrationHook() {
            @Override
            public void onFailure(MigrationContext context, MigrationPhase phase, Throwable error) {
                failedPhases.add(phase);
                failures.add(error);
            }
        };

        MigrationResult failed = WindowFixture.window(service, fixture.migrator(V1, BAD))
                .addHook(failureHook).build().run();

        assertEquals(MigrationOutcome.FAILED, failed.outcome());
        assertTrue(failed.failed());
        assertEquals(MigrationPhase.MIGRATE, failed.failedPhase());
        assertTrue(failed.maintenanceOn());
        assertEquals(Mode.FULL, service.effectiveMode());
        String message = service.status().message();
        assertEquals(MigrationWindow.DEFAULT_MESSAGE, message, "users see the window's words, never the exception");
        assertTrue(failed.error().contains("V3__create_orders.sql"), failed.error());
        assertEquals(List.of(MigrationPhase.MIGRATE), failedPhases);
        assertEquals(1, failures.size());
        assertEquals(Origin.MIGRATION, WindowFixture.history(service).get(0).origin());
        MigrationRecord record = MigrationHistory.of(service).find(failed.windowId()).orElseThrow();
        assertEquals(MigrationOutcome.FAILED, record.outcome());
        assertEquals(MigrationPhase.MIGRATE, record.failedPhase());
        assertTrue(record.error().contains("no_such_items") || record.error().contains("NO_SUCH_ITEMS"),
                record.error());
        assertEquals("2", record.versionAfter());
        assertTrue(record.phaseMillis().containsKey(MigrationPhase.FAILURE_HOOKS));

        SchemaMigrator fixedMigrator = FlywayMigrator.newBuilder().dataSource(fixture.dataSource)
                .locations(V1, FIXED).repairFailedMigrations(true).build();
        MigrationResult fixed = WindowFixture.window(service, fixedMigrator).build().run();

        assertEquals(MigrationOutcome.SUCCEEDED, fixed.outcome(), fixed.error());
        assertEquals(List.of("3"), fixed.applied().stream().map(AppliedMigration::version).toList());
        assertEquals(Mode.OFF, service.effectiveMode(), "a successful window reopens after a failed one");
        assertFalse(fixed.maintenanceOn());
    }

    @Test
    void run_beforeHookFails_nothingMigratedAndMaintenanceStaysOn() {
        SchemaMigrator migrator = fixture.migrator(V1);
        MigrationResult result = WindowFixture.window(service, migrator)
                .addHook(new MigrationHook() {
                    @Override
                    public void beforeMigrate(MigrationContext context) throws Exception {
                        throw new java.io.IOException("backup failed: disk full");
                    }
                })
                .build().run();

        assertEquals(MigrationOutcome.FAILED, result.outcome());
        assertEquals(MigrationPhase.BEFORE_HOOKS, result.failedPhase());
        assertEquals(MigrationWindow.DEFAULT_MESSAGE, service.status().message());
        assertTrue(result.error().contains("backup failed: disk full"), result.error());
        assertEquals(2, migrator.plan().pending().size());
    }

    @Test
    void run_afterHookFails_migrationsAppliedAndMaintenanceStaysOn() {
        MigrationResult result = WindowFixture.window(service, fixture.migrator(V1))
                .addHook(new MigrationHook() {
                    @Override
                    public void afterMigrate(MigrationContext context) {
                        throw new IllegalStateException("verification: 0 rows in items");
                    }
                })
                .build().run();

        assertEquals(MigrationOutcome.FAILED, result.outcome());
        assertEquals(MigrationPhase.AFTER_HOOKS, result.failedPhase());
        assertEquals(2, result.applied().size());
        assertEquals("2", result.versionAfter());
        assertEquals(Mode.FULL, service.effectiveMode());
        assertEquals(MigrationWindow.DEFAULT_MESSAGE, service.status().message());
        assertTrue(result.error().contains("verification: 0 rows in items"), result.error());
    }

    @Test
    void run_failureHookFails_itsErrorIsAddedToTheRecord() {
        MigrationResult result = WindowFixture.window(service, fixture.migrator(V1, BAD))
                .addHook(new MigrationHook() {
                    @Override
                    public void onFailure(MigrationContext context, MigrationPhase phase, Throwable error)
                            throws Exception {
                        throw new IllegalStateException("restore failed too");
                    }
                })
                .build().run();

        assertEquals(MigrationOutcome.FAILED, result.outcome());
        assertTrue(result.error().contains("restore failed too"), result.error());
        assertTrue(MigrationHistory.of(service).find(result.windowId()).orElseThrow().error()
                .contains("restore failed too"));
    }

    @Test
    void run_veryLongError_failureMessageFitsTheLimit() {
        String longReason = "x".repeat(5000);
        MigrationResult result = WindowFixture.window(service, fixture.migrator(V1))
                .addHook(new MigrationHook() {
                    @Override
                    public void beforeMigrate(MigrationContext context) {
                        throw new IllegalStateException(longReason + "\nsecond line\u0001");
                    }
                })
                .build().run();

        assertEquals(MigrationOutcome.FAILED, result.outcome());
        assertEquals(MigrationWindow.DEFAULT_MESSAGE, service.status().message());
        assertTrue(result.error().contains("xxx"), "the whole reason is recorded for operators");
    }

    // ---- step 3: an operator's maintenance

    @Test
    void run_operatorMaintenanceOn_keptDuringAndLeftOnAfterwards() {
        service.apply(MaintenanceChange.enable(Mode.FULL).message("Hardware swap").actor("alice")
                .origin(Origin.HTTP).build());
        long versionBefore = service.status().version();

        MigrationResult result = WindowFixture.window(service, fixture.migrator(V1)).build().run();

        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
        assertTrue(result.maintenanceOn());
        assertEquals(Mode.FULL, service.effectiveMode());
        assertEquals("Hardware swap", service.status().message());
        assertEquals(versionBefore, service.status().version(), "the operator's state was not touched");
    }

    @Test
    void run_operatorReadOnlyAndWindowFull_fullDuringThenOperatorStateRestored() {
        Instant until = Instant.now().plus(Duration.ofHours(2));
        service.apply(MaintenanceChange.enable(Mode.READ_ONLY).message("Reporting freeze").until(until)
                .actor("alice").build());
        AtomicReference<Mode> during = new AtomicReference<>();

        MigrationResult result = WindowFixture.window(service, fixture.migrator(V1))
                .addHook(new MigrationHook() {
                    @Override
                    public void beforeMigrate(MigrationContext context) {
                        during.set(service.effectiveMode());
                    }
                })
                .build().run();

        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
        assertEquals(Mode.FULL, during.get());
        assertEquals(Mode.READ_ONLY, service.effectiveMode());
        assertEquals("Reporting freeze", service.status().message());
        assertEquals(until.truncatedTo(java.time.temporal.ChronoUnit.MILLIS), service.status().until());
    }

    @Test
    void run_failedWhileOperatorMaintenanceOn_fixedRerunRestoresTheOperatorsState() {
        service.apply(MaintenanceChange.enable(Mode.FULL).message("Hardware swap").actor("alice").build());
        assertEquals(MigrationOutcome.SUCCEEDED,
                WindowFixture.window(service, fixture.migrator(V1)).build().run().outcome());

        MigrationResult failed = WindowFixture.window(service, fixture.migrator(V1, BAD)).build().run();
        assertEquals(MigrationOutcome.FAILED, failed.outcome());
        assertEquals("Hardware swap", service.status().message(), "the operator's words stay");

        SchemaMigrator fixedMigrator = FlywayMigrator.newBuilder().dataSource(fixture.dataSource)
                .locations(V1, FIXED).repairFailedMigrations(true).build();
        MigrationResult fixed = WindowFixture.window(service, fixedMigrator).build().run();

        assertEquals(MigrationOutcome.SUCCEEDED, fixed.outcome(), fixed.error());
        assertEquals(Mode.FULL, service.effectiveMode(), "the operator's maintenance stays on");
        assertEquals("Hardware swap", service.status().message());
    }

    @Test
    void run_operatorChangesStateDuringWindow_leftAsTheOperatorSetIt() {
        MigrationResult result = WindowFixture.window(service, fixture.migrator(V1))
                .addHook(new MigrationHook() {
                    @Override
                    public void afterMigrate(MigrationContext context) {
                        service.apply(MaintenanceChange.enable(Mode.FULL).message("Keep it closed")
                                .actor("alice").origin(Origin.CLI).build());
                    }
                })
                .build().run();

        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
        assertEquals(Mode.FULL, service.effectiveMode());
        assertEquals("Keep it closed", service.status().message());
    }

    @Test
    void run_openScheduledWindow_stillOpenAfterTheWindow() {
        ScheduledWindow scheduled = new ScheduledWindow(Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofHours(1)), Mode.READ_ONLY, "Nightly batch");
        service.apply(MaintenanceChange.schedule(scheduled).actor("alice").build());

        MigrationResult result = WindowFixture.window(service, fixture.migrator(V1)).build().run();

        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
        assertEquals(Mode.OFF, service.status().mode());
        assertEquals(Mode.READ_ONLY, service.effectiveMode());
        assertEquals(scheduled, service.status().window());
    }

    // ---- step 2: the lock

    @Test
    void run_anotherWindowHoldsTheLock_reportsAlreadyRunningWithItsId() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MigrationLaunch first = WindowFixture.window(service, fixture.migrator(V1))
                .addHook(new MigrationHook() {
                    @Override
                    public void beforeMigrate(MigrationContext context) throws Exception {
                        inside.countDown();
                        assertTrue(release.await(60, TimeUnit.SECONDS));
                    }
                })
                .build().start();
        assertTrue(inside.await(60, TimeUnit.SECONDS));
        String firstId = first.windowId().orElseThrow();
        MaintenanceService otherInstance = fixture.service();

        MigrationResult second = WindowFixture.window(otherInstance, fixture.migrator(V1))
                .lockWaitTimeout(Duration.ZERO).build().run();

        assertEquals(MigrationOutcome.ALREADY_RUNNING, second.outcome());
        assertEquals(firstId, second.windowId());
        MigrationRecord running = MigrationHistory.of(otherInstance).find(firstId).orElseThrow();
        assertTrue(running.running());
        assertFalse(running.finished());
        assertFalse(running.interrupted());
        release.countDown();
        assertEquals(MigrationOutcome.SUCCEEDED, first.completion().get(60, TimeUnit.SECONDS).outcome());
        assertFalse(MigrationHistory.of(otherInstance).find(firstId).orElseThrow().running());
    }

    @Test
    void run_windowLongerThanItsLease_heartbeatKeepsTheLock() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MigrationLaunch first = WindowFixture.window(service, fixture.migrator(V1))
                .addHook(new MigrationHook() {
                    @Override
                    public void beforeMigrate(MigrationContext context) throws Exception {
                        inside.countDown();
                        assertTrue(release.await(60, TimeUnit.SECONDS));
                    }
                })
                .build().start();
        assertTrue(inside.await(60, TimeUnit.SECONDS));
        MigrationStore store = CoreInternals.migrationStore(service);
        MigrationStore.Lease taken = store.lease(service.serviceName()).orElseThrow();
        Instant firstExpiry = taken.acquiredAt().plus(WindowFixture.LEASE);
        // Wait until the first lease term is over: only renewals keep the lock now.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Instant.now().isAfter(firstExpiry.plusMillis(200))) {
            assertTrue(System.nanoTime() < deadline);
            Thread.sleep(50);
        }

        MigrationResult second = WindowFixture.window(fixture.service(), fixture.migrator(V1))
                .lockWaitTimeout(Duration.ZERO).build().run();

        assertEquals(MigrationOutcome.ALREADY_RUNNING, second.outcome());
        assertEquals(first.windowId().orElseThrow(), second.windowId());
        assertTrue(store.lease(service.serviceName()).orElseThrow().expiresAt().isAfter(firstExpiry));
        release.countDown();
        assertEquals(MigrationOutcome.SUCCEEDED, first.completion().get(60, TimeUnit.SECONDS).outcome());
        assertTrue(store.lease(service.serviceName()).isEmpty(), "released at the end");
    }

    @Test
    void run_twoInstancesAtOnce_exactlyOneAppliesTheMigrations() throws Exception {
        MaintenanceService second = fixture.service();
        CountDownLatch go = new CountDownLatch(1);
        MigrationWindow a = WindowFixture.window(service, fixture.migrator(V1, V2)).build();
        MigrationWindow b = WindowFixture.window(second, fixture.migrator(V1, V2)).build();
        AtomicReference<MigrationResult> resultA = new AtomicReference<>();
        AtomicReference<MigrationResult> resultB = new AtomicReference<>();
        Thread ta = new Thread(() -> {
            await(go);
            resultA.set(a.run());
        });
        Thread tb = new Thread(() -> {
            await(go);
            resultB.set(b.run());
        });
        ta.start();
        tb.start();
        go.countDown();
        ta.join(120_000);
        tb.join(120_000);

        List<MigrationResult> results = List.of(resultA.get(), resultB.get());
        assertEquals(1, results.stream().filter(r -> r.outcome() == MigrationOutcome.SUCCEEDED).count(),
                results.toString());
        MigrationResult winner = results.stream().filter(r -> r.outcome() == MigrationOutcome.SUCCEEDED)
                .findFirst().orElseThrow();
        MigrationResult other = results.stream().filter(r -> r != winner).findFirst().orElseThrow();
        assertTrue(other.outcome() == MigrationOutcome.UP_TO_DATE
                || other.outcome() == MigrationOutcome.ALREADY_RUNNING, other.toString());
        assertTrue(other.applied().isEmpty());
        assertEquals(List.of("1", "2", "3"), winner.applied().stream().map(AppliedMigration::version).toList());
        assertEquals(1, MigrationHistory.of(service).recent(10).size());
        assertEquals(Mode.OFF, service.refresh().mode());
    }

    // ---- entry points

    @Test
    void migrateOnStart_nothingPending_returnsDoneWithoutMaintenance() {
        WindowFixture.window(service, fixture.migrator(V1)).build().run();

        MigrationLaunch launch = MigrationWindow.migrateOnStart(service, fixture.migrator(V1));

        assertEquals(MigrationOutcome.UP_TO_DATE, launch.join().outcome());
        assertTrue(launch.windowId().isEmpty());
        assertEquals(Mode.OFF, service.effectiveMode());
    }

    @Test
    void migrateOnStart_pending_returnsOnceMaintenanceIsOnAndFinishesInTheBackground() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MigrationLaunch launch = WindowFixture.window(service, fixture.migrator(V1))
                .addHook(new MigrationHook() {
                    @Override
                    public void beforeMigrate(MigrationContext context) throws Exception {
                        assertTrue(release.await(60, TimeUnit.SECONDS));
                    }
                })
                .build().migrateOnStart();

        assertEquals(Mode.FULL, service.effectiveMode(), "requests are refused from the moment it returns");
        assertFalse(launch.done());
        release.countDown();
        MigrationResult result = launch.completion().get(60, TimeUnit.SECONDS);
        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
        assertEquals(Mode.OFF, service.effectiveMode());
        assertEquals(result.windowId(), launch.windowId().orElseThrow());
    }

    @Test
    void plan_pending_changesNothing() {
        MigrationWindow window = WindowFixture.window(service, fixture.migrator(V1, V2)).build();

        MigrationPlan plan = window.plan();

        assertNull(plan.currentVersion());
        assertEquals("3", plan.targetVersion());
        assertEquals(List.of("V1__create_items.sql", "V2__add_item_price.sql", "V3__create_orders.sql"),
                plan.pending().stream().map(PendingMigration::script).toList());
        assertEquals(plan, window.plan());
        assertEquals(0, WindowFixture.history(service).size());
        assertTrue(MigrationHistory.of(service).recent(10).isEmpty());
    }

    // ---- the record as JSON

    @Test
    void history_recordsAndResults_serializeToJson() throws Exception {
        MigrationResult first = WindowFixture.window(service, fixture.migrator(V1)).build().run();
        MigrationResult failed = WindowFixture.window(service, fixture.migrator(V1, BAD)).build().run();

        List<MigrationRecord> recent = MigrationHistory.of(service).recent(10);

        assertEquals(List.of(failed.windowId(), first.windowId()), recent.stream().map(MigrationRecord::id).toList());
        assertEquals(1, MigrationHistory.of(service).recent(1).size());
        String json = Json.write(recent);
        assertTrue(json.contains("\"outcome\":\"FAILED\""), json);
        assertTrue(json.contains("\"startedAt\":\"" + recent.get(0).startedAt() + "\""), json);
        assertTrue(json.contains("\"phaseMillis\":{\"PLAN\":"), json);
        assertFalse(json.contains("\"finished\""), "derived values are not fields: " + json);
        assertTrue(json.contains("\"mode\":\"full\""), "modes in their one external spelling: " + json);
        Map<?, ?> asMap = TestJson.MAPPER.readValue(Json.write(first), Map.class);
        assertEquals("SUCCEEDED", asMap.get("outcome"));
    }

    @Test
    void history_unknownOrMalformedId_emptyOrClearError() {
        MigrationHistory history = MigrationHistory.of(service);

        assertTrue(history.find("00000000-0000-0000-0000-000000000000").isEmpty());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> history.find("'; DROP TABLE x; --"));
        assertTrue(bad.getMessage().startsWith("id: "));
        assertThrows(IllegalArgumentException.class, () -> history.find(null));
        assertThrows(IllegalArgumentException.class, () -> history.recent(0));
        assertThrows(IllegalArgumentException.class, () -> history.recent(MigrationHistory.MAX_LIMIT + 1));
    }

    static void awaitMode(MaintenanceService service, Mode mode) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (service.effectiveMode() != mode) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("mode never became " + mode);
            }
            Thread.sleep(10);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
