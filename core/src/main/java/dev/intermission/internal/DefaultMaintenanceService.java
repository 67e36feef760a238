package dev.intermission.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

import dev.intermission.ClusterView;
import dev.intermission.HistoryEntry;
import dev.intermission.InFlightRequests;
import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceEvent;
import dev.intermission.MaintenanceException;
import dev.intermission.MaintenanceListener;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.SchemaMode;
import dev.intermission.ScheduledWindow;
import dev.intermission.ServiceInstance;
import dev.intermission.UnknownStatePolicy;
import dev.intermission.Values;
import dev.intermission.background.BackgroundWork;

/**
 * The one implementation of {@link dev.intermission.MaintenanceService}: one immutable snapshot behind an atomic
 * reference, replaced only by a row of a higher version; a background refresher that reads the version once per
 * interval; listeners told after the swap, outside any lock.
 */
public final class DefaultMaintenanceService implements Engine {

    private static final System.Logger LOG = System.getLogger("dev.intermission.Maintenance");
    /** What users are told while this instance applies its fail-safe mode. */
    static final String FAIL_SAFE_MESSAGE = "The maintenance state cannot be confirmed right now.";

    /**
     * Everything the builder collected, validated.
     *
     * @param dataSource         the application's DataSource, or {@code null} with a JDBC URL
     * @param jdbcUrl            the URL of the library's own pool, or {@code null}
     * @param jdbcUser           its user
     * @param jdbcPassword       its password
     * @param serviceName        the service
     * @param refreshInterval    the refresh interval
     * @param timeSource         the clock
     * @param unknownStatePolicy what to assume while the state is unknown
     * @param tablePrefix        the table prefix
     * @param schemaMode         what to do with the library's tables
     * @param poolSize           the own pool's size
     * @param connectionTimeout  the own pool's connection timeout
     * @param statementTimeout   the timeout of every statement
     * @param listeners          listeners registered from the start
     * @param instanceId         this instance's id, or {@code null} for a generated one
     * @param applicationVersion the application's version, or {@code null}
     * @param instanceLease      how long this instance stays listed without a heartbeat
     * @param listenForChanges   whether to listen for changes pushed by PostgreSQL
     * @param failSafeMode       the mode applied at least once the state has not been confirmed for too long;
     *                           {@link Mode#OFF} to keep the last state
     */
    public record Settings(DataSource dataSource, String jdbcUrl, String jdbcUser, String jdbcPassword,
            String serviceName, Duration refreshInterval, InstantSource timeSource,
            UnknownStatePolicy unknownStatePolicy, String tablePrefix, SchemaMode schemaMode, int poolSize,
            Duration connectionTimeout, Duration statementTimeout, List<MaintenanceListener> listeners,
            String instanceId, String applicationVersion, Duration instanceLease, boolean listenForChanges,
            Mode failSafeMode) {
    }

    /**
     * What the request path reads: the last row read (null if never), when it was read, whether reads fail now,
     * why the stored state is unusable (a corrupt or missing row), if it is, and why the last read failed, while
     * reads fail.
     */
    private record Snapshot(StateRow row, Instant lastRefreshed, long lastSuccessNanos, boolean failing,
            String corruption, String failure) {
    }

    /** This instance's own closure, over whatever the stored state says. */
    private record Hold(Mode mode, String message, Instant since) {
    }

    private final Settings settings;
    private final OwnPool ownPool;
    private final Db db;
    private final ServiceContextRepository repository;
    private final ServiceContextRepository refreshing;
    private final InstantSource clock;
    private final String serviceName;
    private final long staleAfterNanos;
    private final long failSafeAfterNanos;
    private volatile boolean failSafeLogged;
    /** The scheduled window of the installed row, and whether it was open when last looked at (guarded by itself). */
    private final Object windowEdge = new Object();
    private ScheduledWindow edgeWindow;
    private boolean edgeOpen;
    private final List<MaintenanceListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<Snapshot> snapshot;
    /** Local writes between their start and their install: the refresher leaves their rows to them (LOCAL). */
    private final AtomicInteger localWrites = new AtomicInteger();
    private final ScheduledExecutorService refresher;
    /** The refresher's thread, joined on close: the executor reports itself terminated just before it ends. */
    private final AtomicReference<Thread> refresherThread = new AtomicReference<>();
    private final InstanceIdentity identity;
    private final InstanceRepository instances;
    private final InstanceRepository heartbeats;
    private final List<InFlightRequests> inFlightSources = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cycleQueued = new AtomicBoolean();
    private final ChangeListener listener;
    private final BackgroundRegistry background = new BackgroundRegistry(() -> effectiveMode().isMaintenance());
    private final AtomicLong lastAnnounced = new AtomicLong();
    private final AtomicBoolean announcedAhead = new AtomicBoolean();
    private long unannouncedVersion;
    private long unannouncedSince;
    private volatile boolean heartbeatFailing;
    private volatile boolean reported;
    private volatile Hold hold;
    private volatile boolean schemaReady;
    private volatile boolean closed;

