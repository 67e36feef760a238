package dev.intermission.migration.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.intermission.HistoryEntry;
import dev.intermission.InFlightRequests;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.ScheduledWindow;
import dev.intermission.ServiceInstance;
import dev.intermission.Values;
import dev.intermission.VersionConflictException;
import dev.intermission.internal.ClusterValue;
import dev.intermission.internal.Engine;
import dev.intermission.internal.LocalWork;
import dev.intermission.internal.Log;
import dev.intermission.internal.StoreFailures;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.DrainPolicy;
import dev.intermission.migration.InstanceWait;
import dev.intermission.migration.MigrationContext;
import dev.intermission.migration.MigrationFailedException;
import dev.intermission.migration.MigrationHook;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationPhase;
import dev.intermission.migration.MigrationPlan;
import dev.intermission.migration.MigrationResult;

/**
 * Runs one migration window, step by step, on the calling thread. One instance per window: it carries the
 * window's state (the plan, who owns maintenance, what was applied, the phase timings).
 */
public final class WindowRunner {

    private static final Log LOG = Log.of(WindowRunner.class);
    private static final long DRAIN_POLL_MILLIS = 20;
    /** The first wait between two reads of the instances; doubled up to {@link #pollMillis()}. */
    private static final long FIRST_POLL_MILLIS = 5;

    /** What a launcher hears while the window runs. */
    public interface Progress {
        /** Hears nothing. */
        Progress NONE = new Progress() { };

        /** The window holds the lock, found work and is recorded under this id. */
        default void recorded(String windowId) {
        }

        /** Maintenance is on for the window. */
        default void maintenanceOn() {
        }

        /** The plan was read: the database answers. */
        default void planned() {
        }

        /**
         * Whether the launcher runs the window again when it fails only because the database cannot be reached
         * before anything was migrated, and says so in its own line: then the window logs such a failure at DEBUG.
         */
        default boolean retriesUnreachable() {
            return false;
        }
    }

    private final WindowSettings settings;
    private final Engine service;
    private final MigrationStore store;
    private final InstantSource clock;
    private final String id;
    private final String lockName;
    private final Progress progress;
    private final EnumMap<MigrationPhase, Long> phases = new EnumMap<>(MigrationPhase.class);

    private MigrationPhase phase = MigrationPhase.PLAN;
    private long phaseStart;
    private MigrationPlan plan;
    private List<AppliedMigration> applied = List.of();
    private Mode windowMode;
    private boolean ownershipDecided;
    private KeptState kept;
    private boolean inherited;
    private boolean changed;
    private long lastVersionWritten = -1;
    private Instant lastChangeAt;
    private String note;
    private boolean recorded;
    private volatile boolean leaseLost;
    private Instant leaseEnd;
    private String inheritedFrom;
    private boolean retryable;

    /** Prepares one window under the given id; nothing runs until {@link #run()}. */
    public WindowRunner(WindowSettings settings, String id, Progress progress) {
        this.settings = settings;
        this.service = settings.service();
        this.store = new MigrationStore(service.db(), service.tables());
        this.clock = service.clock();
        this.id = id;
        this.lockName = service.serviceName();
        this.progress = progress;
        this.windowMode = settings.mode();
    }

    /**
     * Returns whether the window that ran failed only because the database could not be reached (or answered too
     * late) before anything was migrated, so running it again later may succeed.
     *
     * @return whether a retry makes sense
     */
    public boolean retryable() {
        return retryable;
    }

    private void noteRetryable(Throwable e) {
        StoreFailures.Kind kind = StoreFailures.kind(e);
        retryable = applied.isEmpty() && phase.compareTo(MigrationPhase.MIGRATE) < 0
                && (kind == StoreFailures.Kind.UNREACHABLE || kind == StoreFailures.Kind.TIMEOUT);
    }

    /** The result of a window whose thread died of an error the runner does not handle. */
    public static MigrationResult crashed(WindowSettings settings) {
        return new ResultValue(MigrationOutcome.FAILED, null, settings.service().serviceName(), null, null,
                List.of(), "the migration window's thread died", null, Map.of(),
                settings.service().status().mode().isMaintenance(), null, List.of());
    }

