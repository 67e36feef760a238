package dev.intermission.benchmarks.propagation;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.benchmarks.support.BenchServer;
import dev.intermission.benchmarks.support.EmbeddedPg;
import dev.intermission.benchmarks.support.Machine;
import dev.intermission.benchmarks.support.Poller;
import dev.intermission.benchmarks.support.Results;
import dev.intermission.benchmarks.support.Stats;
import dev.intermission.servlet.MaintenanceFilter;
import dev.intermission.servlet.MaintenanceFilterConfig;

/**
 * Propagation between two instances on one PostgreSQL: instances A and B, each a {@link MaintenanceService}
 * with its own pool and the default refresh interval, each behind its own Jetty and filter. Changes alternate
 * (enable full, disable) and are made on A at random offsets; for each, the time from the moment
 * {@code apply} returns on A (the commit) to the first response from B that shows it (503 after an enable, 200
 * after a disable), polled over HTTP in a tight loop.
 *
 * <p>System properties: {@code propagation.changes} (60), {@code propagation.seed} (7), {@code results.dir}.
 */
public final class PropagationBenchmark {

    private static final long GIVE_UP_NANOS = 10_000_000_000L;

    private PropagationBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args none
     * @throws Exception when a server cannot start or a change is never seen
     */
    public static void main(String[] args) throws Exception {
        int changes = Integer.getInteger("propagation.changes", 60);
        long seed = Long.getLong("propagation.seed", 7);
        Map<String, Object> machine = Machine.describe();
        try (EmbeddedPg pg = EmbeddedPg.start()) {
            String url = pg.createDatabase("propagation");
            MaintenanceFilterConfig config = MaintenanceFilterConfig.newBuilder().allowPaths("/health").build();
            try (MaintenanceService a = Maintenance.newBuilder().jdbcUrl(url, "postgres", null)
                    .serviceName("bench").build();
                 MaintenanceService b = Maintenance.newBuilder().jdbcUrl(url, "postgres", null)
                         .serviceName("bench").build();
                 BenchServer serverA = BenchServer.start(new MaintenanceFilter(a, config));
                 BenchServer serverB = BenchServer.start(new MaintenanceFilter(b, config))) {
                Poller pollA = new Poller(serverA.url("/api/hello"));
                Poller pollB = new Poller(serverB.url("/api/hello"));
                List<Double> pollMicros = warmUp(pollB);
                System.out.printf(Locale.ROOT, "refresh interval %s; %d changes; one poll of B takes %.0f us "
                        + "(median)%n", b.refreshInterval(), changes, Stats.median(pollMicros));

                Random random = new Random(seed);
                List<Double> millis = new ArrayList<>();
                List<Double> enableMillis = new ArrayList<>();
                List<Double> disableMillis = new ArrayList<>();
                List<Double> applyMillis = new ArrayList<>();
                List<Map<String, Object>> samples = new ArrayList<>();
                int aImmediate = 0;
                for (int i = 0; i < changes; i++) {
                    boolean enable = i % 2 == 0;
                    long offset = 100 + random.nextInt(1000);
                    Thread.sleep(offset);
                    long s0 = System.nanoTime();
                    if (enable) {
                        a.enable(Mode.FULL, "propagation benchmark", "benchmark");
                    } else {
                        a.disable("benchmark");
                    }
                    long committed = System.nanoTime();
                    int expected = enable ? 503 : 200;
                    int polls = 0;
                    while (true) {
                        int status = pollB.status();
                        polls++;
                        if (status == expected) {
                            break;
                        }
                        if (System.nanoTime() - committed > GIVE_UP_NANOS) {
                            throw new IllegalStateException("change " + (i + 1) + " not seen by B within 10 s");
                        }
                    }
                    double ms = (System.nanoTime() - committed) / 1e6;
                    if (pollA.status() == expected) {
                        aImmediate++;
                    }
                    millis.add(ms);
                    (enable ? enableMillis : disableMillis).add(ms);
                    applyMillis.add((committed - s0) / 1e6);
                    Map<String, Object> sample = new LinkedHashMap<>();
                    sample.put("change", i + 1);
                    sample.put("action", enable ? "enable" : "disable");
                    sample.put("offsetMillis", offset);
                    sample.put("applyMillis", (committed - s0) / 1e6);
                    sample.put("propagationMillis", ms);
                    sample.put("pollsOfB", polls);
                    samples.add(sample);
                    System.out.printf(Locale.ROOT, "change %2d %-7s seen by B after %7.1f ms (%d polls)%n", i + 1,
                            enable ? "enable" : "disable", ms, polls);
                }
                double interval = b.refreshInterval().toMillis();
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("machine", machine);
                result.put("loadAverageAfter", Machine.loadAverage());
                result.put("refreshIntervalMillis", interval);
                result.put("changes", changes);
                result.put("seed", seed);
                result.put("medianPollMicros", Stats.median(pollMicros));
                result.put("p50Millis", Stats.percentile(millis, 50));
                result.put("p90Millis", Stats.percentile(millis, 90));
                result.put("p99Millis", Stats.percentile(millis, 99));
                result.put("maxMillis", Stats.max(millis));
                result.put("minMillis", Stats.min(millis));
                result.put("enableP50Millis", Stats.percentile(enableMillis, 50));
                result.put("disableP50Millis", Stats.percentile(disableMillis, 50));
                result.put("applyMedianMillis", Stats.median(applyMillis));
                result.put("changesSeenAtOnceByA", aImmediate);
                result.put("samples", samples);
                String md = String.format(Locale.ROOT, "| changes | refresh interval | p50 | p90 | p99 | max | min "
                                + "| apply on A (median) | seen by A at once |%n"
                                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n"
                                + "| %d | %.0f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms "
                                + "| %d of %d |%n",
                        changes, interval, Stats.percentile(millis, 50), Stats.percentile(millis, 90),
                        Stats.percentile(millis, 99), Stats.max(millis), Stats.min(millis), Stats.median(applyMillis),
                        aImmediate, changes);
                System.out.print(md);
                Files.writeString(Results.dir().resolve("propagation.md"), md);
                System.out.println("wrote " + Results.write("propagation", result));
            }
        }
    }

    private static List<Double> warmUp(Poller poller) throws Exception {
        List<Double> micros = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            long t0 = System.nanoTime();
            poller.status();
            if (i >= 1000) {
                micros.add((System.nanoTime() - t0) / 1e3);
            }
        }
        return micros;
    }
}
