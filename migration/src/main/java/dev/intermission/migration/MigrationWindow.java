package dev.intermission.migration;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.intermission.InvalidValueException;
import dev.intermission.InFlightRequests;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.Values;
import dev.intermission.internal.Checks;
import dev.intermission.internal.Engine;
import dev.intermission.migration.internal.WindowRunner;
import dev.intermission.migration.internal.WindowSettings;

/**
 * Runs pending schema migrations as one safe maintenance window, in this order:
 * <ol>
 *   <li>nothing pending: maintenance is not touched, the result is {@link MigrationOutcome#UP_TO_DATE};</li>
 *   <li>take the cluster-wide lock (a lease in the database, renewed while the window runs, that ends by itself
 *       if this process dies); if another window holds it, wait up to {@link Builder#lockWaitTimeout(Duration)}
 *       and then report {@link MigrationOutcome#ALREADY_RUNNING};</li>
 *   <li>switch maintenance on ({@link Mode#FULL} by default) with a message and an expected end. Maintenance that
 *       an operator had switched on is kept and left on afterwards; maintenance left on by an earlier window that
 *       failed or died is taken over and switched off if this one succeeds;</li>
 *   <li>wait for acknowledgements, not for time: until every live instance (see
 *       {@link MaintenanceService#instances()}) reports the new version, then until none has a request (in a
 *       {@link Mode#READ_ONLY} window: a write) or a background job in flight, this one included; an instance
 *       that stops reporting is waited for until its lease ends. Both waits share
 *       {@link Builder#drainTimeout(Duration)}, after which the {@link DrainPolicy} decides; the window's record
 *       names the instances that held it up and what they were running ({@link MigrationRecord#heldUpBy()}). A
 *       window with no other instance waits for nothing but its own work. When the instance table says nothing
 *       (it cannot be read, or does not list this instance), the window waits this instance's refresh interval
 *       plus {@link Builder#propagationMargin(Duration)} instead;</li>
 *   <li>run the before hooks, migrate, validate, run the after hooks;</li>
 *   <li>on success switch maintenance off (or restore the operator's); on failure at any step leave it on with
 *       the message users were given (the window's, or the operator's), record the error for operators and run
 *       the failure hooks.</li>
 * </ol>
 * Every window that takes the lock and finds work is recorded; read them with {@link MigrationHistory}. Every
 * change the window makes to the maintenance state is recorded with {@link dev.intermission.Origin#MIGRATION}.
 *
 * <pre>{@code
 * SchemaMigrator flyway = FlywayMigrator.newBuilder().dataSource(dataSource).build();
 * MigrationResult result = MigrationWindow.newBuilder(maintenance, flyway)
 *         .estimate(Duration.ofMinutes(5))
 *         .inFlightRequests(filter)
 *         .actor("deploy")
 *         .build()
 *         .run();
 * }</pre>
 *
 * <p>A window is immutable and can be run many times; each run is a new window with a new id.
 */
public final class MigrationWindow {

    /** The message users see during a window unless another is set. */
    public static final String DEFAULT_MESSAGE = "Database upgrade in progress.";
    /** The start of the line that tools print for operators when a window failed (users never see it). */
    public static final String FAILURE_MESSAGE_PREFIX = "migration failed: ";
    /**
     * How long to wait for every instance's acknowledgement and in-flight work by default; longer than the
     * default instance lease, so an instance that was cut off has expired well within it.
     */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    /** How long to wait for another window's lock by default. */
    public static final Duration DEFAULT_LOCK_WAIT_TIMEOUT = Duration.ofMinutes(1);
    /** How long a lease lasts without renewal by default; a dead holder blocks new windows at most this long. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(30);
    /** The shortest lease accepted. */
    public static final Duration MIN_LEASE_DURATION = Duration.ofSeconds(1);
    /** The longest lease, timeout or margin accepted. */
    public static final Duration MAX_DURATION = Duration.ofHours(24);
    /**
     * The margin added to the refresh interval before draining, by default: another instance sees a change within
     * its refresh interval plus one primary-key query, so the margin covers a slow query and scheduling jitter.
     */
    public static final Duration DEFAULT_PROPAGATION_MARGIN = Duration.ofMillis(250);
    /** The longest wait between two tries of a start-up window that cannot reach the database. */
    public static final Duration MAX_RETRY_BACKOFF = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(MigrationWindow.class.getName());
    /** The actor recorded by {@link #migrateOnStart(MaintenanceService, SchemaMigrator)}. */
    public static final String START_ACTOR = "startup";