    /** Runs the window; never throws for a failed step. */
    public MigrationResult run() {
        begin(MigrationPhase.PLAN);
        try {
            // The library's own tables first: the lock and the record need them before anything else.
            service.ensureSchema();
            plan = settings.migrator().plan();
        } catch (RuntimeException e) {
            end();
            noteRetryable(e);
            if (retryable && progress.retriesUnreachable()) {
                LOG.debug("Migration plan of '{}' cannot be read: {}", lockName, Failures.reason(e));
            } else {
                LOG.error("Migration plan of '{}' cannot be read: {}", lockName, Failures.reason(e));
            }
            trace(e);
            return result(MigrationOutcome.FAILED, null, Failures.describe(e), MigrationPhase.PLAN);
        }
        end();
        progress.planned();
        if (plan.upToDate()) {
            LOG.info("Schema of '{}' is up to date at version {}", lockName, plan.currentVersion());
            return result(MigrationOutcome.UP_TO_DATE, null, null, null);
        }
        begin(MigrationPhase.LOCK);
        boolean acquired;
        try {
            acquired = acquire();
        } catch (InterruptedException e) {
            end();
            Thread.currentThread().interrupt();
            return result(MigrationOutcome.FAILED, null, "interrupted while waiting for the migration lock",
                    MigrationPhase.LOCK);
        } catch (RuntimeException e) {
            end();
            noteRetryable(e);
            if (retryable && progress.retriesUnreachable()) {
                LOG.debug("Migration lock of '{}' cannot be taken: {}", lockName, Failures.reason(e));
            } else {
                LOG.error("Migration lock of '{}' cannot be taken: {}", lockName, Failures.reason(e));
            }
            trace(e);
            return result(MigrationOutcome.FAILED, null, Failures.describe(e), MigrationPhase.LOCK);
        }
        end();
        if (acquired) {
            LOG.info("Migration window {} of '{}' took the migration lock (lease until {}, renewed while it runs)",
                    id, lockName, leaseEnd);
        }
        if (!acquired) {
            Optional<MigrationStore.Lease> lease = safeLease();
            String holder = lease.map(MigrationStore.Lease::windowId).orElse(null);
            note = lease.map(l -> "window " + l.windowId() + " of " + l.holder() + " holds the migration lock until "
                    + l.expiresAt() + " (renewed while it runs)").orElse("another window holds the migration lock");
            LOG.info("Migration window of '{}' not started: {}", lockName, note);
            return result(MigrationOutcome.ALREADY_RUNNING, holder, null, null);
        }
        ScheduledExecutorService heartbeat = startHeartbeat();
        try {
            return underLock();
        } finally {
            heartbeat.shutdownNow();
            try {
                store.release(lockName, id);
            } catch (RuntimeException e) {
                LOG.warn("Migration lock of '{}' cannot be released; its lease ends by itself: {}", lockName,
                        Failures.reason(e));
            }
        }
    }

