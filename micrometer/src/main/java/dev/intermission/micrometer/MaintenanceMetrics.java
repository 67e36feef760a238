package dev.intermission.micrometer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.intermission.InFlightRequests;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.migration.MigrationPhase;
import dev.intermission.migration.MigrationResult;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of one maintenance service, with or without Spring; every meter carries the tag
 * {@code service=<name>} and the tags given to the builder:
 * <ul>
 *   <li>{@value #REQUESTS} (counter, tag {@code outcome}: {@code passed}, {@code refused}, {@code allow-listed},
 *       {@code bypassed}): the requests the filter decided, fed by {@link #onOutcome(Enum)};</li>
 *   <li>{@value #MODE} (gauge, tag {@code mode}: {@code off}, {@code read-only}, {@code full}): 1 for the mode
 *       in force, 0 for the others;</li>
 *   <li>{@value #STALE} (gauge): 1 while this instance cannot confirm the state with the database, else 0;</li>
 *   <li>{@value #STALENESS} (time gauge, seconds): how long ago the state was last read successfully
 *       ({@code NaN} before the first read);</li>
 *   <li>{@value #VERSION} (gauge): the version of the state this instance holds;</li>
 *   <li>{@value #ACTIVE_REQUESTS} (gauge): the requests let through that are still running;</li>
 *   <li>{@value #WINDOW} and {@value #PHASE} (timers, tags {@code outcome} and {@code phase}): the migration
 *       windows given to {@link #recordWindow(MigrationResult)}, and each of their steps; windows recorded before
 *       the first registry is bound (a start-up window) are kept and recorded when it is.</li>
 * </ul>
 * In Prometheus they read {@code intermission_requests_total}, {@code intermission_mode},
 * {@code intermission_state_staleness_seconds} and so on.
 *
 * <pre>{@code
 * MaintenanceMetrics metrics = MaintenanceMetrics.newBuilder(service).inFlightRequests(filter).build();
 * metrics.bindTo(registry);
 * MaintenanceFilterConfig config = MaintenanceFilterConfig.newBuilder()
 *         .outcomeListener(metrics::onOutcome)
 *         .build();
 * }</pre>
 */
public final class MaintenanceMetrics implements MeterBinder {

    /** The counter of requests by outcome. */
    public static final String REQUESTS = "intermission.requests";
    /** The gauge of the mode in force, one series per mode. */
    public static final String MODE = "intermission.mode";
    /** The gauge that is 1 while the state is stale. */
    public static final String STALE = "intermission.state.stale";
    /** The time gauge of how long ago the state was last read. */
    public static final String STALENESS = "intermission.state.staleness";
    /** The gauge of the state's version. */
    public static final String VERSION = "intermission.state.version";
    /** The gauge of requests in flight. */
    public static final String ACTIVE_REQUESTS = "intermission.requests.active";
    /** The timer of whole migration windows. */
    public static final String WINDOW = "intermission.migration.window";
    /** The timer of each step of a migration window. */
    public static final String PHASE = "intermission.migration.phase";

    /** The request outcomes counted, by the constant names of the filter's outcome type. */
    private static final int MAX_EARLY_WINDOWS = 16;

    private static final List<String> OUTCOMES = List.of("PASSED", "REFUSED", "ALLOW_LISTED", "BYPASSED");

    private final MaintenanceService service;
    private final InFlightRequests inFlightRequests;
    private final Tags tags;
    private final List<Bound> bound = new CopyOnWriteArrayList<>();
    /** Windows recorded before any registry was bound (a start-up window runs before Boot binds meters). */
    private final List<MigrationResult> early = new ArrayList<>();

    private MaintenanceMetrics(Builder b) {
        this.service = b.service;
        this.inFlightRequests = b.inFlightRequests;
        this.tags = Tags.of(b.tags).and("service", b.service.serviceName());
    }

    /**
     * Starts building the meters of a service.
     *
     * @param service the service to observe
     * @return a new builder
     * @throws IllegalArgumentException when {@code service} is {@code null}
     */
    public static Builder newBuilder(MaintenanceService service) {
        if (service == null) {
            throw new IllegalArgumentException("service: must not be null");
        }
        return new Builder(service);
    }

    /**
     * Registers the meters in a registry; binding to several registries counts in each.
     *
     * @param registry the registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Map<String, Counter> counters = new HashMap<>();
        for (String outcome : OUTCOMES) {
            counters.put(outcome, Counter.builder(REQUESTS)
                    .description("Requests decided by the maintenance filter, by outcome")
                    .tags(tags)
                    .tag("outcome", externalName(outcome))
                    .register(registry));
        }
        for (Mode mode : Mode.values()) {
            Gauge.builder(MODE, service, s -> s.effectiveMode() == mode ? 1 : 0)
                    .description("1 for the maintenance mode in force, 0 for the others")
                    .tags(tags)
                    .tag("mode", mode.externalName())
                    .strongReference(true)
                    .register(registry);
        }
        Gauge.builder(STALE, service, s -> s.status().stale() ? 1 : 0)
                .description("1 while this instance cannot confirm the maintenance state with the database")
                .tags(tags)
                .strongReference(true)
                .register(registry);
        TimeGauge.builder(STALENESS, service, TimeUnit.MILLISECONDS, MaintenanceMetrics::stalenessMillis)
                .description("How long ago the maintenance state was last read from the database")
                .tags(tags)
                .strongReference(true)
                .register(registry);
        Gauge.builder(VERSION, service, s -> s.status().version())
                .description("The version of the maintenance state this instance holds")
                .tags(tags)
                .strongReference(true)
                .register(registry);
        Gauge.builder(ACTIVE_REQUESTS, inFlightRequests, InFlightRequests::inFlight)
                .description("Requests let through by the maintenance filter that are still running")
                .tags(tags)
                .strongReference(true)
                .register(registry);
        Bound b = new Bound(registry, Map.copyOf(counters));
        List<MigrationResult> replay;
        synchronized (early) {
            bound.add(b);
            replay = List.copyOf(early);
        }
        for (MigrationResult result : replay) {
            record(b, result);
        }
    }

    /**
     * Counts one request the filter decided: pass it as the filter's outcome listener
     * ({@code metrics::onOutcome}). The outcome is read by its constant name ({@code PASSED}, {@code REFUSED},
     * {@code ALLOW_LISTED}, {@code BYPASSED}); other values and {@code null} are ignored, and this never throws,
     * so it is safe on the request path.
     *
     * @param outcome the filter's outcome
     */
    public void onOutcome(Enum<?> outcome) {
        if (outcome == null) {
            return;
        }
        String name = outcome.name();
        for (Bound b : bound) {
            Counter counter = b.counters().get(name);
            if (counter != null) {
                counter.increment();
            }
        }
    }

    /**
     * Records one migration window: its whole duration under {@value #WINDOW} and each step that ran under
     * {@value #PHASE}, both tagged with the outcome.
     *
     * @param result the window's result; {@code null} is ignored
     */
    public void recordWindow(MigrationResult result) {
        if (result == null) {
            return;
        }
        synchronized (early) {
            if (bound.isEmpty()) {
                if (early.size() < MAX_EARLY_WINDOWS) {
                    early.add(result);
                }
                return;
            }
        }
        for (Bound b : bound) {
            record(b, result);
        }
    }

    private void record(Bound b, MigrationResult result) {
        String outcome = externalName(result.outcome().name());
        long total = 0;
        for (Map.Entry<MigrationPhase, Long> phase : result.phaseMillis().entrySet()) {
            long millis = Math.max(0, phase.getValue());
            total += millis;
            Timer.builder(PHASE)
                    .description("The steps of migration windows")
                    .tags(tags)
                    .tag("phase", externalName(phase.getKey().name()))
                    .tag("outcome", outcome)
                    .register(b.registry())
                    .record(millis, TimeUnit.MILLISECONDS);
        }
        Timer.builder(WINDOW)
                .description("Migration windows, from the plan to the end")
                .tags(tags)
                .tag("outcome", outcome)
                .register(b.registry())
                .record(total, TimeUnit.MILLISECONDS);
    }

    /**
     * Returns the tags every meter carries.
     *
     * @return the tags, {@code service} included
     */
    public List<Tag> tags() {
        List<Tag> list = new ArrayList<>();
        tags.forEach(list::add);
        return List.copyOf(list);
    }

    private static double stalenessMillis(MaintenanceService service) {
        MaintenanceStatus status = service.status();
        Instant last = status.lastRefreshed();
        if (last == null) {
            return Double.NaN;
        }
        return Math.max(0, Duration.between(last, status.asOf()).toMillis());
    }

    private static String externalName(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        return "MaintenanceMetrics[" + service.serviceName() + ", " + bound.size() + " registries]";
    }

    private record Bound(MeterRegistry registry, Map<String, Counter> counters) {
    }

    /** A mutable builder of one {@link MaintenanceMetrics}. */
    public static final class Builder {
        private final MaintenanceService service;
        private InFlightRequests inFlightRequests = InFlightRequests.NONE;
        private final List<Tag> tags = new ArrayList<>();

        private Builder(MaintenanceService service) {
            this.service = service;
        }

        /**
         * Sets what {@value #ACTIVE_REQUESTS} reads: the maintenance filter; zero unless set.
         *
         * @param inFlightRequests the counter
         * @return this builder
         * @throws IllegalArgumentException when {@code null}
         */
        public Builder inFlightRequests(InFlightRequests inFlightRequests) {
            if (inFlightRequests == null) {
                throw new IllegalArgumentException("inFlightRequests: must not be null");
            }
            this.inFlightRequests = inFlightRequests;
            return this;
        }

        /**
         * Adds a tag to every meter, for example the application's name.
         *
         * @param key   the tag's key, not {@code service}
         * @param value the tag's value
         * @return this builder
         * @throws IllegalArgumentException when the key or value is blank, or the key is {@code service}
         */
        public Builder tag(String key, String value) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("tag: the key must not be blank");
            }
            if (key.equals("service")) {
                throw new IllegalArgumentException("tag: 'service' is set from the service's name");
            }
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("tag " + key + ": the value must not be blank");
            }
            tags.add(Tag.of(key, value));
            return this;
        }

        /**
         * Builds the meters; they count nothing until {@link MaintenanceMetrics#bindTo(MeterRegistry)}.
         *
         * @return the meters
         */
        public MaintenanceMetrics build() {
            return new MaintenanceMetrics(this);
        }
    }
}
