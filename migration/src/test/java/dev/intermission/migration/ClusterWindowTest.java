package dev.intermission.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.api.Test;

import dev.intermission.InFlightRequests;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.ServiceInstance;
import dev.intermission.background.BackgroundJob;
import dev.intermission.background.PausePolicy;
import dev.intermission.migration.internal.WindowRunner;
import dev.intermission.testing.Await;
import dev.intermission.testing.Databases;
import dev.intermission.testing.ForwardingDataSource;
import dev.intermission.testing.LogCapture;
import dev.intermission.testing.TcpForwarder;

/**
 * A window waits for acknowledgements, not time: on a real PostgreSQL with several instances, it migrates only
 * once every live instance holds its version and has nothing in flight, or has left.
 */
class ClusterWindowTest {

    private static final Duration INTERVAL = Duration.ofMillis(100);
    /**
     * The lease of the instances that die or are cut off: long enough that a window started right after (on a
     * busy machine) still finds them listed, so it is seen waiting for them.
     */
    private static final Duration LEASE = Duration.ofSeconds(4);

    private final List<MaintenanceService> opened = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();

    @AfterEach
    void close() {
        opened.forEach(MaintenanceService::close);
    }

    private MaintenanceService instance(DataSource ds, String id) {
        MaintenanceService s = Maintenance.newBuilder().dataSource(ds).instanceId(id).refreshInterval(INTERVAL)
                .build();
        opened.add(s);
        return s;
    }

    /** A migrator that notes, in the test's sequence, when its first statement is about to run. */
    private class Noting implements SchemaMigrator {
        private final SchemaMigrator delegate;
        final AtomicLong startedAt = new AtomicLong();

        Noting(SchemaMigrator delegate) {
            this.delegate = delegate;
        }

        @Override
        public MigrationPlan plan() {
            return delegate.plan();
        }

        @Override
        public List<AppliedMigration> migrate() {
            startedAt.set(sequence.incrementAndGet());
            return delegate.migrate();
        }
    }

    private static ServiceInstance find(MaintenanceService from, String id) {
        return from.instances().instances().stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
    }

    @Test
    void requestInFlightOnAnotherInstance_holdsTheWindowUntilItEnds_andTheMigrationRunsAfter() throws Exception {
        DataSource ds = Databases.newPostgres();
        MaintenanceService a = instance(ds, "web-a");
        MaintenanceService b = instance(ds, "web-b");
        AtomicInteger running = new AtomicInteger(1);
        b.addInFlightRequests(running::get);
        Noting migrator = new Noting(new SqlMigrator(ds).add("1", "CREATE TABLE orders (id INT)"));

        MigrationLaunch launch = MigrationWindow.newBuilder(a, migrator).drainTimeout(Duration.ofSeconds(60))
                .actor("deploy").build().start();
        Await.until(() -> b.effectiveMode() == Mode.FULL, "B never saw the window's change");
        Await.until(() -> {
            ServiceInstance seen = find(a, "web-b");
            return seen.stateVersion() == 1 && seen.requestsInFlight() == 1;
        }, "B never reported the new version with its request");
        Thread.sleep(INTERVAL.multipliedBy(5).toMillis());
        assertEquals(0, migrator.startedAt.get(), "migrated while a request was still running on B");

        long released = sequence.incrementAndGet();
        running.set(0);
        MigrationResult result = launch.completion().get(60, TimeUnit.SECONDS);

        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
        assertTrue(migrator.startedAt.get() > released, "the migration's first statement ran before the request ended");
        assertEquals(Mode.OFF, b.refresh().effectiveMode());
        MigrationRecord record = MigrationHistory.of(a).find(result.windowId()).orElseThrow();
        assertEquals(1, record.heldUpBy().size(), record.heldUpBy().toString());
        InstanceWait wait = record.heldUpBy().get(0);
        assertEquals("web-b", wait.instanceId());
        assertTrue(wait.reason().contains("1 request in flight"), wait.reason());
        assertEquals(InstanceWait.Outcome.READY, wait.outcome());
        assertEquals(record.heldUpBy().get(0).instanceId(), result.heldUpBy().get(0).instanceId());
    }

    @Test
    void readOnlyWindow_waitsForWritesOnly() throws Exception {
        DataSource ds = Databases.newPostgres();
        MaintenanceService a = instance(ds, "web-a");
        MaintenanceService b = instance(ds, "web-b");
        AtomicInteger writes = new AtomicInteger(1);
        b.addInFlightRequests(new InFlightRequests() {
            @Override
            public int inFlight() {
                return 5 + writes.get();
            }

            @Override
            public int writesInFlight() {
                return writes.get();
            }
        });
        Noting migrator = new Noting(new SqlMigrator(ds).add("1", "CREATE TABLE orders (id INT)"));
        MigrationLaunch launch = MigrationWindow.newBuilder(a, migrator).mode(Mode.READ_ONLY)
                .drainTimeout(Duration.ofSeconds(60)).build().start();
        Await.until(() -> find(a, "web-b").stateVersion() == 1, "B never acknowledged");
        Thread.sleep(INTERVAL.multipliedBy(3).toMillis());
        assertEquals(0, migrator.startedAt.get(), "migrated while a write was still running on B");
        long released = sequence.incrementAndGet();
        writes.set(0);

        MigrationResult result = launch.completion().get(60, TimeUnit.SECONDS);
        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
        assertTrue(migrator.startedAt.get() > released);
        assertTrue(result.heldUpBy().get(0).reason().contains("1 write in flight"), result.heldUpBy().toString());
    }