    private MigrationResult underLock() {
        // Another window may have applied everything while this one waited for the lock.
        begin(MigrationPhase.PLAN);
        try {
            plan = settings.migrator().plan();
        } catch (RuntimeException e) {
            end();
            noteRetryable(e);
            return result(MigrationOutcome.FAILED, null, Failures.describe(e), MigrationPhase.PLAN);
        }
        end();
        if (plan.upToDate()) {
            LOG.info("Schema of '{}' is up to date at version {} (migrated by another window)", lockName,
                    plan.currentVersion());
            return result(MigrationOutcome.UP_TO_DATE, null, null, null);
        }
        try {
            begin(MigrationPhase.ENABLE);
            decideOwnership();
            store.insert(id, lockName, settings.actor(), settings.holder(), settings.mode(), clock.instant(),
                    plan.currentVersion(), plan.pending(), kept);
            recorded = true;
            LOG.info("Migration window {} of '{}' started by {}: {} pending, version {} to {}", id, lockName,
                    settings.actor(), plan.pending().size(), shown(plan.currentVersion()), plan.targetVersion());
            progress.recorded(id);
            enable();
            progress.maintenanceOn();
            end();

            settle();

            begin(MigrationPhase.BEFORE_HOOKS);
            for (MigrationHook hook : settings.hooks()) {
                hook.beforeMigrate(context());
            }
            end();
            if (!settings.hooks().isEmpty()) {
                LOG.info("Migration window {} of '{}' ran {} before-migrate hook(s)", id, lockName,
                        settings.hooks().size());
            }

            begin(MigrationPhase.MIGRATE);
            if (leaseLost) {
                throw new IllegalStateException("the migration lock's lease was lost before migrating (the "
                        + "database was unreachable for longer than " + settings.leaseDuration() + ")");
            }
            LOG.info("Migration window {} of '{}' migrating {} migration(s), version {} to {}", id, lockName,
                    plan.pending().size(), shown(plan.currentVersion()), plan.targetVersion());
            applied = List.copyOf(settings.migrator().migrate());
            end();

            begin(MigrationPhase.VALIDATE);
            settings.migrator().validate();
            end();
            LOG.info("Migration window {} of '{}' validated the schema at version {}", id, lockName, versionAfter());

            begin(MigrationPhase.AFTER_HOOKS);
            for (MigrationHook hook : settings.hooks()) {
                hook.afterMigrate(context());
            }
            end();
            if (!settings.hooks().isEmpty()) {
                LOG.info("Migration window {} of '{}' ran {} after-migrate hook(s)", id, lockName,
                        settings.hooks().size());
            }

            begin(MigrationPhase.FINISH);
            finish();
            end();

            try {
                store.finish(id, clock.instant(), MigrationOutcome.SUCCEEDED, versionAfter(), applied, null, null,
                        phases, note, heldUpBy());
            } catch (RuntimeException e) {
                // The schema is migrated and the service open again: a missing record is no reason to close it.
                LOG.error("Migration window {} of '{}' succeeded but cannot be recorded as such", id, lockName, e);
            }
            LOG.info("Migration window {} of '{}' succeeded: {} applied, now at version {}", id, lockName,
                    applied.size(), versionAfter());
            return result(MigrationOutcome.SUCCEEDED, id, null, null);
        } catch (Throwable t) {
            end();
            return fail(t);
        }
    }

    // ---- the steps

    /**
     * Decides who owns maintenance: the window (it was off, or left on by a window that failed or died) or an
     * operator (kept on afterwards).
     */
    private void decideOwnership() {
        MaintenanceStatus state = service.refresh();
        if (!state.mode().isMaintenance()) {
            kept = null;
        } else {
            List<HistoryEntry> last = service.history(1);
            HistoryEntry entry = last.isEmpty() ? null : last.get(0);
            Optional<MigrationStore.StoredWindow> previous = store.latestOther(lockName, id, clock.instant());
            boolean leftByWindow = entry != null && entry.origin() == Origin.MIGRATION
                    && entry.version() == state.version() && previous.isPresent()
                    && previous.get().record().outcome() != MigrationOutcome.SUCCEEDED;
            if (leftByWindow) {
                inherited = true;
                inheritedFrom = previous.get().record().id();
                kept = previous.get().kept();
            } else {
                kept = new KeptState(state.mode(), state.message(), state.until());
            }
        }
        windowMode = kept == null ? settings.mode() : Mode.strictest(settings.mode(), state.mode());
        lastVersionWritten = state.version();
        lastChangeAt = state.changedAt();
        ownershipDecided = true;
    }

    private void enable() {
        boolean stricter = kept != null && settings.mode().compareTo(kept.mode()) > 0;
        if (kept != null && !inherited && !stricter) {
            LOG.info("Migration window {} of '{}' kept maintenance on ({}, version {}) as an operator set it; left on "
                    + "afterwards", id, lockName, kept.mode().externalName(), lastVersionWritten);
            return;
        }
        MaintenanceStatus after = service.apply(MaintenanceChange.enable(windowMode)
                .message(settings.message())
                .expectedDuration(settings.estimate())
                .actor(settings.actor())
                .origin(Origin.MIGRATION)
                .clientAddress(settings.clientAddress())
                .build());
        changed = true;
        lastVersionWritten = after.version();
        lastChangeAt = after.changedAt();
        String why = inherited ? " (left on by failed window " + inheritedFrom + ")"
                : kept != null ? " (stricter than the operator's " + kept.mode().externalName()
                        + ", restored afterwards)" : "";
        LOG.info("Migration window {} of '{}' switched maintenance on ({}, version {}){}", id, lockName,
                windowMode.externalName(), after.version(), why);
    }

