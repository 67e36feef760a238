package dev.intermission.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import dev.intermission.InvalidValueException;
import dev.intermission.background.BackgroundJob;
import dev.intermission.background.BackgroundTask;
import dev.intermission.background.BackgroundWork;
import dev.intermission.background.PausePolicy;

/**
 * The library's BackgroundWork for one service: the running jobs (counted before maintenance is checked, so a
 * window that switched maintenance on either sees the job counted or the job sees maintenance), the deferred
 * tasks (released when maintenance is off again), and the executor wrappers.
 */
public final class BackgroundRegistry implements BackgroundWork {

    private static final Log LOG = Log.of(BackgroundRegistry.class);

    private final BooleanSupplier maintenanceOn;
    private final ConcurrentHashMap<Object, String> running = new ConcurrentHashMap<>();
    private final Queue<Runnable> deferred = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /**
     * Creates the registry of one service.
     *
     * @param maintenanceOn whether maintenance is on now
     */
    public BackgroundRegistry(BooleanSupplier maintenanceOn) {
        this.maintenanceOn = maintenanceOn;
    }

    @Override
    public BackgroundJob start(String name) {
        return begin(Checks.label("name", name, Checks.MAX_JOB_NAME_LENGTH));
    }

    private Job begin(String name) {
        Object token = new Object();
        running.put(token, name);
        if (closed || maintenanceOn.getAsBoolean()) {
            running.remove(token);
            return new Job(name, null);
        }
        return new Job(name, token);
    }

    @Override
    public boolean runIfOpen(String name, Runnable job) {
        if (job == null) {
            throw new InvalidValueException("job", null, "must not be null");
        }
        try (BackgroundJob j = start(name)) {
            if (!j.allowed()) {
                return false;
            }
            job.run();
            return true;
        }
    }

    @Override
    public ScheduledExecutorService wrap(String name, ScheduledExecutorService executor, PausePolicy defaultPolicy) {
        if (executor == null) {
            throw new InvalidValueException("executor", null, "must not be null");
        }
        return new Scheduled(check(name, defaultPolicy), executor, defaultPolicy);
    }

    @Override
    public Executor wrap(String name, Executor executor, PausePolicy defaultPolicy) {
        if (executor == null) {
            throw new InvalidValueException("executor", null, "must not be null");
        }
        if (executor instanceof ScheduledExecutorService scheduled) {
            return wrap(name, scheduled, defaultPolicy);
        }
        String checked = check(name, defaultPolicy);
        return task -> {
            if (task == null) {
                throw new NullPointerException("task");
            }
            executor.execute(gate(executor, checked, defaultPolicy, task, null));
        };
    }

    private static String check(String name, PausePolicy policy) {
        String checked = Checks.label("name", name, Checks.MAX_JOB_NAME_LENGTH);
        if (policy == null) {
            throw new InvalidValueException("defaultPolicy", null, "must be SKIP, DEFER or RUN");
        }
        return checked;
    }

    @Override
    public boolean paused() {
        return maintenanceOn.getAsBoolean();
    }

    @Override
    public int running() {
        return running.size();
    }

    @Override
    public List<String> runningJobs() {
        Set<String> names = new LinkedHashSet<>(running.values());
        List<String> list = new ArrayList<>(names);
        return list.size() > LocalWork.MAX_NAMES ? List.copyOf(list.subList(0, LocalWork.MAX_NAMES)) : List.copyOf(list);
    }

    @Override
    public int deferred() {
        return deferred.size();
    }

    /**
     * Returns the running jobs as the instance reports them.
     *
     * @return the count and names
     */
    public LocalWork work() {
        return new LocalWork(0, 0, running(), runningJobs());
    }

