package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.intermission.testing.Databases;
import dev.intermission.testing.LogCapture;

/**
 * The behaviour every supported database must show, run against H2, PostgreSQL and MariaDB by the subclasses.
 * Each test works under its own table prefix, so one database serves a whole class.
 */
abstract class MaintenanceContract {

    /** Generous upper bound for waiting on another instance; tests assert what is seen, not how fast. */
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final String prefix = Databases.uniquePrefix();
    private final List<MaintenanceService> opened = new ArrayList<>();

    /** The JDBC URL of the database under test. */
    protected abstract String jdbcUrl();

    protected String user() {
        return null;
    }

    protected String password() {
        return null;
    }

    /** Builds one independent instance (its own pool) on the database under test. */
    protected MaintenanceService instance(UnaryOperator<Maintenance.Builder> customizer) {
        MaintenanceService service = customizer.apply(Maintenance.newBuilder()
                .jdbcUrl(jdbcUrl(), user(), password())
                .tablePrefix(prefix)
                .refreshInterval(Duration.ofMillis(100))).build();
        opened.add(service);
        return service;
    }

    protected MaintenanceService instance() {
        return instance(b -> b);
    }

    @AfterEach
    void closeInstances() {
        opened.forEach(MaintenanceService::close);
    }

    @Test
    void newService_isOffAtVersionZero_andFresh() {
        MaintenanceStatus status = instance().status();
        assertEquals(Mode.OFF, status.mode());
        assertEquals(Mode.OFF, status.effectiveMode());
        assertFalse(status.maintenance());
        assertEquals(0, status.version());
        assertFalse(status.stale());
        assertNotNull(status.lastRefreshed());
    }

    @Test
    void enable_setsModeMessageEndAndActor_andBumpsVersionByOne() {
        MaintenanceService service = instance();
        Instant until = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        MaintenanceStatus status = service.apply(MaintenanceChange.enable(Mode.READ_ONLY)
                .message("Upgrading the database").until(until).actor("alice").build());
        assertEquals(Mode.READ_ONLY, status.mode());
        assertEquals(Mode.READ_ONLY, status.effectiveMode());
        assertEquals("Upgrading the database", status.message());
        assertEquals(until, status.until());
        assertEquals(until, status.effectiveUntil());
        assertEquals("alice", status.changedBy());
        assertNotNull(status.since());
        assertEquals(1, status.version());
        assertTrue(status.timeRemaining().isPresent());

        MaintenanceStatus reread = service.refresh();
        assertEquals(status.mode(), reread.mode());
        assertEquals(status.message(), reread.message());
        assertEquals(status.until(), reread.until());
        assertEquals(status.since(), reread.since());
        assertEquals(1, reread.version());
    }

    @Test
    void enableWhileOn_keepsSince_andUpdatesModeAndMessage() {
        MaintenanceService service = instance();
        Instant since = service.enable(Mode.READ_ONLY, "first", "alice").since();
        MaintenanceStatus status = service.enable(Mode.FULL, "second", "bob");
        assertEquals(since, status.since());
        assertEquals(Mode.FULL, status.mode());
        assertEquals("second", status.message());
        assertEquals(2, status.version());
    }