    // ---- acknowledgements and draining

    /** One instance that held the window up: since when, for how long in all, why, and how it ended. */
    private static final class Waiting {
        final String id;
        final String host;
        final long usualNanos;
        long blockedSince = -1;
        long blockedNanos;
        String behind;
        long behindFirst = -1;
        long behindLast;
        boolean stillBehind;
        String work;
        InstanceWait.Outcome outcome;

        Waiting(String id, String host, long usualNanos) {
            this.id = id;
            this.host = host;
            this.usualNanos = usualNanos;
        }

        void block(long now, String behindReason, String workReason) {
            if (blockedSince < 0) {
                blockedSince = now;
                outcome = null;
            }
            stillBehind = behindReason != null;
            if (behindReason != null) {
                behind = behindReason;
                if (behindFirst < 0) {
                    behindFirst = now;
                }
                behindLast = now;
            }
            if (workReason != null && !workReason.isEmpty()) {
                work = workReason;
            }
        }

        void release(long now, InstanceWait.Outcome how) {
            if (how == InstanceWait.Outcome.READY) {
                stillBehind = false;
            }
            if (blockedSince >= 0) {
                blockedNanos += now - blockedSince;
                blockedSince = -1;
                outcome = how;
            }
        }

        /** Whether it acknowledged late (or never): an acknowledgement within a refresh interval is the usual. */
        boolean lateToAcknowledge() {
            return behind != null && (stillBehind || behindLast - behindFirst >= usualNanos);
        }

        /** Whether it held the window up for more than the usual few milliseconds of an acknowledgement. */
        boolean heldUp() {
            return work != null || lateToAcknowledge() || blockedSince >= 0
                    || (outcome != null && outcome != InstanceWait.Outcome.READY);
        }

        String reason() {
            String b = lateToAcknowledge() ? behind : null;
            if (b != null && work != null) {
                return b + "; " + work;
            }
            return b != null ? b : work != null ? work : behind != null ? behind : "not ready";
        }

        InstanceWait value() {
            return new WaitValue(id, host, TimeUnit.NANOSECONDS.toMillis(blockedNanos), reason(),
                    outcome == null ? InstanceWait.Outcome.READY : outcome);
        }
    }

    private final Map<String, Waiting> waits = new LinkedHashMap<>();

