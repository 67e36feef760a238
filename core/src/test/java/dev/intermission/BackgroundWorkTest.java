package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.intermission.background.BackgroundJob;
import dev.intermission.background.BackgroundTask;
import dev.intermission.background.BackgroundWork;
import dev.intermission.background.PausePolicy;
import dev.intermission.testing.Databases;

/** Background work pauses while maintenance is on, per task: skipped, deferred or run anyway; running jobs count. */
class BackgroundWorkTest {

    private MaintenanceService service;
    private BackgroundWork background;
    private ScheduledExecutorService pool;

    @BeforeEach
    void start() {
        service = Maintenance.newBuilder().dataSource(Databases.newH2()).instanceId("worker")
                .refreshInterval(Duration.ofMillis(50)).build();
        background = service.background();
        pool = Executors.newScheduledThreadPool(2);
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        service.close();
    }

    private ServiceInstance self() {
        return service.instances().instances().get(0);
    }

    @Test
    void guardedJob_runsAndCountsWhileOff_andIsRefusedWhileOn() {
        try (BackgroundJob job = background.start("nightly-report")) {
            assertTrue(job.allowed());
            assertFalse(job.maintenanceOn());
            assertEquals(1, background.running());
            assertEquals(List.of("nightly-report"), background.runningJobs());
            ServiceInstance self = self();
            assertEquals(1, self.jobsInFlight());
            assertEquals(List.of("nightly-report"), self.runningJobs());
            service.enable(Mode.READ_ONLY, "upgrade", "alice");
            assertTrue(job.maintenanceOn(), "a running job learns maintenance came on");
            assertEquals(1, background.running(), "it keeps counting until it ends");
        }
        assertEquals(0, background.running());
        try (BackgroundJob refused = background.start("nightly-report")) {
            assertFalse(refused.allowed());
            assertEquals(0, background.running(), "a refused job is not counted");
        }
        AtomicInteger ran = new AtomicInteger();
        assertFalse(background.runIfOpen("cleanup", ran::incrementAndGet));
        service.disable("alice");
        assertTrue(background.runIfOpen("cleanup", ran::incrementAndGet));
        assertEquals(1, ran.get());
    }

