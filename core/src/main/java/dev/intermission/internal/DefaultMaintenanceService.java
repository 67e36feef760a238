package dev.intermission.internal;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.intermission.HistoryEntry;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceEvent;
import dev.intermission.MaintenanceException;
import dev.intermission.MaintenanceListener;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;
import dev.intermission.UnknownStatePolicy;

/**
 * The default {@link MaintenanceService}: an immutable snapshot in a volatile field for the request path, a
 * single daemon thread that polls the row's version, and writes that go through the database and then replace
 * the snapshot.
 */
public final class DefaultMaintenanceService implements MaintenanceService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultMaintenanceService.class);

    /** Everything the builder collected, validated. */
    public record Settings(DataSource dataSource, String jdbcUrl, String jdbcUser, String jdbcPassword,
            String serviceName, Duration refreshInterval, InstantSource timeSource,
            UnknownStatePolicy unknownStatePolicy, String tablePrefix, boolean createSchema, int poolSize,
            Duration connectionTimeout, List<MaintenanceListener> listeners) {
    }

    /** What the request path reads: the last row read (null if never), and how fresh it is. */
    private record Snapshot(StateRow row, Instant lastRefreshed, long lastSuccessNanos, boolean failing) {
    }

    private final Settings settings;
    private final DataSource dataSource;
    private final HikariDataSource ownPool;
    private final Jdbi jdbi;
    private final ServiceContextRepository repository;
    private final InstantSource clock;
    private final String serviceName;
    private final long staleAfterNanos;
    private final int queryTimeoutSeconds;
    private final List<MaintenanceListener> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ScheduledExecutorService refresher;
    private volatile Snapshot snapshot;
    private volatile boolean schemaReady;
    private volatile boolean closed;

    private DefaultMaintenanceService(Settings settings, DataSource dataSource, HikariDataSource ownPool) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.ownPool = ownPool;
        this.jdbi = Jdbi.create(dataSource);
        this.repository = new ServiceContextRepository(jdbi, new Tables(settings.tablePrefix()));
        this.clock = settings.timeSource();
        this.serviceName = settings.serviceName();
        // A refresh that has not succeeded for three intervals (a hung or failing database) marks the state stale.
        this.staleAfterNanos = settings.refreshInterval().toNanos() * 3;
        this.queryTimeoutSeconds = (int) Math.max(1, settings.refreshInterval().multipliedBy(2).toSeconds());
        this.listeners.addAll(settings.listeners());
        this.snapshot = new Snapshot(null, null, System.nanoTime(), false);
        this.schemaReady = !settings.createSchema();
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "intermission-refresh-" + settings.serviceName());
            t.setDaemon(true);
            return t;
        });
    }

    /** Builds the service, reads the state once, and starts the refresher. */
    public static DefaultMaintenanceService start(Settings settings) {
        HikariDataSource ownPool = null;
        DataSource dataSource = settings.dataSource();
        if (dataSource == null) {
            ownPool = openPool(settings);
            dataSource = ownPool;
        }
        DefaultMaintenanceService service = new DefaultMaintenanceService(settings, dataSource, ownPool);
        try {
            service.refreshOrDegrade();
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        long interval = settings.refreshInterval().toNanos();
        service.refresher.scheduleWithFixedDelay(service::refreshQuietly, interval, interval, TimeUnit.NANOSECONDS);
        return service;
    }

    private static HikariDataSource openPool(Settings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.jdbcUser());
        config.setPassword(settings.jdbcPassword());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(settings.connectionTimeout().toMillis(), 1000));
        // Start even when the database is down: the unknown-state policy applies until it answers.
        config.setInitializationFailTimeout(-1);
        config.setPoolName("intermission-" + settings.serviceName());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("jdbcUrl: cannot open a pool: " + e.getMessage(), e);
        }
    }

    /** The first read: a connection failure degrades to the unknown-state policy, anything else fails the build. */
    private void refreshOrDegrade() {
        try {
            refresh();
        } catch (MaintenanceException e) {
            if (!isConnectionFailure(e)) {
                throw e;
            }
            // refresh() has logged the outage once already.
        }
    }

    private void refreshQuietly() {
        if (closed) {
            return;
        }
        try {
            long version = checkedVersion();
            Snapshot s = snapshot;
            if (s.row() == null || version != s.row().version()) {
                install(repository.read(serviceName, queryTimeoutSeconds), MaintenanceEvent.Source.REMOTE);
            } else {
                markSuccess();
            }
        } catch (RuntimeException e) {
            markFailure(e);
        }
    }

    private long checkedVersion() {
        ensureSchema();
        return repository.readVersion(serviceName, queryTimeoutSeconds);
    }

    private void ensureSchema() {
        if (!schemaReady) {
            Schema.migrate(dataSource, repository.tables());
            schemaReady = true;
        }
    }

    @Override
    public MaintenanceStatus refresh() {
        try {
            ensureSchema();
            install(repository.read(serviceName, queryTimeoutSeconds), MaintenanceEvent.Source.REMOTE);
            return status();
        } catch (RuntimeException e) {
            markFailure(e);
            throw new MaintenanceException("cannot read the maintenance state of '" + serviceName + "': "
                    + rootMessage(e), e);
        }
    }

    @Override
    public MaintenanceStatus apply(MaintenanceChange change) {
        if (change == null) {
            throw new IllegalArgumentException("change: must not be null");
        }
        if (closed) {
            throw new IllegalStateException("the maintenance service is closed");
        }
        // The database keeps milliseconds; so does every timestamp this instance hands out after a write.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        StateTransitions.validate(change, now);
        writeLock.lock();
        try {
            StateRow row;
            try {
                ensureSchema();
                row = repository.apply(serviceName, change, now);
            } catch (MaintenanceException | IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new MaintenanceException("cannot change the maintenance state of '" + serviceName + "': "
                        + rootMessage(e), e);
            }
            install(row, MaintenanceEvent.Source.LOCAL);
            return statusOf(snapshot, clock.instant());
        } finally {
            writeLock.unlock();
        }
    }

    /** Replaces the snapshot if the row is newer, and tells the listeners. */
    private void install(StateRow row, MaintenanceEvent.Source source) {
        writeLock.lock();
        try {
            Snapshot before = snapshot;
            boolean newer = before.row() == null || row.version() > before.row().version();
            if (before.failing()) {
                LOG.info("Maintenance state of '{}' readable again", serviceName);
            }
            Snapshot after = new Snapshot(newer ? row : before.row(), clock.instant(), System.nanoTime(), false);
            snapshot = after;
            if (newer && before.row() != null) {
                Instant now = clock.instant();
                fire(new MaintenanceEvent(statusOf(before, now), statusOf(after, now), source));
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void markSuccess() {
        Snapshot s = snapshot;
        if (s.failing()) {
            LOG.info("Maintenance state of '{}' readable again", serviceName);
        }
        snapshot = new Snapshot(s.row(), clock.instant(), System.nanoTime(), false);
    }

    /** Marks the snapshot stale; logs once per outage (on the transition), never per request or per retry. */
    private void markFailure(RuntimeException e) {
        Snapshot s = snapshot;
        if (s.failing()) {
            return;
        }
        snapshot = new Snapshot(s.row(), s.lastRefreshed(), s.lastSuccessNanos(), true);
        if (s.row() == null) {
            LOG.warn("Maintenance state of '{}' cannot be read ({}); assuming {} until it can",
                    serviceName, rootMessage(e), settings.unknownStatePolicy());
        } else {
            LOG.warn("Maintenance state of '{}' cannot be refreshed ({}); serving the state read at {}",
                    serviceName, rootMessage(e), s.lastRefreshed());
        }
    }

    private void fire(MaintenanceEvent event) {
        for (MaintenanceListener listener : listeners) {
            try {
                listener.onChange(event);
            } catch (RuntimeException e) {
                LOG.warn("Maintenance listener {} failed on {}", listener, event, e);
            }
        }
    }

    @Override
    public MaintenanceStatus status() {
        return statusOf(snapshot, clock.instant());
    }

    @Override
    public Mode effectiveMode() {
        StateRow row = snapshot.row();
        if (row == null) {
            return settings.unknownStatePolicy() == UnknownStatePolicy.ASSUME_FULL ? Mode.FULL : Mode.OFF;
        }
        if (row.window() == null) {
            return row.mode();
        }
        return row.window().isActiveAt(clock.instant()) ? Mode.strictest(row.mode(), row.window().mode())
                : row.mode();
    }

    private MaintenanceStatus statusOf(Snapshot s, Instant now) {
        boolean stale = s.failing() || System.nanoTime() - s.lastSuccessNanos() > staleAfterNanos;
        StateRow row = s.row();
        if (row == null) {
            Mode assumed = settings.unknownStatePolicy() == UnknownStatePolicy.ASSUME_FULL ? Mode.FULL : Mode.OFF;
            String message = assumed.isMaintenance() ? "The maintenance state cannot be read yet." : null;
            return new MaintenanceStatus(serviceName, assumed, message, null, null, 0, null, null, null, assumed,
                    message, null, null, true, null, now);
        }
        Mode effective = row.mode();
        String effectiveMessage = row.message();
        Instant effectiveSince = row.since();
        Instant effectiveUntil = row.until();
        ScheduledWindow window = row.window() != null && row.window().end().isAfter(now) ? row.window() : null;
        if (window != null && window.isActiveAt(now) && window.mode().compareTo(row.mode()) > 0) {
            effective = window.mode();
            effectiveMessage = window.message();
            effectiveSince = window.start();
            effectiveUntil = window.end();
        }
        return new MaintenanceStatus(serviceName, row.mode(), row.message(), row.since(), row.until(),
                row.version(), row.changedBy(), row.changedAt(), window, effective, effectiveMessage,
                effectiveSince, effectiveUntil, stale, s.lastRefreshed(), now);
    }

    @Override
    public List<HistoryEntry> history(int limit) {
        if (limit < 1 || limit > MAX_HISTORY_LIMIT) {
            throw new IllegalArgumentException("limit: must be between 1 and " + MAX_HISTORY_LIMIT + ", was " + limit);
        }
        try {
            ensureSchema();
            return repository.history(serviceName, limit);
        } catch (RuntimeException e) {
            throw new MaintenanceException("cannot read the maintenance history of '" + serviceName + "': "
                    + rootMessage(e), e);
        }
    }

    @Override
    public String serviceName() {
        return serviceName;
    }

    @Override
    public Duration refreshInterval() {
        return settings.refreshInterval();
    }

    @Override
    public void addListener(MaintenanceListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener: must not be null");
        }
        listeners.add(listener);
    }

    @Override
    public boolean removeListener(MaintenanceListener listener) {
        return listeners.remove(listener);
    }

    /** Returns the DataSource the service uses (the application's, or its own pool). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Returns the Jdbi bound to {@link #dataSource()}. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** Returns the library's table names. */
    public Tables tables() {
        return repository.tables();
    }

    /** Returns the clock. */
    public InstantSource timeSource() {
        return clock;
    }

    /** Returns the settings the service was built with. */
    public Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        refresher.shutdownNow();
        try {
            refresher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownPool != null) {
            ownPool.close();
        }
    }

    @Override
    public String toString() {
        return "MaintenanceService[" + serviceName + ", " + effectiveMode() + "]";
    }

    /** Whether a failure means the database could not be reached, as opposed to a bug or a bad schema. */
    static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (t.getClass().getName().equals("org.flywaydb.core.internal.exception.FlywaySqlException")
                    && t.getMessage() != null && t.getMessage().contains("Unable to obtain connection")) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