    /**
     * Waits for acknowledgements, not time: until every live instance reports the window's version (PROPAGATE),
     * then until none has a request (for a read-only window: a write) or a background job in flight (DRAIN), this
     * one included; both bounded by one drain timeout, after which the drain policy decides. An instance that
     * stops reporting is waited for until its lease ends (by then it has switched itself to its fail-safe mode).
     * When the instance table says nothing (it cannot be read, or this instance is not in it), the window falls
     * back to waiting a refresh interval plus the margin, and for this instance's requests alone.
     */
    private void settle() throws InterruptedException {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        boolean readOnly = windowMode == Mode.READ_ONLY;
        ClusterValue view = readCluster();
        if (view == null || !view.registered()) {
            begin(MigrationPhase.PROPAGATE);
            propagate();
            end();
            LOG.info("Migration window {} of '{}' waited a refresh interval plus {} for version {} to propagate "
                    + "instead of acknowledgements (the instance table {})", id, lockName,
                    Values.text(settings.propagationMargin()),
                    lastVersionWritten, view == null ? "cannot be read" : "does not list this instance");
            begin(MigrationPhase.DRAIN);
            if (drainLocal(System.nanoTime() + settings.drainTimeout().toNanos(), readOnly)) {
                LOG.info("Migration window {} of '{}' drained: no {} or job in flight on this instance", id,
                        lockName, readOnly ? "write" : "request");
            }
            end();
            return;
        }
        // Acknowledgements pushed to the others arrive within milliseconds: look again soon, then less often.
        long maxPoll = pollMillis();
        long poll = Math.min(FIRST_POLL_MILLIS, maxPoll);
        begin(MigrationPhase.PROPAGATE);
        while (true) {
            long now = System.nanoTime();
            List<String> behind = new ArrayList<>();
            for (ServiceInstance i : view.instances()) {
                if (!i.local() && i.stateVersion() < lastVersionWritten) {
                    behind.add(i.id());
                }
            }
            track(view, now, behind, i -> "had not acknowledged version "
                    + lastVersionWritten + " (held " + i.stateVersion() + ")", i -> work(i).describe(readOnly));
            if (behind.isEmpty()) {
                break;
            }
            if (now - deadline >= 0) {
                end();
                timedOut(behind.size() + " instance(s) had not acknowledged version " + lastVersionWritten);
                return;
            }
            Thread.sleep(Math.max(1, Math.min(poll, TimeUnit.NANOSECONDS.toMillis(deadline - now))));
            poll = Math.min(maxPoll, poll * 2);
            view = readClusterOr(view);
        }
        end();
        LOG.info("Migration window {} of '{}' propagated version {} to {} instance(s)", id, lockName,
                lastVersionWritten, view.instances().size());
        begin(MigrationPhase.DRAIN);
        poll = Math.min(FIRST_POLL_MILLIS, maxPoll);
        while (true) {
            long now = System.nanoTime();
            List<String> busy = new ArrayList<>();
            LocalWork local = localWork();
            if (!local.idleFor(readOnly)) {
                busy.add(service.identity().id());
            }
            for (ServiceInstance i : view.instances()) {
                if (!i.local() && !work(i).idleFor(readOnly)) {
                    busy.add(i.id());
                }
            }
            track(view, now, busy, i -> null, i -> (i.local() ? local : work(i)).describe(readOnly));
            if (busy.isEmpty()) {
                break;
            }
            if (now - deadline >= 0) {
                end();
                timedOut(busy.size() + " instance(s) still had work in flight");
                return;
            }
            Thread.sleep(Math.max(1, Math.min(poll, TimeUnit.NANOSECONDS.toMillis(deadline - now))));
            poll = Math.min(maxPoll, poll * 2);
            view = readClusterOr(view);
        }
        end();
        List<InstanceWait> held = heldUpBy();
        LOG.info("Migration window {} of '{}' drained: no {} or job in flight on {} instance(s){}", id, lockName,
                readOnly ? "write" : "request", view.instances().size(),
                held.isEmpty() ? "" : "; waited for " + describe(held));
    }

    /**
     * Updates the waits: the instances in {@code blocking} hold the window up now (with their reasons); the others
     * that did are ready, or gone when no longer listed.
     */
    private void track(ClusterValue view, long now, List<String> blocking,
            java.util.function.Function<ServiceInstance, String> behindReason,
            java.util.function.Function<ServiceInstance, String> workReason) {
        Map<String, ServiceInstance> listed = new LinkedHashMap<>();
        view.instances().forEach(i -> listed.put(i.id(), i));
        for (String blocked : blocking) {
            ServiceInstance i = listed.get(blocked);
            if (i == null) {
                continue;
            }
            Waiting w = waits.computeIfAbsent(blocked, k -> new Waiting(k, i.host(),
                    service.refreshInterval().toNanos()));
            w.block(now, behindReason.apply(i), workReason.apply(i));
        }
        for (Waiting w : waits.values()) {
            if (!blocking.contains(w.id)) {
                w.release(now, listed.containsKey(w.id) ? InstanceWait.Outcome.READY : InstanceWait.Outcome.GONE);
            }
        }
    }