    private final WindowSettings settings;

    private MigrationWindow(WindowSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts building a window.
     *
     * @param maintenance the service whose maintenance state the window switches; built by
     *                    {@link dev.intermission.Maintenance#newBuilder()}
     * @param migrator    what the window migrates
     * @return a new builder with every default set
     * @throws InvalidValueException when either is {@code null} or the service was not built by the library
     */
    public static Builder newBuilder(MaintenanceService maintenance, SchemaMigrator migrator) {
        return new Builder(Engine.of(maintenance), migrator);
    }

    /**
     * Runs the window an application starts with, with every default: call it before the server accepts
     * requests; see {@link #migrateOnStart()}.
     *
     * @param maintenance the service the servlet filter reads
     * @param migrator    the application's migrations
     * @return the launch; its result completes when the window ends
     */
    public static MigrationLaunch migrateOnStart(MaintenanceService maintenance, SchemaMigrator migrator) {
        return newBuilder(maintenance, migrator).actor(START_ACTOR).build().migrateOnStart();
    }

    /**
     * Reads what a run would apply, changing nothing: the dry run.
     *
     * @return the plan
     * @throws RuntimeException when the migrator cannot read the schema
     */
    public MigrationPlan plan() {
        return settings.migrator().plan();
    }

    /**
     * Runs one window on the calling thread and returns when it has ended; it never throws for a failed step,
     * the result says {@link MigrationOutcome#FAILED}.
     *
     * @return the result
     */
    public MigrationResult run() {
        return new WindowRunner(settings, newId(), WindowRunner.Progress.NONE).run();
    }

    /**
     * Starts one window on a new thread and returns once it is recorded (it holds the lock and found work) or
     * has ended without needing a record (nothing pending, another window running, a failure before the lock):
     * the entry point of an admin endpoint, which answers with the id at once.
     *
     * @return the launch
     */
    public MigrationLaunch start() {
        return launch(false);
    }

    /**
     * Starts the window of an application that is starting, on a new thread, and returns once nothing needs
     * protecting: when nothing is pending, when maintenance is on in at least this window's mode (this window's,
     * another instance's or an operator's), or when the window has ended. Call it before the server accepts requests: from then on the
     * servlet filter serves only allow-listed paths (health checks, the admin endpoint) until the window ends,
     * so the new code never serves against the old schema. If nothing is pending, the application serves at
     * once. Check {@link MigrationLaunch#completion()} to stop the application when the window failed.
     *
     * @return the launch
     */
    public MigrationLaunch migrateOnStart() {
        return launch(true);
    }

    private MigrationLaunch launch(boolean returnWhenMaintenanceOn) {
        MigrationLaunch launch = new MigrationLaunch();
        if (returnWhenMaintenanceOn) {
            // Closed from the first moment, on this instance, until the schema is at its target: even when the
            // database cannot be reached to switch maintenance on for every instance.
            settings.service().hold(settings.mode(), settings.message());
        }
        Object signal = new Object();
        boolean[] ready = {false};
        String id = newId();
        WindowRunner.Progress progress = new WindowRunner.Progress() {
            @Override
            public void recorded(String windowId) {
                launch.recorded(windowId);
                if (!returnWhenMaintenanceOn) {
                    release();
                }
            }

            @Override
            public void maintenanceOn() {
                release();
            }

            private void release() {
                synchronized (signal) {
                    ready[0] = true;
                    signal.notifyAll();
                }
            }
        };
        Thread thread = new Thread(() -> {
            MigrationResult result = null;
            try {
                result = returnWhenMaintenanceOn ? runAtStart(id, progress, launch)
                        : new WindowRunner(settings, id, progress).run();
            } finally {
                launch.complete(result != null ? result : WindowRunner.crashed(settings));
                synchronized (signal) {
                    ready[0] = true;
                    signal.notifyAll();
                }
            }
        }, "intermission-migration-" + settings.service().serviceName());
        thread.start();
        boolean interrupted = false;
        synchronized (signal) {
            while (!ready[0]) {
                if (returnWhenMaintenanceOn
                        && settings.service().effectiveMode().compareTo(settings.mode()) >= 0) {
                    break;
                }
                try {
                    signal.wait(returnWhenMaintenanceOn ? 20 : 0);
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return launch;
    }

    /**
     * Runs the start-up window until the schema is at its target: a window that fails only because the database
     * cannot be reached, or waits behind another instance's, runs again with back-off; the hold on this instance
     * ends when the schema is at its target, and stays after a real failure (fail closed).
     */
    private MigrationResult runAtStart(String firstId, WindowRunner.Progress progress, MigrationLaunch launch) {
        String id = firstId;
        long backoffMillis = Math.max(500, settings.service().refreshInterval().toMillis());
        // How many attempts in a row found the database unreachable: the first that reads the plan says it is back.
        int[] unreachable = {0};
        WindowRunner.Progress told = new WindowRunner.Progress() {
            @Override
            public void recorded(String windowId) {
                progress.recorded(windowId);
            }

            @Override
            public void maintenanceOn() {
                progress.maintenanceOn();
            }

            @Override
            public void planned() {
                if (unreachable[0] > 0) {
                    LOG.log(System.Logger.Level.INFO, "Start-up migration of ''{0}'' runs now: the database "
                            + "answers again after {1} failed attempt(s)", settings.service().serviceName(),
                            Integer.toString(unreachable[0]));
                    unreachable[0] = 0;
                }
            }

            @Override
            public boolean retriesUnreachable() {
                return true;
            }
        };
        for (int attempt = 1; ; attempt++) {
            WindowRunner runner = new WindowRunner(settings, id, told);
            MigrationResult result = runner.run();
            if (result.outcome() == MigrationOutcome.SUCCEEDED || result.outcome() == MigrationOutcome.UP_TO_DATE) {
                settings.service().releaseHold();
                return result;
            }
            boolean again = result.outcome() == MigrationOutcome.ALREADY_RUNNING || runner.retryable();
            if (runner.retryable()) {
                unreachable[0]++;
            }
            if (!again || launch.cancelled() || settings.service().closed()) {
                // Stopping (cancelled, or the service closed) is no failure: the application is shutting down.
                LOG.log(again ? System.Logger.Level.WARNING : System.Logger.Level.ERROR, "Start-up migration of "
                        + "''{0}'' {1}; this instance stays in maintenance", settings.service().serviceName(),
                        again ? "stopped before the schema reached its target (cancelled, or its service closed)"
                                : "failed");
                return result;
            }
            LOG.log(System.Logger.Level.WARNING, "Start-up migration of ''{0}'' cannot finish yet ({1}); this "
                    + "instance stays in maintenance and tries again in {2} ms (attempt {3})",
                    settings.service().serviceName(), result.outcome() == MigrationOutcome.ALREADY_RUNNING
                            ? "window " + result.windowId() + " of another instance holds the lock"
                            : firstLine(result.error()), Long.toString(backoffMillis), Integer.toString(attempt));
            if (!launch.sleep(backoffMillis)) {
                return result;
            }
            backoffMillis = Math.min(MAX_RETRY_BACKOFF.toMillis(), backoffMillis * 2);
            id = newId();
        }
    }

    private static String firstLine(String text) {
        return text == null ? "unknown" : text.lines().findFirst().orElse(text);
    }

    @Override
    public String toString() {
        return "MigrationWindow[" + settings.service().serviceName() + ", " + settings.mode() + "]";
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    /** A mutable builder of one {@link MigrationWindow}; setters fail fast on bad values. */
    public static final class Builder {
        private final Engine service;
        private final SchemaMigrator migrator;
        private Mode mode = Mode.FULL;
        private String message = DEFAULT_MESSAGE;
        private Duration estimate;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private DrainPolicy drainPolicy = DrainPolicy.ABORT;
        private Duration lockWaitTimeout = DEFAULT_LOCK_WAIT_TIMEOUT;
        private Duration leaseDuration = DEFAULT_LEASE_DURATION;
        private Duration propagationMargin = DEFAULT_PROPAGATION_MARGIN;
        private InFlightRequests inFlightRequests = InFlightRequests.NONE;
        private final List<MigrationHook> hooks = new ArrayList<>();
        private String actor = MaintenanceChange.DEFAULT_ACTOR;
        private String clientAddress;

        private Builder(Engine service, SchemaMigrator migrator) {
            if (migrator == null) {
                throw new InvalidValueException("migrator", null, "must not be null");
            }
            this.service = service;
            this.migrator = migrator;
        }

        /**
         * Sets the maintenance mode during the window.
         *
         * @param mode {@link Mode#FULL} (the default) or {@link Mode#READ_ONLY}
         * @return this builder
         * @throws InvalidValueException when {@code null} or {@link Mode#OFF}
         */
        public Builder mode(Mode mode) {
            if (mode == null || mode == Mode.OFF) {
                throw new InvalidValueException("mode", mode == null ? null : mode.externalName(), "must be full or read-only");
            }
            this.mode = mode;
            return this;
        }

        /**
         * Sets the message users see during the window; {@link #DEFAULT_MESSAGE} unless set.
         *
         * @param message at most {@link MaintenanceChange#MAX_MESSAGE_LENGTH} characters, no control characters;
         *                blank or {@code null} for none
         * @return this builder
         * @throws InvalidValueException when too long or holding control characters
         */
        public Builder message(String message) {
            this.message = Checks.message("message", message);
            return this;
        }

        /**
         * Sets how long the window is expected to take, which becomes the expected end users see (and
         * {@code Retry-After}).
         *
         * @param estimate a positive duration, or {@code null} for no expected end (the default)
         * @return this builder
         * @throws InvalidValueException when zero, negative or longer than {@link #MAX_DURATION}
         */
        public Builder estimate(Duration estimate) {
            this.estimate = estimate == null ? null
                    : Values.checkDuration("estimate", estimate, Duration.ofMillis(1), MAX_DURATION);
            return this;
        }

        /**
         * Sets how long to wait for every live instance to acknowledge the change and finish its requests and
         * background jobs; keep it longer than the instances' lease, so that an instance cut off from the
         * database has expired within it.
         *
         * @param timeout zero or more; {@link #DEFAULT_DRAIN_TIMEOUT} unless set
         * @return this builder
         * @throws InvalidValueException when negative or longer than {@link #MAX_DURATION}
         */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = checkDuration("drainTimeout", timeout, Duration.ZERO);
            return this;
        }

        /**
         * Sets what to do when an instance is still not ready after the drain timeout.
         *
         * @param policy {@link DrainPolicy#ABORT} (the default) or {@link DrainPolicy#PROCEED}
         * @return this builder
         * @throws InvalidValueException when {@code null}
         */
        public Builder drainPolicy(DrainPolicy policy) {
            if (policy == null) {
                throw new InvalidValueException("drainPolicy", null, "must not be null");
            }
            this.drainPolicy = policy;
            return this;
        }

        /**
         * Sets how long to wait for a window that runs elsewhere before reporting
         * {@link MigrationOutcome#ALREADY_RUNNING}.
         *
         * @param timeout zero (do not wait) or more; {@link #DEFAULT_LOCK_WAIT_TIMEOUT} unless set
         * @return this builder
         * @throws InvalidValueException when negative or longer than {@link #MAX_DURATION}
         */
        public Builder lockWaitTimeout(Duration timeout) {
            this.lockWaitTimeout = checkDuration("lockWaitTimeout", timeout, Duration.ZERO);
            return this;
        }

        /**
         * Sets how long the lock's lease lasts without renewal; the window renews it every third of that, and a
         * window whose process died blocks others at most this long. Leases are timed by each instance's clock,
         * so the instances' clocks must agree to well within the lease.
         *
         * @param lease at least {@link #MIN_LEASE_DURATION}; {@link #DEFAULT_LEASE_DURATION} unless set
         * @return this builder
         * @throws InvalidValueException when shorter or longer than {@link #MAX_DURATION}
         */
        public Builder leaseDuration(Duration lease) {
            this.leaseDuration = checkDuration("leaseDuration", lease, MIN_LEASE_DURATION);
            return this;
        }

        /**
         * Sets the margin added to the refresh interval before draining when the instance table says nothing (it
         * cannot be read, or does not list this instance), so that every instance has seen the change; raise it
         * when other instances refresh less often than this one. With the table, the window waits for the
         * instances' acknowledgements instead.
         *
         * @param margin positive; {@link #DEFAULT_PROPAGATION_MARGIN} unless set
         * @return this builder
         * @throws InvalidValueException when zero, negative or longer than {@link #MAX_DURATION}
         */
        public Builder propagationMargin(Duration margin) {
            this.propagationMargin = checkDuration("propagationMargin", margin, Duration.ofMillis(1));
            return this;
        }

        /**
         * Sets a counter of this instance's in-flight requests to wait for (the servlet filter provides one), on
         * top of those added to the service with {@link MaintenanceService#addInFlightRequests(InFlightRequests)}
         * (counted once when it is one of them). A {@link Mode#READ_ONLY} window waits for
         * {@link InFlightRequests#writesInFlight()} only, as reads are still let through.
         *
         * @param inFlightRequests the counter; {@link InFlightRequests#NONE} unless set
         * @return this builder
         * @throws InvalidValueException when {@code null}
         */
        public Builder inFlightRequests(InFlightRequests inFlightRequests) {
            if (inFlightRequests == null) {
                throw new InvalidValueException("inFlightRequests", null, "must not be null");
            }
            this.inFlightRequests = inFlightRequests;
            return this;
        }

        /**
         * Adds a hook; hooks run in the order added.
         *
         * @param hook the hook
         * @return this builder
         * @throws InvalidValueException when {@code null}
         */
        public Builder addHook(MigrationHook hook) {
            if (hook == null) {
                throw new InvalidValueException("hook", null, "must not be null");
            }
            hooks.add(hook);
            return this;
        }

        /**
         * Sets who starts the window, recorded with it and in the maintenance history.
         *
         * @param actor a non-blank name of at most {@link MaintenanceChange#MAX_ACTOR_LENGTH} characters
         * @return this builder
         * @throws InvalidValueException when blank, too long or holding control characters
         */
        public Builder actor(String actor) {
            this.actor = Checks.actor(actor);
            return this;
        }

        /**
         * Sets the network address of the client that asked for the window, recorded in the maintenance history.
         *
         * @param clientAddress at most {@link MaintenanceChange#MAX_CLIENT_ADDRESS_LENGTH} characters, or
         *                      {@code null}
         * @return this builder
         * @throws InvalidValueException when too long
         */
        public Builder clientAddress(String clientAddress) {
            this.clientAddress = Checks.clientAddress(clientAddress);
            return this;
        }

        /**
         * Builds the window.
         *
         * @return the immutable window
         */
        public MigrationWindow build() {
            return new MigrationWindow(new WindowSettings(service, migrator, mode, message, estimate, drainTimeout,
                    drainPolicy, lockWaitTimeout, leaseDuration, propagationMargin, inFlightRequests,
                    List.copyOf(hooks), actor, clientAddress, holderName()));
        }

        private static Duration checkDuration(String field, Duration value, Duration min) {
            return Values.checkDuration(field, value, min, MAX_DURATION);
        }

        private static String holderName() {
            String name = ManagementFactory.getRuntimeMXBean().getName();
            return name.length() > 200 ? name.substring(0, 200) : name;
        }
    }
}