    /** Hands the deferred tasks back to their executors once maintenance is off; called by the refresher. */
    public void release() {
        if (closed || deferred.isEmpty() || paused()) {
            return;
        }
        Runnable next;
        while (!paused() && (next = deferred.poll()) != null) {
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.warn("A deferred background task could not be handed back to its executor: {}", e);
            }
        }
    }

    /** Drops the deferred tasks and refuses new jobs: the service is closing. */
    public void close() {
        closed = true;
        int dropped = deferred.size();
        deferred.clear();
        if (dropped > 0) {
            LOG.info("{} deferred background task(s) dropped: the maintenance service closed", dropped);
        }
    }

    /**
     * The task as the executor runs it: at run time, counted while maintenance is off, else per its policy.
     *
     * @param executor the executor itself (not a wrapper), where a deferred task goes back to
     * @param name     the wrapper's name, for tasks that do not name themselves
     * @param policy   the wrapper's policy, for tasks that do not say
     * @param task     the task (a {@link Named} future for submitted ones)
     * @param periodic the future of a periodic task, to drop its deferred run once cancelled; or {@code null}
     */
    private Runnable gate(Executor executor, String name, PausePolicy policy, Runnable task,
            AtomicReference<ScheduledFuture<?>> periodic) {
        Object identity = task instanceof Named<?> n ? n.original : task;
        String taskName = identity instanceof BackgroundTask bt ? safeName(bt, name) : name;
        PausePolicy taskPolicy = identity instanceof BackgroundTask bt && bt.pausePolicy() != null
                ? bt.pausePolicy() : policy;
        AtomicBoolean owed = new AtomicBoolean();
        return new Runnable() {
            @Override
            public void run() {
                if (taskPolicy == PausePolicy.RUN) {
                    task.run();
                    return;
                }
                Job job = begin(taskName);
                if (job.allowed()) {
                    try {
                        task.run();
                    } finally {
                        job.close();
                    }
                    return;
                }
                if (taskPolicy == PausePolicy.SKIP || closed) {
                    LOG.debug("Background task '{}' skipped: maintenance is on", taskName);
                    if (task instanceof Named<?> n) {
                        n.cancel(false);
                    }
                    return;
                }
                if (periodic != null && !owed.compareAndSet(false, true)) {
                    return;
                }
                LOG.debug("Background task '{}' deferred until maintenance is off", taskName);
                Runnable self = this;
                deferred.add(() -> {
                    owed.set(false);
                    ScheduledFuture<?> f = periodic == null ? null : periodic.get();
                    if (f != null && f.isCancelled()) {
                        return;
                    }
                    try {
                        executor.execute(self);
                    } catch (RejectedExecutionException e) {
                        LOG.debug("Deferred background task '{}' dropped: its executor is shut down", taskName);
                        if (task instanceof Named<?> n) {
                            n.cancel(false);
                        }
                    }
                });
            }

            @Override
            public String toString() {
                return "paused-when-maintenance[" + taskName + "]";
            }
        };
    }

    private static String safeName(BackgroundTask task, String fallback) {
        try {
            String n = task.name();
            return n == null || n.isBlank() ? fallback : Checks.shown(n.strip(), Checks.MAX_JOB_NAME_LENGTH);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /** One guarded job. */
    private final class Job implements BackgroundJob {
        private final String name;
        private final boolean allowed;
        private final AtomicReference<Object> token;

        Job(String name, Object token) {
            this.name = name;
            this.allowed = token != null;
            this.token = new AtomicReference<>(token);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean allowed() {
            return allowed;
        }

        @Override
        public boolean maintenanceOn() {
            return paused();
        }

        @Override
        public void close() {
            Object t = token.getAndSet(null);
            if (t != null) {
                running.remove(t);
            }
        }

        @Override
        public String toString() {
            return "BackgroundJob[" + name + "]";
        }
    }

    /** A submitted task's future that remembers the task, for its name and policy. */
    private static final class Named<V> extends FutureTask<V> {
        final Object original;

        Named(Callable<V> callable) {
            super(callable);
            this.original = callable;
        }

        Named(Runnable runnable, V result) {
            super(runnable, result);
            this.original = runnable;
        }
    }

    /** The future of a scheduled one-off task: the delay from the executor, the outcome from the task itself. */
    private static final class ScheduledTask<V> implements ScheduledFuture<V> {
        private final Named<V> task;
        private final ScheduledFuture<?> timer;

        ScheduledTask(Named<V> task, ScheduledFuture<?> timer) {
            this.task = task;
            this.timer = timer;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return timer.getDelay(unit);
        }

        @Override
        public int compareTo(Delayed other) {
            return timer.compareTo(other);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            timer.cancel(false);
            return task.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return task.isCancelled();
        }

        @Override
        public boolean isDone() {
            return task.isDone();
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            return task.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return task.get(timeout, unit);
        }
    }

    /** A scheduled executor whose tasks pause while maintenance is on. */
    private final class Scheduled extends AbstractExecutorService implements ScheduledExecutorService {
        private final String name;
        private final ScheduledExecutorService executor;
        private final PausePolicy policy;

        Scheduled(String name, ScheduledExecutorService executor, PausePolicy policy) {
            this.name = name;
            this.executor = executor;
            this.policy = policy;
        }

        @Override
        protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
            return new Named<>(runnable, value);
        }

        @Override
        protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
            return new Named<>(callable);
        }

        @Override
        public void execute(Runnable command) {
            if (command == null) {
                throw new NullPointerException("command");
            }
            executor.execute(gate(executor, name, policy, command, null));
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            Named<Void> task = new Named<>(command, null);
            return new ScheduledTask<>(task, executor.schedule(gate(executor, name, policy, task, null), delay, unit));
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            Named<V> task = new Named<>(callable);
            return new ScheduledTask<>(task, executor.schedule(gate(executor, name, policy, task, null), delay, unit));
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            AtomicReference<ScheduledFuture<?>> future = new AtomicReference<>();
            ScheduledFuture<?> f = executor.scheduleAtFixedRate(gate(executor, name, policy, command, future),
                    initialDelay, period, unit);
            future.set(f);
            return f;
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                TimeUnit unit) {
            AtomicReference<ScheduledFuture<?>> future = new AtomicReference<>();
            ScheduledFuture<?> f = executor.scheduleWithFixedDelay(gate(executor, name, policy, command, future),
                    initialDelay, delay, unit);
            future.set(f);
            return f;
        }

        @Override
        public void shutdown() {
            executor.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return executor.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return executor.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return executor.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return executor.awaitTermination(timeout, unit);
        }

        @Override
        public String toString() {
            return "PausedWhenMaintenance[" + name + ", " + policy + ", " + executor + "]";
        }
    }
}