    /** The drain timeout ended: abort, or log the instances still not ready and migrate anyway. */
    private void timedOut(String what) {
        long now = System.nanoTime();
        waits.values().forEach(w -> w.release(now, InstanceWait.Outcome.TIMED_OUT));
        String message = what + " after " + Values.text(settings.drainTimeout()) + ": " + describe(waits.values()
                .stream().filter(w -> w.outcome == InstanceWait.Outcome.TIMED_OUT).map(Waiting::value).toList());
        if (settings.drainPolicy() == DrainPolicy.ABORT) {
            throw new IllegalStateException(message + " (drain policy ABORT)");
        }
        LOG.warn("Migration window {} of '{}': {}; migrating anyway (drain policy PROCEED)", id, lockName, message);
    }

    private static String describe(List<InstanceWait> list) {
        List<String> parts = new ArrayList<>();
        for (InstanceWait w : list) {
            parts.add(w.instanceId() + " on " + w.host() + " (" + w.reason() + "; " + w.waitedMillis() + " ms, "
                    + w.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")");
        }
        return String.join(", ", parts);
    }

    /**
     * The instances that held the window up: those that had work in flight, left, or were still not ready at the
     * timeout, and those slower to acknowledge than one refresh interval; an acknowledgement in the usual few
     * milliseconds held nothing up.
     */
    private List<InstanceWait> heldUpBy() {
        return waits.values().stream().filter(Waiting::heldUp).map(Waiting::value).toList();
    }

    /** This instance's work: what it reports, plus the window's own counter when that is not part of it. */
    private LocalWork localWork() {
        LocalWork reported = service.localWork();
        InFlightRequests own = settings.inFlightRequests();
        if (own == InFlightRequests.NONE || service.tracks(own)) {
            return reported;
        }
        int requests = Math.max(0, own.inFlight());
        int writes = Math.max(0, Math.min(requests, own.writesInFlight()));
        return new LocalWork(reported.requests() + requests, reported.writes() + writes, reported.jobs(),
                reported.jobNames());
    }

    private static LocalWork work(ServiceInstance i) {
        return new LocalWork(i.requestsInFlight(), i.writesInFlight(), i.jobsInFlight(), i.runningJobs());
    }

    /** The longest wait between two reads of the instances: a twentieth of a refresh interval, 10 to 100 ms. */
    private long pollMillis() {
        return Math.max(10, Math.min(100, service.refreshInterval().toMillis() / 20));
    }

    private ClusterValue readCluster() {
        try {
            return service.cluster();
        } catch (RuntimeException e) {
            LOG.debug("Migration window {} of '{}' cannot read the instances: {}", id, lockName, Failures.reason(e));
            return null;
        }
    }

    /** Reads the instances again; keeps the last view when they cannot be read (the deadline still applies). */
    private ClusterValue readClusterOr(ClusterValue last) {
        ClusterValue view = readCluster();
        return view != null ? view : last;
    }

    /** The fallback: waits until every instance must have seen the last change, a refresh interval plus the margin. */
    private void propagate() throws InterruptedException {
        if (lastChangeAt == null) {
            return;
        }
        Instant seenBy = lastChangeAt.plus(service.refreshInterval()).plus(settings.propagationMargin());
        Duration remaining = Duration.between(clock.instant(), seenBy);
        if (!remaining.isNegative() && !remaining.isZero()) {
            Thread.sleep(remaining.toMillis(), remaining.toNanosPart() % 1_000_000);
        }
    }