    @Test
    void expectedDuration_resolvesToAnEndFromNow() {
        MaintenanceService service = instance();
        Instant before = Instant.now();
        MaintenanceStatus status = service.apply(MaintenanceChange.enable(Mode.FULL)
                .expectedDuration(Duration.ofMinutes(30)).build());
        assertTrue(!status.until().isBefore(before.plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MILLIS)));
    }

    @Test
    void disable_clearsMessageAndTimes_andHistoryReadsNewestFirst() {
        MaintenanceService service = instance();
        service.apply(MaintenanceChange.enable(Mode.FULL).message("down").actor("alice").origin(Origin.CLI)
                .clientAddress("10.0.0.7").build());
        MaintenanceStatus status = service.disable("bob");
        assertEquals(Mode.OFF, status.mode());
        assertNull(status.message());
        assertNull(status.since());
        assertNull(status.until());

        List<HistoryEntry> history = service.history(10);
        assertEquals(2, history.size());
        HistoryEntry newest = history.get(0);
        assertEquals(2, newest.version());
        assertEquals(Action.DISABLE, newest.action());
        assertEquals(Mode.FULL, newest.previousMode());
        assertEquals(Mode.OFF, newest.newMode());
        assertEquals("bob", newest.actor());
        assertEquals(Origin.CODE, newest.origin());
        HistoryEntry oldest = history.get(1);
        assertEquals(1, oldest.version());
        assertEquals(Action.ENABLE, oldest.action());
        assertEquals(Mode.OFF, oldest.previousMode());
        assertEquals(Mode.FULL, oldest.newMode());
        assertEquals("down", oldest.message());
        assertEquals("alice", oldest.actor());
        assertEquals(Origin.CLI, oldest.origin());
        assertEquals("10.0.0.7", oldest.clientAddress());
        assertNotNull(oldest.at());
        assertEquals(1, service.history(1).size());
    }

    @Test
    void expectedVersion_thatMatches_applies_andOneThatDoesNot_conflictsAndWritesNothing() {
        MaintenanceService service = instance();
        service.apply(MaintenanceChange.enable(Mode.FULL).expectedVersion(0).build());
        VersionConflictException conflict = assertThrows(VersionConflictException.class,
                () -> service.apply(MaintenanceChange.disable().expectedVersion(0).build()));
        assertEquals(0, conflict.expectedVersion());
        assertEquals(1, conflict.actualVersion());
        assertTrue(conflict.getMessage().contains("expected version 0"), conflict.getMessage());
        assertEquals(1, service.refresh().version());
        assertEquals(Mode.FULL, service.status().mode());
        assertEquals(1, service.history(10).size());
    }

    @Test
    void endInThePast_isRejectedNamingTheField_andWritesNothing() {
        MaintenanceService service = instance();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> service.apply(
                MaintenanceChange.enable(Mode.FULL).until(Instant.now().minusSeconds(5)).build()));
        assertTrue(e.getMessage().startsWith("until:"), e.getMessage());
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> service.apply(
                MaintenanceChange.schedule(new ScheduledWindow(Instant.now().minusSeconds(60),
                        Instant.now().minusSeconds(5), Mode.FULL, null)).build()));
        assertTrue(w.getMessage().startsWith("window.end:"), w.getMessage());
        assertEquals(0, service.refresh().version());
        assertTrue(service.history(10).isEmpty());
    }

    @Test
    void historyLimit_outOfRange_isRejected() {
        MaintenanceService service = instance();
        assertThrows(IllegalArgumentException.class, () -> service.history(0));
        assertThrows(IllegalArgumentException.class, () -> service.history(MaintenanceService.MAX_HISTORY_LIMIT + 1));
    }

    @Test
    void schedule_isStoredAndAnnounced_andCancelRemovesIt() {
        MaintenanceService service = instance();
        Instant start = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
        ScheduledWindow window = new ScheduledWindow(start, start.plus(Duration.ofHours(1)), Mode.FULL, "nightly");
        MaintenanceStatus status = service.apply(MaintenanceChange.schedule(window).actor("ops").build());
        assertEquals(window, status.window());
        assertEquals(window, status.upcomingWindow().orElseThrow());
        assertEquals(Mode.OFF, status.effectiveMode());
        assertEquals(window, service.refresh().window());
        assertEquals(Action.SCHEDULE, service.history(1).get(0).action());
        assertEquals(window, service.history(1).get(0).window());

        MaintenanceStatus cancelled = service.apply(MaintenanceChange.cancelSchedule().build());
        assertNull(cancelled.window());
        assertNull(service.refresh().window());
        assertEquals(Action.CANCEL_SCHEDULE, service.history(1).get(0).action());
    }

    @Test
    void serviceNames_keepSeparateRows() {
        MaintenanceService billing = instance(b -> b.serviceName("billing"));
        MaintenanceService shop = instance(b -> b.serviceName("shop"));
        billing.enable(Mode.FULL, null, "alice");
        assertEquals(Mode.OFF, shop.refresh().mode());
        assertEquals(0, shop.status().version());
        assertTrue(shop.history(10).isEmpty());
        assertEquals(Mode.FULL, billing.refresh().mode());
    }

    @Test
    void changeOnOneInstance_isSeenByAnother_andListenersFireOnBothWithTheirSource() {
        List<MaintenanceEvent> eventsA = new CopyOnWriteArrayList<>();
        List<MaintenanceEvent> eventsB = new CopyOnWriteArrayList<>();
        MaintenanceService a = instance(b -> b.addListener(eventsA::add));
        MaintenanceService b = instance(builder -> builder.addListener(eventsB::add));

        a.enable(Mode.FULL, "migrating", "alice");

        assertEquals(1, eventsA.size(), "the writer hears its change before apply returns");
        assertEquals(MaintenanceEvent.Source.LOCAL, eventsA.get(0).source());
        assertEquals(Mode.OFF, eventsA.get(0).previous().mode());
        assertEquals(Mode.FULL, eventsA.get(0).current().mode());
        awaitTrue(() -> b.effectiveMode() == Mode.FULL, "instance B never saw the change");
        awaitTrue(() -> eventsB.size() == 1, "instance B's listener never fired");
        assertEquals(MaintenanceEvent.Source.REMOTE, eventsB.get(0).source());
        assertEquals("migrating", b.status().message());
        assertEquals(1, eventsA.size(), "the writer does not hear its own change twice");
    }

    @Test
    void concurrentTogglesAcrossTwoInstances_loseNoUpdate_andLeaveGaplessHistory() throws Exception {
        MaintenanceService a = instance(b -> b.poolSize(4));
        MaintenanceService b = instance(builder -> builder.poolSize(4));
        int threads = 8;
        int toggles = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                MaintenanceService target = t % 2 == 0 ? a : b;
                String actor = "thread-" + t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < toggles; i++) {
                        if (i % 2 == 0) {
                            target.enable(Mode.FULL, "toggle " + i, actor);
                        } else {
                            target.disable(actor);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * toggles, a.refresh().version());
        List<HistoryEntry> history = a.history(MaintenanceService.MAX_HISTORY_LIMIT);
        assertEquals(threads * toggles, history.size());
        for (int i = 0; i < history.size(); i++) {
            assertEquals(threads * toggles - i, history.get(i).version(), "gap in history versions");
        }
    }

    /** Runs SQL straight on the database under test, as an operator with a SQL console would. */
    private void sql(String statement) {
        try (Connection c = user() == null ? DriverManager.getConnection(jdbcUrl())
                : DriverManager.getConnection(jdbcUrl(), user(), password());
                Statement s = c.createStatement()) {
            s.execute(statement.replace("${prefix}", prefix));
        } catch (SQLException e) {
            throw new AssertionError("cannot run " + statement + ": " + e.getMessage(), e);
        }
    }

    @Test
    void validateMode_onAnEmptyDatabase_failsNamingTheTables_andCreatesNothing() {
        MaintenanceException e = assertThrows(MaintenanceException.class,
                () -> instance(b -> b.schemaMode(SchemaMode.VALIDATE)));
        assertTrue(e.getMessage().contains(prefix + "intermission_schema"), e.getMessage());
        assertThrows(AssertionError.class, () -> sql("SELECT COUNT(*) FROM ${prefix}service_context"));
        instance().enable(Mode.FULL, null, "alice");
        assertEquals(Mode.FULL, instance(b -> b.schemaMode(SchemaMode.VALIDATE)).status().mode());
    }

    @Test
    void tablesOfANewerRelease_areRefusedAtStart() {
        instance();
        sql("UPDATE ${prefix}intermission_schema SET version = 99");
        MaintenanceException e = assertThrows(MaintenanceException.class, () -> instance());
        assertTrue(e.getMessage().contains("99"), e.getMessage());
    }

    @Test
    void deletedRow_isUnknownNotOff_onEveryInstance_andTheNextChangeRepairsItWithoutAGap() {
        MaintenanceService running = instance();
        running.enable(Mode.READ_ONLY, "Reindexing", "alice");
        running.disable("alice");
        sql("DELETE FROM ${prefix}service_context");
        MaintenanceService starting = instance();
        assertEquals(Mode.FULL, starting.effectiveMode(), "a missing row is unknown: the policy applies");
        assertTrue(starting.status().stale());
        awaitTrue(() -> running.effectiveMode() == Mode.FULL, "the running instance applies the policy too");
        MaintenanceStatus repaired = instance().disable("bob");
        assertEquals(3, repaired.version(), "versions continue the history");
        awaitTrue(() -> running.effectiveMode() == Mode.OFF && starting.effectiveMode() == Mode.OFF,
                "every instance serves again once the row is repaired");
        List<Long> versions = running.history(10).stream().map(HistoryEntry::version).toList();
        assertEquals(List.of(3L, 2L, 1L), versions);
    }

    @Test
    void corruptMode_isUnknownOnEveryInstance_andTheNextChangeRepairsIt() {
        MaintenanceService running = instance();
        running.enable(Mode.READ_ONLY, "Reindexing", "alice");
        sql("UPDATE ${prefix}service_context SET mode = 'BROKEN'");
        awaitTrue(() -> running.effectiveMode() == Mode.FULL, "a corrupt mode is noticed without a version change");
        MaintenanceService starting = instance();
        assertEquals(Mode.FULL, starting.effectiveMode(), "a new instance starts with the policy, it does not crash");
        MaintenanceStatus repaired = starting.enable(Mode.READ_ONLY, "Still reindexing", "bob");
        assertEquals(2, repaired.version());
        assertEquals(Mode.READ_ONLY, repaired.mode());
        awaitTrue(() -> running.effectiveMode() == Mode.READ_ONLY, "the running instance reads the repaired row");
    }

    @Test
    void aChangeMadeElsewhere_isOneInfoLineWithModeActorOriginAndMessage() {
        MaintenanceService running = instance();
        MaintenanceService operator = instance();
        try (LogCapture log = LogCapture.of("dev.intermission.Maintenance")) {
            operator.apply(MaintenanceChange.enable(Mode.READ_ONLY).message("Copying the catalogue").actor("alice")
                    .origin(Origin.CLI).build());
            running.refresh();
            List<String> lines = log.linesContaining("changed elsewhere");
            assertEquals(List.of("INFO Maintenance of 'default' changed elsewhere by alice via cli: read-only "
                    + "\"Copying the catalogue\" (version 1)"), lines, log.lines()::toString);
        }
    }

    @Test
    void repair_ofADeletedRow_rewritesItFromTheHistory_recordsItAsTheNextVersion_andKeepsTheState() {
        MaintenanceService running = instance();
        running.enable(Mode.READ_ONLY, "Reindexing", "alice");
        sql("DELETE FROM ${prefix}service_context");
        awaitTrue(() -> running.status().staleReason() != null
                && running.status().staleReason().contains("missing"), "the running instance names the fault");
        MaintenanceService operator = instance();
        MaintenanceStatus repaired;
        try (LogCapture log = LogCapture.of("dev.intermission.Maintenance")) {
            repaired = operator.repair("bob");
            List<String> lines = log.lines().stream().filter(l -> l.contains("repair")).toList();
            assertEquals(1, lines.size(), log.lines()::toString);
            assertTrue(lines.get(0).contains("repaired by bob") && lines.get(0).contains("missing"), lines.get(0));
        }
        assertEquals(2, repaired.version(), "the repair is the next version");
        assertEquals(Mode.READ_ONLY, repaired.mode(), "the state the history last recorded");
        assertEquals("Reindexing", repaired.message());
        assertEquals("bob", repaired.changedBy());
        assertNull(repaired.staleReason());
        HistoryEntry entry = operator.history(1).get(0);
        assertEquals(Action.REPAIR, entry.action());
        assertEquals(2, entry.version());
        assertEquals(Mode.READ_ONLY, entry.previousMode());
        assertEquals(Mode.READ_ONLY, entry.newMode());
        assertEquals(List.of(2L, 1L), operator.history(10).stream().map(HistoryEntry::version).toList());
        awaitTrue(() -> running.effectiveMode() == Mode.READ_ONLY && !running.status().stale(),
                "the running instance serves the repaired row");
        assertEquals(3, running.disable("alice").version(), "versions go on without a gap");
    }

    @Test
    void repair_ofACorruptMode_rewritesItFromTheHistory() {
        MaintenanceService running = instance();
        running.enable(Mode.FULL, "Upgrading", "alice");
        running.disable("alice");
        sql("UPDATE ${prefix}service_context SET mode = 'BROKEN'");
        MaintenanceService starting = instance();
        assertTrue(starting.status().staleReason().contains("BROKEN"), starting.status().staleReason());
        MaintenanceStatus repaired = starting.repair("bob");
        assertEquals(3, repaired.version());
        assertEquals(Mode.OFF, repaired.effectiveMode());
        assertEquals(Action.REPAIR, starting.history(1).get(0).action());
        awaitTrue(() -> running.effectiveMode() == Mode.OFF && !running.status().stale(),
                "the running instance serves the repaired row");
    }

    @Test
    void repair_ofAFineRow_writesNothing_andSaysSo() {
        MaintenanceService service = instance();
        assertEquals(0, service.repair("bob").version(), "never changed: nothing to repair");
        service.enable(Mode.FULL, "Upgrading", "alice");
        MaintenanceStatus same;
        try (LogCapture log = LogCapture.of("dev.intermission.Maintenance")) {
            same = service.repair("bob");
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("needs no repair")), log.lines()::toString);
        }
        assertEquals(1, same.version());
        assertEquals("alice", same.changedBy());
        assertEquals(1, service.history(10).size(), "no history entry");
        assertThrows(InvalidValueException.class, () -> service.repair(" "));
    }

    // ---- instances

    /** Inserts an instance row by hand, as an instance that then died (or anyone with access to the table) would. */
    private void insertInstanceRow(String id, String host, String version, Instant expiresAt) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), user(), password());
                java.sql.PreparedStatement s = c.prepareStatement("INSERT INTO " + prefix + "service_instance"
                        + " (service_name, instance_id, host_name, process_id, app_version, started_at, heartbeat_at,"
                        + " expires_at, state_version, effective_mode, stale, fail_safe, listening, in_flight_requests,"
                        + " in_flight_writes, in_flight_jobs, running_jobs)"
                        + " VALUES ('default', ?, ?, '1', ?, ?, ?, ?, 0, 'OFF', FALSE, FALSE, FALSE, 1, 1, 0, NULL)")) {
            java.time.LocalDateTime now = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC);
            s.setString(1, id);
            s.setString(2, host);
            s.setString(3, version);
            s.setObject(4, now);
            s.setObject(5, now);
            s.setObject(6, java.time.LocalDateTime.ofInstant(expiresAt, java.time.ZoneOffset.UTC));
            s.executeUpdate();
        }
    }

    private static ServiceInstance find(ClusterView view, String id) {
        return view.instances().stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
    }

    @Test
    void instances_listEveryRunningInstanceWithWhoItIs_andHowManyHoldTheCurrentVersion() {
        MaintenanceService a = instance(b -> b.instanceId("web-1").applicationVersion("1.4.2"));
        MaintenanceService b = instance(x -> x.instanceId("web-2"));
        ClusterView view = a.instances();
        assertEquals(2, view.live());
        ServiceInstance self = find(view, "web-1");
        assertTrue(self.local());
        assertEquals("1.4.2", self.applicationVersion());
        assertEquals(Long.toString(ProcessHandle.current().pid()), self.process());
        assertFalse(self.host().isBlank());
        assertNotNull(self.lastHeartbeat(), "registered at start");
        assertFalse(find(view, "web-2").local());
        assertNull(find(view, "web-2").applicationVersion());

        a.enable(Mode.FULL, "upgrade", "alice");
        awaitTrue(() -> {
            ClusterView v = a.instances();
            return v.currentVersion() == 1 && v.holdingCurrentVersion() == 2
                    && find(v, "web-2").effectiveMode() == Mode.FULL;
        }, "the other instance never reported the new version");
        awaitTrue(() -> b.instances().holdingCurrentVersion() == 2, "seen from the other instance, not both current");
    }

    @Test
    void inFlightWork_isReportedWithTheHeartbeat() {
        MaintenanceService a = instance(b -> b.instanceId("web-1"));
        MaintenanceService b = instance(x -> x.instanceId("web-2"));
        InFlightRequests three = new InFlightRequests() {
            @Override
            public int inFlight() {
                return 3;
            }

            @Override
            public int writesInFlight() {
                return 1;
            }
        };
        b.addInFlightRequests(three);
        assertEquals(3, find(b.instances(), "web-2").requestsInFlight(), "live on the instance itself");
        awaitTrue(() -> {
            ServiceInstance seen = find(a.instances(), "web-2");
            return seen.requestsInFlight() == 3 && seen.writesInFlight() == 1;
        }, "the requests in flight never reached the other instance");
        assertTrue(b.removeInFlightRequests(three));
        awaitTrue(() -> find(a.instances(), "web-2").requestsInFlight() == 0, "never drained");
    }

    @Test
    void cleanStop_deregisters_andADeadInstanceIsLeftOutOnceItsLeaseEnds() throws SQLException {
        MaintenanceService a = instance(b -> b.instanceId("web-1"));
        MaintenanceService b = instance(x -> x.instanceId("web-2"));
        assertEquals(2, a.instances().live());
        b.close();
        assertEquals(List.of("web-1"), a.instances().instances().stream().map(ServiceInstance::id).toList());

        insertInstanceRow("killed-1", "host-k", null, Instant.now().plusMillis(500));
        assertNotNull(find(a.instances(), "killed-1"), "listed while its lease runs");
        awaitTrue(() -> find(a.instances(), "killed-1") == null, "a dead instance stayed listed after its lease");
    }

    @Test
    void textOfAnInstanceRow_isShownBoundedAndWithoutControlCharacters() throws SQLException {
        MaintenanceService a = instance(b -> b.instanceId("web-1"));
        insertInstanceRow("odd-1", "evil\u001b[31mhost", "v\u0007" + "x".repeat(90), Instant.now().plusSeconds(60));
        ServiceInstance odd = find(a.instances(), "odd-1");
        assertEquals("evil?[31mhost", odd.host());
        assertEquals("v?" + "x".repeat(90), odd.applicationVersion());
        assertFalse(odd.local());
        assertEquals(1, odd.requestsInFlight());
    }

    static void awaitTrue(BooleanSupplier condition, String failure) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
