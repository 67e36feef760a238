package dev.intermission.migration.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.intermission.HistoryEntry;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.ScheduledWindow;
import dev.intermission.VersionConflictException;
import dev.intermission.internal.Engine;
import dev.intermission.internal.Log;
import dev.intermission.internal.StoreFailures;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.DrainPolicy;
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
                settings.service().status().mode().isMaintenance(), null);
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
            LOG.error("Migration plan of '{}' cannot be read: {}", lockName, Failures.reason(e), e);
            return result(MigrationOutcome.FAILED, null, Failures.describe(e), MigrationPhase.PLAN);
        }
        end();
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
            LOG.error("Migration lock of '{}' cannot be taken: {}", lockName, Failures.reason(e), e);
            return result(MigrationOutcome.FAILED, null, Failures.describe(e), MigrationPhase.LOCK);
        }
        end();
        if (!acquired) {
            Optional<MigrationStore.Lease> lease = safeLease();
            String holder = lease.map(MigrationStore.Lease::windowId).orElse(null);
            LOG.info("Migration window of '{}' not started: window {} of {} holds the lock until {} (renewed while "
                    + "it runs)", lockName, holder, lease.map(MigrationStore.Lease::holder).orElse("?"),
                    lease.map(MigrationStore.Lease::expiresAt).map(Object::toString).orElse("?"));
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
                    settings.actor(), plan.pending().size(), plan.currentVersion(), plan.targetVersion());
            progress.recorded(id);
            enable();
            progress.maintenanceOn();
            end();

            begin(MigrationPhase.PROPAGATE);
            propagate();
            end();

            begin(MigrationPhase.DRAIN);
            drain();
            end();

            begin(MigrationPhase.BEFORE_HOOKS);
            for (MigrationHook hook : settings.hooks()) {
                hook.beforeMigrate(context());
            }
            end();

            begin(MigrationPhase.MIGRATE);
            if (leaseLost) {
                throw new IllegalStateException("the migration lock's lease was lost before migrating (the "
                        + "database was unreachable for longer than " + settings.leaseDuration() + ")");
            }
            applied = List.copyOf(settings.migrator().migrate());
            end();

            begin(MigrationPhase.VALIDATE);
            settings.migrator().validate();
            end();

            begin(MigrationPhase.AFTER_HOOKS);
            for (MigrationHook hook : settings.hooks()) {
                hook.afterMigrate(context());
            }
            end();

            begin(MigrationPhase.FINISH);
            finish();
            end();

            try {
                store.finish(id, clock.instant(), MigrationOutcome.SUCCEEDED, versionAfter(), applied, null, null,
                        phases, note);
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
            LOG.info("Maintenance of '{}' is already on ({}) by an operator: kept, and left on afterwards", lockName,
                    kept.mode());
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
    }

    /** Waits until every instance must have seen the last change: a refresh interval plus the margin. */
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

    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (true) {
            int running = settings.inFlightRequests().inFlight();
            if (running <= 0) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                String message = running + " request(s) still in flight after " + settings.drainTimeout();
                if (settings.drainPolicy() == DrainPolicy.ABORT) {
                    throw new IllegalStateException(message + " (drain policy ABORT)");
                }
                LOG.warn("Migration window {} of '{}': {}; migrating anyway (drain policy PROCEED)", id, lockName,
                        message);
                return;
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
                if (open != null && open.end().isAfter(clock.instant())) {
                    // Switching off closes an open scheduled window; it was not the window's to close.
                    service.apply(MaintenanceChange.schedule(open)
                            .expectedVersion(off.version())
                            .actor(settings.actor())
                            .origin(Origin.MIGRATION)
                            .clientAddress(settings.clientAddress())
                            .build());
                }
                return;
            }
            Instant until = kept.until() != null && kept.until().isAfter(clock.instant()) ? kept.until() : null;
            service.apply(MaintenanceChange.enable(kept.mode())
                    .expectedVersion(lastVersionWritten)
                    .message(kept.message())
                    .until(until)
                    .actor(settings.actor())
                    .origin(Origin.MIGRATION)
                    .clientAddress(settings.clientAddress())
                    .build());
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
        LOG.error("Migration window {} of '{}' failed in {}: {}", id, lockName, failedPhase, reason, error);
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
                service.apply(MaintenanceChange.enable(windowMode)
                        .message(settings.message())
                        .expectedDuration(settings.estimate())
                        .actor(settings.actor())
                        .origin(Origin.MIGRATION)
                        .clientAddress(settings.clientAddress())
                        .build());
            }
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
            store.finish(id, clock.instant(), outcome, versionAfter(), applied, error, failedPhase, phases, note);
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
            if (store.tryAcquire(lockName, id, settings.holder(), now, now.plus(settings.leaseDuration()))) {
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
                error, failedPhase, phases, service.status().mode().isMaintenance(), note);
    }
}