    /** The fallback: waits for this instance's own work alone. */
    private boolean drainLocal(long deadline, boolean readOnly) throws InterruptedException {
        while (true) {
            LocalWork work = localWork();
            if (work.idleFor(readOnly)) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                String message = work.describe(readOnly) + " on this instance after " + settings.drainTimeout();
                if (settings.drainPolicy() == DrainPolicy.ABORT) {
                    throw new IllegalStateException(message + " (drain policy ABORT)");
                }
                LOG.warn("Migration window {} of '{}': {}; migrating anyway (drain policy PROCEED)", id, lockName,
                        message);
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(DRAIN_POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(left))));
        }
    }

    /**
     * Switches maintenance off, or restores the operator's, with a compare-and-set on the version the window
     * wrote last: if anyone changed the state since, it stays as they set it, and the window records that.
     */
    private void finish() {
        if (kept != null && !changed) {
            LOG.info("Migration window {} of '{}' left maintenance on ({}) as an operator set it", id, lockName,
                    kept.mode().externalName());
            return;
        }
        try {
            if (kept == null) {
                ScheduledWindow open = service.status().activeWindow().orElse(null);
                MaintenanceStatus off = service.apply(MaintenanceChange.disable()
                        .expectedVersion(lastVersionWritten)
                        .actor(settings.actor())
                        .origin(Origin.MIGRATION)
                        .clientAddress(settings.clientAddress())
                        .build());
                MaintenanceStatus last = off;
                if (open != null && open.end().isAfter(clock.instant())) {
                    // Switching off closes an open scheduled window; it was not the window's to close.
                    last = service.apply(MaintenanceChange.schedule(open)
                            .expectedVersion(off.version())
                            .actor(settings.actor())
                            .origin(Origin.MIGRATION)
                            .clientAddress(settings.clientAddress())
                            .build());
                }
                LOG.info("Migration window {} of '{}' reopened the service: maintenance off (version {}){}", id,
                        lockName, last.version(), last == off ? ""
                                : "; the scheduled window open until " + open.end() + " stays");
                return;
            }
            Instant until = kept.until() != null && kept.until().isAfter(clock.instant()) ? kept.until() : null;
            MaintenanceStatus restored = service.apply(MaintenanceChange.enable(kept.mode())
                    .expectedVersion(lastVersionWritten)
                    .message(kept.message())
                    .until(until)
                    .actor(settings.actor())
                    .origin(Origin.MIGRATION)
                    .clientAddress(settings.clientAddress())
                    .build());
            LOG.info("Migration window {} of '{}' left maintenance on ({}, version {}) as it was before the window"
                    + "{}", id, lockName, kept.mode().externalName(), restored.version(),
                    inherited ? " (left on by failed window " + inheritedFrom + ")" : " (set by an operator)");
        } catch (VersionConflictException e) {
            note = "maintenance was changed during the window (version " + e.actualVersion()
                    + "); the window left it as it was set";
            LOG.warn("Maintenance of '{}' was changed during migration window {} (now version {}): left as it is",
                    lockName, id, e.actualVersion());
        }
    }

    private MigrationResult fail(Throwable error) {
        MigrationPhase failedPhase = phase;
        noteRetryable(error);
        if (error instanceof MigrationFailedException partial && applied.isEmpty()) {
            applied = partial.applied();
        }
        String reason = Failures.reason(error);
        StringBuilder description = new StringBuilder(Failures.describe(error));
        LOG.error("Migration window {} of '{}' failed in {}: {}", id, lockName, failedPhase, reason);
        trace(error);
        if (!ownershipDecided) {
            MaintenanceStatus known = service.status();
            kept = known.mode().isMaintenance() ? new KeptState(known.mode(), known.message(), known.until()) : null;
            windowMode = kept == null ? settings.mode() : Mode.strictest(settings.mode(), known.mode());
        }
        try {
            // Users keep seeing what the window announced (its message and expected end, then "overdue"); the
            // reason is for operators: in the log, the window's record and the admin status.
            MaintenanceStatus now = service.status();
            if (now.stale() || now.mode().compareTo(windowMode) < 0) {
                now = service.apply(MaintenanceChange.enable(windowMode)
                        .message(settings.message())
                        .expectedDuration(settings.estimate())
                        .actor(settings.actor())
                        .origin(Origin.MIGRATION)
                        .clientAddress(settings.clientAddress())
                        .build());
            }
            LOG.info("Migration window {} of '{}' left maintenance on ({}, version {}) since it failed: the schema "
                    + "is not known to be at its target", id, lockName, now.mode().externalName(), now.version());
        } catch (RuntimeException e) {
            LOG.error("Migration window {} of '{}': maintenance cannot be kept on", id, lockName, e);
            description.append("\nalso: maintenance cannot be kept on: ").append(Failures.reason(e));
        }
        record(MigrationOutcome.FAILED, description.toString(), failedPhase);
        if (!settings.hooks().isEmpty()) {
            begin(MigrationPhase.FAILURE_HOOKS);
            for (MigrationHook hook : settings.hooks()) {
                try {
                    hook.onFailure(context(), failedPhase, error);
                } catch (Exception | LinkageError | AssertionError e) {
                    LOG.error("Migration window {} of '{}': a failure hook failed", id, lockName, e);
                    description.append("\nalso: failure hook ").append(hook.getClass().getName()).append(" failed: ")
                            .append(Failures.reason(e));
                }
            }
            end();
            LOG.info("Migration window {} of '{}' ran {} failure hook(s)", id, lockName, settings.hooks().size());
            record(MigrationOutcome.FAILED, description.toString(), failedPhase);
        }
        if (error instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (error instanceof VirtualMachineError fatal) {
            throw fatal;
        }
        return result(MigrationOutcome.FAILED, recorded ? id : null, description.toString(), failedPhase);
    }

    private void record(MigrationOutcome outcome, String error, MigrationPhase failedPhase) {
        try {
            if (!recorded) {
                store.insert(id, lockName, settings.actor(), settings.holder(), settings.mode(), clock.instant(),
                        plan.currentVersion(), plan.pending(), kept);
                recorded = true;
                progress.recorded(id);
            }
            store.finish(id, clock.instant(), outcome, versionAfter(), applied, error, failedPhase, phases, note,
                    heldUpBy());
        } catch (RuntimeException e) {
            LOG.error("Migration window {} of '{}' cannot be recorded", id, lockName, e);
        }
    }

    // ---- the lock

    private boolean acquire() throws InterruptedException {
        long deadline = System.nanoTime() + settings.lockWaitTimeout().toNanos();
        long poll = Math.max(50, Math.min(1000, settings.leaseDuration().toMillis() / 10));
        while (true) {
            Instant now = clock.instant();
            Instant end = now.plus(settings.leaseDuration());
            if (store.tryAcquire(lockName, id, settings.holder(), now, end)) {
                leaseEnd = end;
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(poll, TimeUnit.NANOSECONDS.toMillis(left))));
        }
    }

    private ScheduledExecutorService startHeartbeat() {
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "intermission-migration-lease-" + lockName);
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, settings.leaseDuration().toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        return heartbeat;
    }

    private void renew() {
        try {
            if (!store.renew(lockName, id, clock.instant().plus(settings.leaseDuration())) && !leaseLost) {
                leaseLost = true;
                LOG.error("Migration window {} of '{}' lost the lock's lease", id, lockName);
            }
        } catch (RuntimeException e) {
            LOG.warn("Migration window {} of '{}' cannot renew the lock's lease: {}", id, lockName,
                    Failures.reason(e));
        }
    }

    private Optional<MigrationStore.Lease> safeLease() {
        try {
            return store.lease(lockName);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    // ---- bookkeeping

    /** The stack trace of a failure whose reason a line already gave: at DEBUG only. */
    private static void trace(Throwable error) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, (java.util.ResourceBundle) null, "stack trace of the above", error);
        }
    }

    private void begin(MigrationPhase next) {
        phase = next;
        phaseStart = System.nanoTime();
    }

    private void end() {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - phaseStart);
        phases.merge(phase, millis, Long::sum);
        phaseStart = System.nanoTime();
    }

    private MigrationContext context() {
        return new MigrationContext(id, lockName, settings.actor(), windowMode, plan, applied);
    }

    private String versionAfter() {
        String version = plan == null ? null : plan.currentVersion();
        for (AppliedMigration migration : applied) {
            if (migration.version() != null) {
                version = migration.version();
            }
        }
        return version;
    }

    private MigrationResult result(MigrationOutcome outcome, String windowId, String error,
            MigrationPhase failedPhase) {
        String before = plan == null ? null : plan.currentVersion();
        return new ResultValue(outcome, windowId, lockName, before, versionAfter(), applied,
                error, failedPhase, phases, service.status().mode().isMaintenance(), note, heldUpBy());
    }

    /** A schema version as the log shows it: "none" for a database no migration has touched yet. */
    private static String shown(String version) {
        return version == null ? "none" : version;
    }
}