    private DefaultMaintenanceService(Settings settings, DataSource dataSource, OwnPool ownPool) {
        this.settings = settings;
        this.ownPool = ownPool;
        this.db = new Db(dataSource, (int) Math.max(1, (settings.statementTimeout().toMillis() + 999) / 1000));
        this.repository = new ServiceContextRepository(db, new Tables(settings.tablePrefix()));
        // The refresher gives up sooner than a write: a hung read must not hold the next refresh back for long.
        long refreshTimeout = Math.min(settings.statementTimeout().toMillis(),
                Math.max(1000, settings.refreshInterval().multipliedBy(2).toMillis()));
        Db refreshDb = new Db(dataSource, (int) ((refreshTimeout + 999) / 1000));
        this.refreshing = new ServiceContextRepository(refreshDb, repository.tables());
        this.instances = new InstanceRepository(db, repository.tables());
        this.heartbeats = new InstanceRepository(refreshDb, repository.tables());
        this.identity = InstanceIdentity.of(settings.instanceId(), settings.applicationVersion(),
                settings.timeSource().instant().truncatedTo(ChronoUnit.MILLIS));
        if (settings.listenForChanges()) {
            DataSource listening = ownPool != null ? ownPool.unpooled() : dataSource;
            this.listener = new ChangeListener(listening::getConnection, repository.tables().channel(),
                    settings.serviceName(), new ChangeListener.Sink() {
                        @Override
                        public void changed(long version) {
                            lastAnnounced.accumulateAndGet(version, Math::max);
                            if (version > heldVersion()) {
                                announcedAhead.set(true);
                                requestCycle();
                            }
                        }

                        @Override
                        public void listening() {
                            requestCycle();
                        }
                    }, settings.connectionTimeout());
        } else {
            this.listener = null;
        }
        this.clock = settings.timeSource();
        this.serviceName = settings.serviceName();
        // A refresh that has not succeeded for three intervals (a hung or failing database) marks the state stale.
        this.staleAfterNanos = settings.refreshInterval().toNanos() * 3;
        // One refresh interval inside the lease: the last heartbeat (sent after the last good read) makes the
        // others wait at least the whole lease, so this instance is fail-safe before they stop waiting for it.
        this.failSafeAfterNanos = settings.instanceLease().minus(settings.refreshInterval()).toNanos();
        this.listeners.addAll(settings.listeners());
        this.snapshot = new AtomicReference<>(new Snapshot(null, null, System.nanoTime(), false, null, null));
        this.schemaReady = settings.schemaMode() == SchemaMode.NONE;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "intermission-refresh-" + settings.serviceName());
            t.setDaemon(true);
            refresherThread.set(t);
            return t;
        });
    }

    /**
     * Builds the service, reads the state once, and starts the refresher.
     *
     * @param settings the settings
     * @return the running service
     */
    public static DefaultMaintenanceService start(Settings settings) {
        OwnPool ownPool = null;
        DataSource dataSource = settings.dataSource();
        if (dataSource == null) {
            ownPool = OwnPool.open(settings.jdbcUrl(), settings.jdbcUser(), settings.jdbcPassword(),
                    settings.poolSize(), settings.connectionTimeout(), "intermission-" + settings.serviceName());
            dataSource = ownPool.dataSource();
        }
        DefaultMaintenanceService service = new DefaultMaintenanceService(settings, dataSource, ownPool);
        try {
            service.refreshOrDegrade();
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        service.register();
        long interval = settings.refreshInterval().toNanos();
        service.refresher.scheduleWithFixedDelay(service::cycle, interval, interval, TimeUnit.NANOSECONDS);
        if (service.listener != null) {
            service.listener.start();
        }
        return service;
    }

    /** The first read: a database that cannot be reached degrades to the unknown-state policy; a refused schema fails. */
    private void refreshOrDegrade() {
        try {
            refresh();
        } catch (MaintenanceException e) {
            if (e.getCause() instanceof SchemaRefused) {
                throw new MaintenanceException(e.getCause().getMessage(), e.getCause().getCause());
            }
            // refresh() has logged the outage once already.
        }
    }

    /**
     * One refresh cycle, on the refresher's thread only: read the state (one query, and one more when it
     * changed), then report this instance (one UPDATE): two statements per interval when idle.
     */
    private void cycle() {
        if (closed) {
            return;
        }
        long before = heldVersion();
        boolean reached = refreshQuietly();
        logFailSafe();
        logWindowEdge();
        if (reached) {
            checkPush(before);
            heartbeat();
        }
        background.release();
    }

    /**
     * Returns whether this instance applies its fail-safe mode: it knows a state but has not confirmed it for
     * longer than the lease less one refresh interval (the database is down, slow or cut off), so another
     * instance may be migrating without it knowing.
     */
    private boolean failSafe(Snapshot s) {
        return settings.failSafeMode() != Mode.OFF && s.row() != null && s.corruption() == null
                && System.nanoTime() - s.lastSuccessNanos() > failSafeAfterNanos;
    }

    /** Logs the switch to the fail-safe mode once, and once its end. */
    private void logFailSafe() {
        Snapshot s = snapshot.get();
        boolean now = failSafe(s);
        if (now && !failSafeLogged) {
            failSafeLogged = true;
            LOG.log(System.Logger.Level.WARNING, "Maintenance state of ''{0}'' not confirmed since {1}, longer than "
                    + "the instance lease of {2} allows: this instance applies {3} (fail-safe) until it can read the "
                    + "state again", serviceName, s.lastRefreshed(), Values.text(settings.instanceLease()),
                    settings.failSafeMode().externalName());
        } else if (!now && failSafeLogged) {
            failSafeLogged = false;
            LOG.log(System.Logger.Level.INFO, "Maintenance state of ''{0}'' confirmed again: fail-safe mode ended; "
                    + "serving {1}", serviceName, effectiveMode().externalName());
        }
    }

    /**
     * Logs a scheduled window opening or closing on time, once each, as this instance's clock sees it: no write
     * tells of it. A window set, changed or cancelled by a change is told by that change's own line.
     */
    private void logWindowEdge() {
        StateRow row = snapshot.get().row();
        ScheduledWindow w = row == null ? null : row.window();
        boolean open = w != null && w.isActiveAt(clock.instant());
        synchronized (windowEdge) {
            boolean edge = w != null && w.equals(edgeWindow) && open != edgeOpen;
            edgeWindow = w;
            edgeOpen = open;
            if (!edge) {
                return;
            }
        }
        if (open) {
            LOG.log(System.Logger.Level.INFO, "Maintenance of ''{0}'' changed by the schedule: window opened, {1}{2}"
                    + " until {3} (set by {4})", serviceName, w.mode().externalName(), w.message() == null ? ""
                    : " \"" + w.message() + "\"", w.end(), row.changedBy());
        } else {
            LOG.log(System.Logger.Level.INFO, "Maintenance of ''{0}'' changed by the schedule: window {1} to {2} "
                    + "closed, serving {3} (set by {4})", serviceName, w.start(), w.end(),
                    effectiveMode().externalName(), row.changedBy());
        }
    }

    /** Notes the window of a row just installed: its state now is the change's, not an edge to log later. */
    private void noteWindow(StateRow row, Instant now) {
        ScheduledWindow w = row == null ? null : row.window();
        synchronized (windowEdge) {
            edgeWindow = w;
            edgeOpen = w != null && w.isActiveAt(now);
        }
    }

    private long heldVersion() {
        StateRow row = snapshot.get().row();
        return row == null ? 0 : row.version();
    }

    /**
     * Notices a listener that went deaf without an error (a connection cut silently): a version that arrived by
     * polling and was still not announced a refresh interval later makes the listener open a new connection.
     * Costs no statement.
     */
    private void checkPush(long before) {
        if (listener == null || !listener.listening()) {
            unannouncedVersion = 0;
            return;
        }
        long announced = lastAnnounced.get();
        if (unannouncedVersion != 0) {
            if (announced >= unannouncedVersion) {
                unannouncedVersion = 0;
            } else if (System.nanoTime() - unannouncedSince >= settings.refreshInterval().toNanos()) {
                listener.reconnect("version " + unannouncedVersion + " arrived by polling but was never announced");
                unannouncedVersion = 0;
                return;
            }
        }
        long now = heldVersion();
        if (unannouncedVersion == 0 && now > before && now > announced) {
            unannouncedVersion = now;
            unannouncedSince = System.nanoTime();
        }
    }

    /** Runs a cycle soon on the refresher's thread, at most one queued at a time. */
    private void requestCycle() {
        if (closed || !cycleQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            refresher.execute(() -> {
                cycleQueued.set(false);
                cycle();
            });
        } catch (RejectedExecutionException e) {
            cycleQueued.set(false);
        }
    }

    /** Registers this instance at start, unless the database could not be read just now (the heartbeat will). */
    private void register() {
        if (snapshot.get().failing()) {
            return;
        }
        try {
            instances.register(serviceName, identity, beat(), clock.instant(), settings.instanceLease());
            reported = true;
            LOG.log(System.Logger.Level.INFO, "Instance {0} of ''{1}'' registered (host {2}, process {3}{4})",
                    identity.id(), serviceName, identity.host(), identity.process(),
                    identity.applicationVersion() == null ? "" : ", version " + identity.applicationVersion());
        } catch (SQLException | RuntimeException e) {
            heartbeatFailed(e);
        }
    }

    /** Reports this instance with one UPDATE; logs once when it cannot, and once when it can again. */
    private void heartbeat() {
        try {
            heartbeats.heartbeat(serviceName, identity, beat(), clock.instant(), settings.instanceLease());
            reported = true;
            if (heartbeatFailing) {
                heartbeatFailing = false;
                LOG.log(System.Logger.Level.INFO, "Instance {0} of ''{1}'' reports itself again", identity.id(),
                        serviceName);
            }
        } catch (SQLException | RuntimeException e) {
            heartbeatFailed(e);
        }
    }

    private void heartbeatFailed(Throwable e) {
        if (!heartbeatFailing) {
            heartbeatFailing = true;
            LOG.log(System.Logger.Level.WARNING, "Instance {0} of ''{1}'' cannot report itself: {2}; other instances"
                    + " stop waiting for it once its lease of {3} ends", identity.id(), serviceName,
                    StoreFailures.describe(e), Values.text(settings.instanceLease()));
        }
    }

    /** What this instance reports now. */
    private InstanceRepository.Heartbeat beat() {
        Snapshot s = snapshot.get();
        MaintenanceStatus status = statusOf(s, clock.instant());
        return new InstanceRepository.Heartbeat(s.row() == null ? 0 : s.row().version(), effectiveMode(),
                status.stale(), status.failSafe(), listener != null && listener.listening(), localWork());
    }

    /** Returns whether the database answered (the state was read, or found corrupt). */
    private boolean refreshQuietly() {
        if (closed) {
            return false;
        }
        try {
            ensureSchemaChecked();
            if (localWrites.get() > 0) {
                // A change of this instance is committing: it installs its own row and tells listeners LOCAL.
                markSuccess();
                return true;
            }
            if (announcedAhead.getAndSet(false)) {
                // A newer version was announced: read the row straight away, without probing first.
                installRead(refreshing.read(serviceName));
                return true;
            }
            Optional<ServiceContextRepository.VersionProbe> probe = refreshing.probe(serviceName);
            Snapshot s = snapshot.get();
            if (s.row() == null || s.corruption() != null || probe.isEmpty()
                    || probe.get().version() != s.row().version() || !probe.get().modeKnown()) {
                installRead(refreshing.read(serviceName));
            } else {
                markSuccess();
            }
            return true;
        } catch (ServiceContextRepository.CorruptStateException e) {
            markCorrupt(e.getMessage());
            return true;
        } catch (SQLException | RuntimeException e) {
            markFailure(e);
            return false;
        }
    }

    /**
     * Installs a row the refresher read, unless a change of this instance began meanwhile: a row read after that
     * change committed is the change's own, which it installs itself and tells listeners as LOCAL (the change
     * counts itself before it writes, so a read that saw it finds the count up until the change has installed).
     */
    private void installRead(StateRow row) {
        if (localWrites.get() > 0) {
            markSuccess();
            return;
        }
        install(row, MaintenanceEvent.Source.REMOTE);
    }

    @Override
    public MaintenanceStatus refresh() {
        try {
            ensureSchemaChecked();
            install(repository.read(serviceName), MaintenanceEvent.Source.REMOTE);
            return status();
        } catch (ServiceContextRepository.CorruptStateException e) {
            markCorrupt(e.getMessage());
            return status();
        } catch (SQLException | RuntimeException e) {
            markFailure(e);
            throw new MaintenanceException("cannot read the maintenance state of '" + serviceName + "': "
                    + StoreFailures.describe(e), e);
        }
    }

    /** Thrown inside the service when the schema mode refuses the tables (validation failed, tables too new). */
    private static final class SchemaRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SchemaRefused(MaintenanceException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private void ensureSchemaChecked() throws SQLException {
        if (!schemaReady) {
            try {
                Schema.ensure(db, repository.tables(), settings.schemaMode());
            } catch (MaintenanceException e) {
                throw new SchemaRefused(e);
            }
            schemaReady = true;
        }
    }

    @Override
    public void ensureSchema() {
        try {
            ensureSchemaChecked();
        } catch (SchemaRefused e) {
            throw (MaintenanceException) e.getCause();
        } catch (SQLException e) {
            throw new MaintenanceException("cannot prepare the library's tables: " + StoreFailures.describe(e), e);
        }
    }

    @Override
    public MaintenanceStatus apply(MaintenanceChange change) {
        if (change == null) {
            throw new InvalidValueException("change", null, "must not be null");
        }
        if (closed) {
            throw new IllegalStateException("the maintenance service is closed");
        }
        // The database keeps milliseconds; so does every timestamp this instance hands out after a write.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        StateTransitions.validate(change, now);
        StateRow row;
        localWrites.incrementAndGet();
        try {
            try {
                ensureSchemaChecked();
                row = repository.apply(serviceName, change, now);
            } catch (SchemaRefused e) {
                throw (MaintenanceException) e.getCause();
            } catch (SQLException e) {
                throw new MaintenanceException("cannot change the maintenance state of '" + serviceName + "': "
                        + StoreFailures.describe(e), e);
            }
            install(row, MaintenanceEvent.Source.LOCAL);
        } finally {
            localWrites.decrementAndGet();
        }
        LOG.log(System.Logger.Level.INFO, "Maintenance of ''{0}'' changed by {1} via {2}: {3}", serviceName,
                change.actor(), change.origin().name().toLowerCase(java.util.Locale.ROOT), describe(row));
        // A change that ends maintenance hands deferred background tasks back at once. The heartbeat reports the
        // new version with the next refresh: a window needs the acknowledgements of the others, not its own.
        background.release();
        return status();
    }

    @Override
    public MaintenanceStatus repair(String actor) {
        String who = Checks.actor(actor);
        if (closed) {
            throw new IllegalStateException("the maintenance service is closed");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ServiceContextRepository.Repair repair;
        localWrites.incrementAndGet();
        try {
            try {
                ensureSchemaChecked();
                repair = repository.repair(serviceName, who, Origin.CODE, now);
            } catch (SchemaRefused e) {
                throw (MaintenanceException) e.getCause();
            } catch (SQLException e) {
                throw new MaintenanceException("cannot repair the maintenance state of '" + serviceName + "': "
                        + StoreFailures.describe(e), e);
            }
            install(repair.row(), repair.found() == null ? MaintenanceEvent.Source.REMOTE
                    : MaintenanceEvent.Source.LOCAL, repair.found() == null);
        } finally {
            localWrites.decrementAndGet();
        }
        if (repair.found() == null) {
            LOG.log(System.Logger.Level.INFO, "Maintenance state of ''{0}'' needs no repair (asked by {1}): the "
                    + "stored row is valid at version {2}", serviceName, who, repair.row().version());
        } else {
            LOG.log(System.Logger.Level.WARNING, "Maintenance state of ''{0}'' repaired by {1}: {2}; rewritten from "
                    + "its history: {3}", serviceName, who, repair.found(), describe(repair.row()));
        }
        return status();
    }

    /**
     * Installs a row read or written: the snapshot takes it only if its version is higher (or it repairs a
     * corrupt state); listeners hear the change after the swap, outside any lock.
     */
    private void install(StateRow row, MaintenanceEvent.Source source) {
        install(row, source, true);
    }

    /** Installs a row; {@code tellValidAgain} false when the caller logs the repair itself, in its one line. */
    private void install(StateRow row, MaintenanceEvent.Source source, boolean tellValidAgain) {
        Instant now = clock.instant();
        long nanos = System.nanoTime();
        Snapshot[] before = new Snapshot[1];
        Snapshot after = update(s -> {
            before[0] = s;
            boolean newer = s.row() == null || row.version() > s.row().version()
                    || (s.corruption() != null && row.version() >= s.row().version());
            return new Snapshot(newer ? row : s.row(), now, nanos, false, newer ? null : s.corruption(), null);
        });
        Snapshot was = before[0];
        if (after.row() != was.row()) {
            noteWindow(after.row(), now);
        }
        if (was.failing()) {
            LOG.log(System.Logger.Level.INFO, "Maintenance state of ''{0}'' readable again", serviceName);
        }
        if (tellValidAgain && was.corruption() != null && after.corruption() == null) {
            LOG.log(System.Logger.Level.WARNING, "Maintenance state of ''{0}'' is valid again at version {1}",
                    serviceName, after.row().version());
        }
        if (after.row() != was.row() && was.row() != null) {
            if (source == MaintenanceEvent.Source.REMOTE) {
                LOG.log(System.Logger.Level.INFO, "Maintenance of ''{0}'' changed elsewhere by {1}{2}: {3}",
                        serviceName, after.row().changedBy(), remoteOrigin(after.row()), describe(after.row()));
            }
            fire(new MaintenanceEvent(statusOf(was, now), statusOf(after, now), source));
        }
    }

    /**
     * Where a change made elsewhere came from ({@code " via cli"}), from its history row: the state row does not
     * keep it. One read per change observed, none while nothing changes; empty when it cannot be read.
     */
    private String remoteOrigin(StateRow row) {
        try {
            return repository.history(serviceName, 1).stream().filter(h -> h.version() == row.version())
                    .findFirst().map(h -> " via " + h.origin().name().toLowerCase(java.util.Locale.ROOT))
                    .orElse("");
        } catch (SQLException | RuntimeException e) {
            return "";
        }
    }

    private static String describe(StateRow row) {
        StringBuilder b = new StringBuilder(row.mode().externalName());
        if (row.message() != null) {
            b.append(" \"").append(row.message()).append('"');
        }
        if (row.until() != null) {
            b.append(" until ").append(row.until());
        }
        if (row.window() != null) {
            ScheduledWindow w = row.window();
            b.append(", window ").append(w.mode().externalName()).append(' ').append(w.start()).append(" to ")
                    .append(w.end());
        }
        return b.append(" (version ").append(row.version()).append(')').toString();
    }

    private Snapshot update(UnaryOperator<Snapshot> change) {
        return snapshot.updateAndGet(change);
    }

    private void markSuccess() {
        Instant now = clock.instant();
        long nanos = System.nanoTime();
        Snapshot[] before = new Snapshot[1];
        update(s -> {
            before[0] = s;
            return new Snapshot(s.row(), now, nanos, false, s.corruption(), null);
        });
        if (before[0].failing()) {
            LOG.log(System.Logger.Level.INFO, "Maintenance state of ''{0}'' readable again", serviceName);
        }
    }

    /** Marks the snapshot stale; logs once per outage (on the transition), never per request or per retry. */
    private void markFailure(Throwable e) {
        String why = StoreFailures.describe(e);
        Snapshot[] before = new Snapshot[1];
        update(s -> {
            before[0] = s;
            return new Snapshot(s.row(), s.lastRefreshed(), s.lastSuccessNanos(), true, s.corruption(), why);
        });
        Snapshot s = before[0];
        if (s.failing()) {
            return;
        }
        if (s.row() == null) {
            LOG.log(System.Logger.Level.WARNING, "Maintenance state of ''{0}'' cannot be read: {1}; assuming {2} "
                    + "until it can", serviceName, why, assumed().externalName());
        } else {
            LOG.log(System.Logger.Level.WARNING, "Maintenance state of ''{0}'' cannot be refreshed: {1}; serving the "
                    + "state read at {2}", serviceName, why, s.lastRefreshed());
        }
    }

    /** Marks the stored state unusable: the unknown-state policy applies until a valid row is read; logs once. */
    private void markCorrupt(String why) {
        Instant now = clock.instant();
        long nanos = System.nanoTime();
        Snapshot[] before = new Snapshot[1];
        update(s -> {
            before[0] = s;
            return new Snapshot(s.row(), now, nanos, false, why, null);
        });
        if (!why.equals(before[0].corruption())) {
            LOG.log(System.Logger.Level.ERROR, "Maintenance state of ''{0}'' is corrupt: {1}; assuming {2} until it "
                    + "is repaired (the next change, or ''maintenance repair'', rewrites it)", serviceName, why,
                    assumed().externalName());
        }
    }

    private void fire(MaintenanceEvent event) {
        for (MaintenanceListener listener : listeners) {
            try {
                listener.onChange(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Maintenance listener " + listener + " failed on " + event, e);
            }
        }
    }

    private Mode assumed() {
        return settings.unknownStatePolicy() == UnknownStatePolicy.ASSUME_FULL ? Mode.FULL : Mode.OFF;
    }

    @Override
    public MaintenanceStatus status() {
        return statusOf(snapshot.get(), clock.instant());
    }

    @Override
    public Mode effectiveMode() {
        Snapshot s = snapshot.get();
        StateRow row = s.row();
        Hold h = hold;
        Mode mode;
        if (row == null || s.corruption() != null) {
            mode = assumed();
        } else {
            ScheduledWindow w = row.window();
            mode = w != null && w.isActiveAt(clock.instant()) ? Mode.strictest(row.mode(), w.mode()) : row.mode();
            if (failSafe(s)) {
                mode = Mode.strictest(mode, settings.failSafeMode());
            }
        }
        return h == null ? mode : Mode.strictest(mode, h.mode());
    }

    @Override
    public void hold(Mode mode, String message) {
        hold = new Hold(mode, message, clock.instant());
        LOG.log(System.Logger.Level.INFO, "Maintenance of ''{0}'' held {1} on this instance: {2}", serviceName,
                mode.externalName(), message);
    }

    @Override
    public void releaseHold() {
        if (hold != null) {
            hold = null;
            LOG.log(System.Logger.Level.INFO, "Maintenance of ''{0}'' no longer held on this instance; serving {1}",
                    serviceName, effectiveMode().externalName());
        }
    }

    /** The one place where effective mode, message and expected end are computed from a snapshot. */
    private MaintenanceStatus statusOf(Snapshot s, Instant now) {
        MaintenanceStatus stored = storedStatusOf(s, now);
        if (failSafe(s)) {
            Mode safe = settings.failSafeMode();
            boolean stricter = safe.compareTo(stored.effectiveMode()) > 0;
            stored = new StatusValue(serviceName, stored.mode(), stored.message(), stored.since(), stored.until(),
                    stored.version(), stored.changedBy(), stored.changedAt(), stored.window(),
                    stricter ? safe : stored.effectiveMode(),
                    stricter ? FAIL_SAFE_MESSAGE : stored.effectiveMessage(),
                    stricter ? s.lastRefreshed().plusNanos(failSafeAfterNanos) : stored.effectiveSince(),
                    stricter ? null : stored.effectiveUntil(), true, true, stored.lastRefreshed(), now,
                    stored.staleReason());
        }
        Hold h = hold;
        if (h == null || h.mode().compareTo(stored.effectiveMode()) <= 0) {
            return stored;
        }
        return new StatusValue(serviceName, stored.mode(), stored.message(), stored.since(), stored.until(),
                stored.version(), stored.changedBy(), stored.changedAt(), stored.window(), h.mode(), h.message(),
                h.since(), null, stored.stale(), stored.failSafe(), stored.lastRefreshed(), now,
                stored.staleReason());
    }

    private MaintenanceStatus storedStatusOf(Snapshot s, Instant now) {
        boolean stale = s.failing() || System.nanoTime() - s.lastSuccessNanos() > staleAfterNanos;
        StateRow row = s.row();
        if (row == null || s.corruption() != null) {
            Mode assumed = assumed();
            String message = assumed.isMaintenance() ? "The maintenance state cannot be read yet." : null;
            long version = row == null ? 0 : row.version();
            return new StatusValue(serviceName, assumed, message, null, null, version, null, null, null, assumed,
                    message, null, null, true, false, s.lastRefreshed(), now, staleReason(s, true));
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
        return new StatusValue(serviceName, row.mode(), row.message(), row.since(), row.until(), row.version(),
                row.changedBy(), row.changedAt(), window, effective, effectiveMessage, effectiveSince,
                effectiveUntil, stale, false, s.lastRefreshed(), now, staleReason(s, stale));
    }

    /** Why a snapshot is stale, for operators: the stored state is corrupt, the last read failed, or hangs. */
    private static String staleReason(Snapshot s, boolean stale) {
        if (s.corruption() != null) {
            return "the stored state is corrupt: " + s.corruption();
        }
        if (!stale) {
            return null;
        }
        if (s.failure() != null) {
            return s.failure();
        }
        return s.lastRefreshed() == null ? "the state has not been read yet"
                : "no read of the state has succeeded since " + s.lastRefreshed();
    }

    @Override
    public List<HistoryEntry> history(int limit) {
        if (limit < 1 || limit > MAX_HISTORY_LIMIT) {
            throw new InvalidValueException("limit", Integer.toString(limit), "must be between 1 and "
                    + MAX_HISTORY_LIMIT);
        }
        try {
            ensureSchemaChecked();
            return repository.history(serviceName, limit);
        } catch (SchemaRefused e) {
            throw (MaintenanceException) e.getCause();
        } catch (SQLException e) {
            throw new MaintenanceException("cannot read the maintenance history of '" + serviceName + "': "
                    + StoreFailures.describe(e), e);
        }
    }

    @Override
    public ClusterView instances() {
        return cluster();
    }

    @Override
    public ClusterValue cluster() {
        Instant now = clock.instant();
        List<InstanceValue> rows;
        try {
            ensureSchemaChecked();
            rows = instances.live(serviceName, now);
        } catch (SchemaRefused e) {
            throw (MaintenanceException) e.getCause();
        } catch (SQLException e) {
            throw new MaintenanceException("cannot read the instances of '" + serviceName + "': "
                    + StoreFailures.describe(e), e);
        }
        InstanceRepository.Heartbeat beat = beat();
        boolean registered = false;
        long current = beat.version();
        List<ServiceInstance> list = new ArrayList<>();
        for (InstanceValue row : rows) {
            if (row.id().equals(identity.id())) {
                registered = true;
                list.add(self(row.lastHeartbeat(), row.expiresAt(), beat));
            } else {
                list.add(row);
                current = Math.max(current, row.stateVersion());
            }
        }
        if (!registered) {
            list.add(self(null, null, beat));
        }
        list.sort(Comparator.comparing(ServiceInstance::startedAt).thenComparing(ServiceInstance::id));
        return new ClusterValue(serviceName, current, list, now, registered);
    }

    /** This instance with its live values. */
    private InstanceValue self(Instant lastHeartbeat, Instant expiresAt, InstanceRepository.Heartbeat beat) {
        LocalWork w = beat.work();
        return new InstanceValue(identity.id(), identity.host(), identity.process(), identity.applicationVersion(),
                identity.startedAt(), lastHeartbeat, expiresAt, beat.version(), beat.mode(), beat.stale(),
                beat.failSafe(), beat.listening(), w.requests(), w.writes(), w.jobs(), w.jobNames(), true);
    }

    @Override
    public void addInFlightRequests(InFlightRequests requests) {
        if (requests == null) {
            throw new InvalidValueException("inFlightRequests", null, "must not be null");
        }
        inFlightSources.add(requests);
    }

    @Override
    public boolean removeInFlightRequests(InFlightRequests requests) {
        return inFlightSources.remove(requests);
    }

    @Override
    public boolean tracks(InFlightRequests requests) {
        return inFlightSources.contains(requests);
    }

    @Override
    public LocalWork localWork() {
        int requests = 0;
        int writes = 0;
        for (InFlightRequests source : inFlightSources) {
            try {
                int r = Math.max(0, source.inFlight());
                requests += r;
                writes += Math.max(0, Math.min(r, source.writesInFlight()));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "in-flight counter " + source + " failed", e);
            }
        }
        LocalWork jobs = background.work();
        return new LocalWork(requests, writes, jobs.jobs(), jobs.jobNames());
    }

    @Override
    public BackgroundWork background() {
        return background;
    }

    @Override
    public InstanceIdentity identity() {
        return identity;
    }

    @Override
    public Duration instanceLease() {
        return settings.instanceLease();
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
            throw new InvalidValueException("listener", null, "must not be null");
        }
        listeners.add(listener);
    }

    @Override
    public boolean removeListener(MaintenanceListener listener) {
        return listeners.remove(listener);
    }

    @Override
    public Db db() {
        return db;
    }

    @Override
    public Tables tables() {
        return repository.tables();
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    @Override
    public boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        background.close();
        if (listener != null) {
            listener.close();
        }
        refresher.shutdownNow();
        try {
            if (refresher.awaitTermination(5, TimeUnit.SECONDS)) {
                Thread t = refresherThread.get();
                if (t != null && t != Thread.currentThread()) {
                    t.join(1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (reported) {
                instances.deregister(serviceName, identity.id());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "Instance {0} of ''{1}'' cannot deregister ({2}); its row expires "
                    + "with its lease", identity.id(), serviceName, StoreFailures.describe(e));
        }
        if (ownPool != null) {
            ownPool.close();
        }
    }

    @Override
    public String toString() {
        return "MaintenanceService[" + serviceName + ", " + effectiveMode().externalName() + "]";
    }
}