    @Test
    void killedInstance_holdsTheWindowUntilItsLeaseEnds_thenTheWindowProceeds() throws Exception {
        String url = Databases.newPostgresDatabase();
        DataSource ds = Databases.postgres().getDatabase("postgres", url.replaceAll(".*/([^?]+).*", "$1"));
        MaintenanceService a = instance(ds, "web-a");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                InstanceMain.class.getName(), url, "postgres", "web-killed", Long.toString(LEASE.toMillis()))
                .redirectError(Path.of("target", "killed-instance-stderr.txt").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("ready"), "the child did not start: " + line);
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        ServiceInstance killed = find(a, "web-killed");
        assertTrue(killed != null, "the killed instance is still listed: it never deregistered");
        AtomicReference<Instant> migratedAt = new AtomicReference<>();
        SchemaMigrator migrator = new Noting(new SqlMigrator(ds).add("1", "CREATE TABLE t (id INT)")) {
            @Override
            public List<AppliedMigration> migrate() {
                migratedAt.set(Instant.now());
                return super.migrate();
            }
        };

        MigrationResult result = MigrationWindow.newBuilder(a, migrator).drainTimeout(Duration.ofSeconds(60)).build()
                .run();

        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
        assertTrue(!migratedAt.get().isBefore(killed.expiresAt()), "migrated at " + migratedAt.get()
                + ", before the killed instance's lease ended at " + killed.expiresAt());
        assertEquals(1, result.heldUpBy().size(), result.heldUpBy().toString());
        InstanceWait wait = result.heldUpBy().get(0);
        assertEquals("web-killed", wait.instanceId());
        assertEquals(InstanceWait.Outcome.GONE, wait.outcome());
        assertTrue(wait.reason().startsWith("had not acknowledged version 1"), wait.reason());
        assertEquals(null, find(a, "web-killed"));
    }

    @Test
    void windowWithNoOtherInstance_waitsForNothingButItsOwnWork() throws Exception {
        DataSource ds = Databases.newPostgres();
        // With an hour's refresh interval and margin, a window that waited for time would never end in this test.
        MaintenanceService alone = Maintenance.newBuilder().dataSource(ds).refreshInterval(Duration.ofHours(1))
                .build();
        opened.add(alone);
        MigrationLaunch launch = MigrationWindow.newBuilder(alone, new SqlMigrator(ds).add("1", "CREATE TABLE t (id INT)"))
                .propagationMargin(Duration.ofHours(1)).build().start();
        MigrationResult result = launch.completion().get(60, TimeUnit.SECONDS);
        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
        assertEquals(List.of(), result.heldUpBy());
    }

    @Test
    void instanceTableUnreadable_fallsBackToTheRefreshIntervalPlusTheMargin() throws Exception {
        DataSource plain = Databases.newPostgres();
        DataSource noInstances = new ForwardingDataSource(plain) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection c = super.getConnection();
                return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("prepareStatement") && String.valueOf(args[0])
                                    .contains("service_instance") && String.valueOf(args[0]).startsWith("SELECT")) {
                                throw new SQLException("permission denied for table service_instance", "42501");
                            }
                            try {
                                return method.invoke(c, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
        MaintenanceService a = instance(noInstances, "web-a");
        try (LogCapture log = LogCapture.of(WindowRunner.class)) {
            MigrationResult result = MigrationWindow.newBuilder(a, new SqlMigrator(plain).add("1", "CREATE TABLE t (id INT)"))
                    .propagationMargin(Duration.ofMillis(50)).build().run();
            assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
            assertEquals(1, log.linesContaining("instead of acknowledgements").size(), log.lines().toString());
        }
    }

    @Test
    void instanceStillBusyAtTheDrainTimeout_abortsNamingItAndWhatItRuns_orProceedsWhenToldTo() {
        DataSource ds = Databases.newPostgres();
        MaintenanceService a = instance(ds, "web-a");
        MaintenanceService b = instance(ds, "web-b");
        b.addInFlightRequests(() -> 2);
        SqlMigrator migrator = new SqlMigrator(ds).add("1", "CREATE TABLE orders (id INT)");

        MigrationResult aborted = MigrationWindow.newBuilder(a, migrator).drainTimeout(Duration.ofSeconds(1))
                .build().run();
        assertEquals(MigrationOutcome.FAILED, aborted.outcome());
        assertEquals(MigrationPhase.DRAIN, aborted.failedPhase());
        assertTrue(aborted.error().contains("web-b") && aborted.error().contains("2 requests in flight"),
                aborted.error());
        assertEquals(List.of(), aborted.applied());
        assertEquals(Mode.FULL, a.status().mode(), "maintenance stays on");
        MigrationRecord record = MigrationHistory.of(a).find(aborted.windowId()).orElseThrow();
        assertEquals(InstanceWait.Outcome.TIMED_OUT, record.heldUpBy().get(0).outcome());

        MigrationResult proceeded = MigrationWindow.newBuilder(a, migrator).drainTimeout(Duration.ofSeconds(1))
                .drainPolicy(DrainPolicy.PROCEED).build().run();
        assertEquals(MigrationOutcome.SUCCEEDED, proceeded.outcome(), proceeded.error());
        assertEquals("web-b", proceeded.heldUpBy().get(0).instanceId());
        assertEquals(InstanceWait.Outcome.TIMED_OUT, proceeded.heldUpBy().get(0).outcome());
    }

    @Test
    void instanceCutOffFromTheDatabase_stopsServingWritesWithinItsLease_andTheWindowProceedsOnlyAfter()
            throws Exception {
        String url = Databases.newPostgresDatabase();
        String database = url.replaceAll(".*/([^?]+).*", "$1");
        DataSource direct = Databases.postgres().getDatabase("postgres", database);
        try (TcpForwarder network = new TcpForwarder(Databases.postgres().getPort())) {
            PGSimpleDataSource throughNetwork = new PGSimpleDataSource();
            throughNetwork.setURL("jdbc:postgresql://127.0.0.1:" + network.port() + "/" + database);
            throughNetwork.setUser("postgres");
            throughNetwork.setConnectTimeout(1);
            MaintenanceService a = instance(direct, "web-a");
            MaintenanceService b = Maintenance.newBuilder().dataSource(throughNetwork).instanceId("web-b")
                    .refreshInterval(INTERVAL).instanceLease(LEASE).build();
            opened.add(b);
            Await.until(() -> find(a, "web-b") != null && b.effectiveMode() == Mode.OFF, "B never registered");

            AtomicReference<Mode> bWhenMigrating = new AtomicReference<>();
            SchemaMigrator migrator = new Noting(new SqlMigrator(direct).add("1", "CREATE TABLE t (id INT)")) {
                @Override
                public List<AppliedMigration> migrate() {
                    bWhenMigrating.set(b.effectiveMode());
                    return super.migrate();
                }
            };
            network.cut();
            MigrationResult result = MigrationWindow.newBuilder(a, migrator).drainTimeout(Duration.ofSeconds(60))
                    .build().run();

            assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
            assertEquals(Mode.READ_ONLY, bWhenMigrating.get(), "B could still serve writes when the migration began");
            assertTrue(b.status().failSafe());
            InstanceWait wait = result.heldUpBy().get(0);
            assertEquals("web-b", wait.instanceId());
            assertEquals(InstanceWait.Outcome.GONE, wait.outcome());
        }
    }

    @Test
    void backgroundJobRunningOnAnotherInstance_holdsTheWindowUntilItEnds_andScheduledOnesWaitForTheEnd()
            throws Exception {
        DataSource ds = Databases.newPostgres();
        MaintenanceService a = instance(ds, "web-a");
        MaintenanceService b = instance(ds, "web-b");
        ScheduledExecutorService pool = Executors.newSingleThreadScheduledExecutor();
        try {
            ScheduledExecutorService jobs = b.background().wrap("orders-writer", pool, PausePolicy.DEFER);
            BackgroundJob invoiceRun = b.background().start("invoice-run");
            assertTrue(invoiceRun.allowed());
            Noting migrator = new Noting(new SqlMigrator(ds).add("1", "CREATE TABLE orders (id INT)"));

            MigrationLaunch launch = MigrationWindow.newBuilder(a, migrator).drainTimeout(Duration.ofSeconds(60))
                    .build().start();
            Await.until(() -> {
                ServiceInstance seen = find(a, "web-b");
                return seen.stateVersion() == 1 && seen.jobsInFlight() == 1;
            }, "B never reported the new version with its running job");
            AtomicLong wroteAt = new AtomicLong();
            Future<?> scheduled = jobs.submit(() -> wroteAt.set(sequence.incrementAndGet()));
            Thread.sleep(INTERVAL.multipliedBy(5).toMillis());
            assertEquals(0, migrator.startedAt.get(), "migrated while a job was still running on B");
            assertEquals(0, wroteAt.get(), "a scheduled job ran during maintenance");
            assertTrue(invoiceRun.maintenanceOn(), "the running job can see it should stop");

            long released = sequence.incrementAndGet();
            invoiceRun.close();
            MigrationResult result = launch.completion().get(60, TimeUnit.SECONDS);

            assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
            assertTrue(migrator.startedAt.get() > released, "the migration ran before the job ended");
            InstanceWait wait = result.heldUpBy().get(0);
            assertEquals("web-b", wait.instanceId());
            assertTrue(wait.reason().contains("1 background job running (invoice-run)"), wait.reason());
            scheduled.get(30, TimeUnit.SECONDS);
            assertTrue(wroteAt.get() > migrator.startedAt.get(), "the deferred job ran only after the window");
        } finally {
            pool.shutdownNow();
        }
    }
}