    @Test
    void jobNames_areChecked() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> background.start(" "));
        assertEquals("name", e.field());
        assertThrows(InvalidValueException.class, () -> background.start("bad\nname"));
        assertThrows(InvalidValueException.class, () -> background.start("x".repeat(101)));
        assertThrows(InvalidValueException.class, () -> BackgroundTask.of("ok", null, () -> { }));
        assertThrows(InvalidValueException.class, () -> background.wrap("ok", pool, null));
    }

    @Test
    void skippedTask_doesNotRunWhileOn_andItsFutureIsCancelled() throws Exception {
        ScheduledExecutorService jobs = background.wrap("mailer", pool, PausePolicy.SKIP);
        service.enable(Mode.FULL, "upgrade", "alice");
        AtomicInteger ran = new AtomicInteger();
        Future<?> submitted = jobs.submit(ran::incrementAndGet);
        ScheduledFuture<?> scheduled = jobs.schedule(ran::incrementAndGet, 10, TimeUnit.MILLISECONDS);
        assertThrows(CancellationException.class, () -> submitted.get(10, TimeUnit.SECONDS));
        assertThrows(CancellationException.class, () -> scheduled.get(10, TimeUnit.SECONDS));
        assertEquals(0, ran.get());

        service.disable("alice");
        assertEquals(1, jobs.submit(ran::incrementAndGet).get(10, TimeUnit.SECONDS));
        assertEquals(0, background.deferred());
    }

    @Test
    void deferredTask_runsOnceMaintenanceIsOff() throws Exception {
        ScheduledExecutorService jobs = background.wrap("mailer", pool, PausePolicy.DEFER);
        service.enable(Mode.FULL, "upgrade", "alice");
        AtomicInteger ran = new AtomicInteger();
        Future<Integer> submitted = jobs.submit(ran::incrementAndGet);
        MaintenanceContract.awaitTrue(() -> background.deferred() == 1, "not deferred");
        assertFalse(submitted.isDone());
        assertEquals(0, ran.get());

        service.disable("alice");
        assertEquals(1, submitted.get(10, TimeUnit.SECONDS));
        assertEquals(0, background.deferred());
    }

    @Test
    void taskMarkedRun_runsAnywayAndIsNotCounted_whileOthersWait() throws Exception {
        ScheduledExecutorService jobs = background.wrap("mailer", pool, PausePolicy.SKIP);
        service.enable(Mode.FULL, "upgrade", "alice");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> safe = jobs.submit(BackgroundTask.of("health-ping", PausePolicy.RUN, () -> {
            inside.countDown();
            await(release);
        }));
        assertTrue(inside.await(10, TimeUnit.SECONDS), "a RUN task runs during maintenance");
        assertEquals(0, background.running(), "and does not count as a job the window waits for");
        release.countDown();
        safe.get(10, TimeUnit.SECONDS);
    }

    @Test
    void periodicTask_skipsItsRunsWhileOn_andDeferredOneCatchesUpOnce() throws Exception {
        ScheduledExecutorService jobs = background.wrap("sync", pool, PausePolicy.SKIP);
        AtomicInteger skipping = new AtomicInteger();
        AtomicInteger deferring = new AtomicInteger();
        ScheduledFuture<?> a = jobs.scheduleAtFixedRate(skipping::incrementAndGet, 0, 10, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> b = jobs.scheduleWithFixedDelay(BackgroundTask.of("catch-up", PausePolicy.DEFER,
                deferring::incrementAndGet), 0, 10, TimeUnit.MILLISECONDS);
        MaintenanceContract.awaitTrue(() -> skipping.get() > 0 && deferring.get() > 0, "never ran");
        service.enable(Mode.FULL, "upgrade", "alice");
        MaintenanceContract.awaitTrue(() -> background.deferred() == 1, "the periodic run was not deferred");
        int skippedAt = skipping.get();
        int deferredAt = deferring.get();
        Thread.sleep(100);
        assertEquals(skippedAt, skipping.get(), "ran while maintenance was on");
        assertEquals(deferredAt, deferring.get(), "ran while maintenance was on");
        assertEquals(1, background.deferred(), "missed periodic runs count as one");
        service.disable("alice");
        MaintenanceContract.awaitTrue(() -> skipping.get() > skippedAt && deferring.get() > deferredAt,
                "did not resume");
        a.cancel(false);
        b.cancel(false);
    }

    @Test
    void plainExecutorWrapper_pausesToo() throws Exception {
        ExecutorService plain = Executors.newSingleThreadExecutor();
        try {
            Executor jobs = background.wrap("importer", (Executor) plain, PausePolicy.DEFER);
            service.enable(Mode.READ_ONLY, "upgrade", "alice");
            CountDownLatch ran = new CountDownLatch(1);
            jobs.execute(ran::countDown);
            MaintenanceContract.awaitTrue(() -> background.deferred() == 1, "not deferred");
            assertEquals(1, ran.getCount());
            service.disable("alice");
            assertTrue(ran.await(10, TimeUnit.SECONDS));
        } finally {
            plain.shutdownNow();
        }
    }

    @Test
    void runningTask_isReportedWithItsName_andScheduledOnesAreNotRunUntilOff() throws Exception {
        ScheduledExecutorService jobs = background.wrap("mailer", pool, PausePolicy.SKIP);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> running = jobs.submit(BackgroundTask.of("invoice-run", PausePolicy.SKIP, () -> {
            inside.countDown();
            await(release);
        }));
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("invoice-run"), self().runningJobs());
        release.countDown();
        running.get(10, TimeUnit.SECONDS);
        assertEquals(0, self().jobsInFlight());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
