package dev.intermission.example;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import dev.intermission.MaintenanceService;
import dev.intermission.background.PausePolicy;

/**
 * The example's background job: every few seconds it records in {@code order_audit} how many orders there are.
 * Its executor is wrapped by the maintenance service's {@link MaintenanceService#background() background work}
 * with {@link PausePolicy#SKIP}: while maintenance is on, runs that fall due are skipped, and a run in progress
 * counts as this instance's work in flight, so a migration window waits for it.
 */
public final class OrderAudit implements AutoCloseable {

    /** The job's name, as operators see it among an instance's running jobs. */
    public static final String NAME = "order-audit";
    /** How often the job runs in the example. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(OrderAudit.class.getName());

    private final DataSource pool;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean failing = new AtomicBoolean();

    private OrderAudit(DataSource pool, MaintenanceService service) {
        this.pool = pool;
        ScheduledExecutorService raw = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "example-" + NAME);
            t.setDaemon(true);
            return t;
        });
        this.executor = service.background().wrap(NAME, raw, PausePolicy.SKIP);
    }

    /**
     * Starts the job: a first run now, then one every interval, each skipped while maintenance is on.
     *
     * @param pool     the application's pool, whose schema holds {@code order_audit}
     * @param service  the maintenance state that pauses the job
     * @param interval between runs, positive
     * @return the running job; close it to stop it
     * @throws IllegalArgumentException when the interval is not positive
     */
    public static OrderAudit start(DataSource pool, MaintenanceService service, Duration interval) {
        if (interval == null || interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval: must be positive, was " + interval);
        }
        OrderAudit audit = new OrderAudit(pool, service);
        audit.executor.scheduleWithFixedDelay(audit::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "Background job {0} started: every {1}, skipped while maintenance is on", NAME,
                dev.intermission.Values.text(interval));
        return audit;
    }

    /** One run; a failure is logged once until a run succeeds again, and never stops the schedule. */
    private void runOnce() {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO order_audit (id, recorded_at, order_count)"
                        + " SELECT ?, ?, COUNT(*) FROM orders")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.executeUpdate();
            if (failing.compareAndSet(true, false)) {
                LOG.log(Level.INFO, "Background job {0} writes again", NAME);
            }
        } catch (SQLException | RuntimeException e) {
            if (failing.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "Background job {0} cannot write its row: {1}; it tries again at its next "
                        + "run", NAME, String.valueOf(e.getMessage()));
            }
        }
    }

    /** Stops the job, waiting briefly for a run in progress. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
