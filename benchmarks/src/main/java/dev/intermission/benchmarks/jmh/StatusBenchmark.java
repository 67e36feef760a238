package dev.intermission.benchmarks.jmh;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;

/**
 * The status read from memory: {@link MaintenanceService#effectiveMode()} (what the filter asks per request)
 * and {@link MaintenanceService#status()} (the full snapshot, read on refusals and by the admin endpoint), on
 * a real service over an in-memory H2 database with the default refresh interval.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StatusBenchmark {

    private MaintenanceService plain;
    private MaintenanceService scheduled;

    /** Starts two services: one with maintenance off, one with a scheduled window in the future. */
    @Setup
    public void setUp() {
        plain = Maintenance.newBuilder().jdbcUrl("jdbc:h2:mem:jmh_plain;DB_CLOSE_DELAY=-1", "sa", "").build();
        scheduled = Maintenance.newBuilder().jdbcUrl("jdbc:h2:mem:jmh_scheduled;DB_CLOSE_DELAY=-1", "sa", "")
                .build();
        Instant start = Instant.now().plus(Duration.ofDays(1));
        scheduled.apply(MaintenanceChange.schedule(new ScheduledWindow(start, start.plus(Duration.ofHours(1)),
                Mode.FULL, "Planned upgrade")).actor("benchmark").build());
    }

    /** Stops the services. */
    @TearDown
    public void tearDown() {
        plain.close();
        scheduled.close();
    }

    /** The mode in force, maintenance off and nothing scheduled. */
    @Benchmark
    public Mode effectiveMode() {
        return plain.effectiveMode();
    }

    /** The mode in force with a scheduled window pending: the clock is read to see if it is open. */
    @Benchmark
    public Mode effectiveMode_withScheduledWindow() {
        return scheduled.effectiveMode();
    }

    /** The whole status, maintenance off. */
    @Benchmark
    public MaintenanceStatus status() {
        return plain.status();
    }
}
