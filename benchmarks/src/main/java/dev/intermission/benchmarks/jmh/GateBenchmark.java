package dev.intermission.benchmarks.jmh;

import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.intermission.Mode;
import dev.intermission.servlet.internal.Gate;
import dev.intermission.servlet.internal.Verdict;

/**
 * The filter's per-request decision ({@link Gate#decide}), the code every request runs, on requests fixed in
 * advance: pass-through with maintenance off, an allow-listed path and a refusal in full maintenance, and a
 * twenty-pattern allowlist.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GateBenchmark {

    private final InstantSource clock = InstantSource.system();
    private Gate typical;
    private Gate twenty;
    private FixedRequest orders;
    private FixedRequest health;
    private FixedRequest ordersWithCookies;
    private FixedRequest lastPrefix;
    private FixedRequest unlisted;

    /** Compiles the configurations and builds the requests. */
    @Setup
    public void setUp() {
        typical = Gates.gateOf(Gates.typical());
        twenty = Gates.gateOf(Gates.twenty());
        orders = new FixedRequest("GET", "/api/orders/42", "203.0.113.7");
        health = new FixedRequest("GET", "/health", "203.0.113.7");
        ordersWithCookies = new FixedRequest("GET", "/api/orders/42", "203.0.113.7")
                .header("Cookie", "JSESSIONID=node01abcdefghij0123456789; theme=dark; consent=yes");
        lastPrefix = new FixedRequest("GET", "/prefix8/app/main", "203.0.113.7");
        unlisted = new FixedRequest("GET", "/api/orders/42/lines", "203.0.113.7");
    }

    /** Maintenance off: the request passes (the common case in production). */
    @Benchmark
    public Verdict passThrough_maintenanceOff() {
        return typical.decide(orders, Mode.OFF, clock);
    }

    /** Full maintenance, allow-listed path {@code /health}: passes. */
    @Benchmark
    public Verdict allowedPath_maintenanceFull() {
        return typical.decide(health, Mode.FULL, clock);
    }

    /** Full maintenance, an application path with no cookie: refused after checking every exception. */
    @Benchmark
    public Verdict refused_maintenanceFull() {
        return typical.decide(orders, Mode.FULL, clock);
    }

    /** Full maintenance, an application path with a browser's cookies (none of them the bypass): refused. */
    @Benchmark
    public Verdict refusedWithCookies_maintenanceFull() {
        return typical.decide(ordersWithCookies, Mode.FULL, clock);
    }

    /** Twenty patterns, a path matched by the last prefix pattern: passes. */
    @Benchmark
    public Verdict allowlist20_matchLastPrefix() {
        return twenty.decide(lastPrefix, Mode.FULL, clock);
    }

    /** Twenty patterns, a path that none matches: every pattern is tried, then refused. */
    @Benchmark
    public Verdict allowlist20_noMatch() {
        return twenty.decide(unlisted, Mode.FULL, clock);
    }
}
