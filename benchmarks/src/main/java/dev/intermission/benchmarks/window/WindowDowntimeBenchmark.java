package dev.intermission.benchmarks.window;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.benchmarks.support.BenchServer;
import dev.intermission.benchmarks.support.EmbeddedPg;
import dev.intermission.benchmarks.support.Machine;
import dev.intermission.benchmarks.support.Poller;
import dev.intermission.benchmarks.support.Results;
import dev.intermission.benchmarks.support.Stats;
import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationPhase;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.servlet.MaintenanceFilter;
import dev.intermission.servlet.MaintenanceFilterConfig;

/**
 * The downtime of a migration window: a Flyway migration of known length ({@code SELECT pg_sleep(3)}) run as a
 * {@link MigrationWindow} with every default on instance A, while clients poll A and a second instance B over
 * HTTP. Downtime is the time a client saw 503 (first 503 to the first 200 after it); the overhead is the
 * downtime minus the migration's own time as the window measured it (its MIGRATE phase).
 *
 * <p>Each run uses a fresh database. The first window in the JVM (cold: Flyway is loaded, nothing is compiled)
 * is reported on its own and left out of the medians. A second series with a shorter propagation margin shows where the
 * overhead comes from; it is not the default and not the headline.
 *
 * <p>System properties: {@code window.runs} (5), {@code window.extraMarginMillis} (100; 0 skips the second
 * series), {@code window.extraRuns} (3), {@code results.dir}.
 */
public final class WindowDowntimeBenchmark {

    /** The length of the migration's SQL ({@code SELECT pg_sleep(3)}), in milliseconds. */
    private static final double KNOWN_LENGTH_MILLIS = 3000;

    private WindowDowntimeBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args none
     * @throws Exception when a server cannot start or a window fails
     */
    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("window.runs", 5);
        int extraMargin = Integer.getInteger("window.extraMarginMillis", 100);
        int extraRuns = Integer.getInteger("window.extraRuns", 3);
        Map<String, Object> machine = Machine.describe();
        Map<String, Object> result = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder();
        md.append("| series | runs | migration (MIGRATE phase, median) | downtime on A (median) | overhead on A "
                + "(median / max) | in refresh intervals (median / max) | downtime on B (median) | overhead on B "
                + "(median / max) | PROPAGATE phase (median) | downtime on A minus the SQL's 3 s (median) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        try (EmbeddedPg pg = EmbeddedPg.start()) {
            // The first window in a fresh JVM also loads Flyway and warms the JIT: reported, not in the medians.
            result.put("firstRunInFreshJvm", series(pg, "first", 1, null, new StringBuilder()));
            result.put("default", series(pg, "default", runs, null, md));
            if (extraMargin > 0 && extraRuns > 0) {
                result.put("margin" + extraMargin + "ms", series(pg, "margin" + extraMargin, extraRuns,
                        Duration.ofMillis(extraMargin), md));
            }
        }
        result.put("machine", machine);
        result.put("loadAverageAfter", Machine.loadAverage());
        System.out.print(md);
        Files.writeString(Results.dir().resolve("window.md"), md.toString());
        System.out.println("wrote " + Results.write("window", result));
    }

    private static Map<String, Object> series(EmbeddedPg pg, String name, int runs, Duration margin,
            StringBuilder md) throws Exception {
        List<Map<String, Object>> samples = new ArrayList<>();
        List<Double> migrate = new ArrayList<>();
        List<Double> downA = new ArrayList<>();
        List<Double> overA = new ArrayList<>();
        List<Double> downB = new ArrayList<>();
        List<Double> overB = new ArrayList<>();
        List<Double> propagate = new ArrayList<>();
        double interval = 0;
        for (int run = 1; run <= runs; run++) {
            String db = "window_" + name + "_" + run;
            String url = pg.createDatabase(db);
            MaintenanceFilterConfig config = MaintenanceFilterConfig.newBuilder().allowPaths("/health").build();
            try (MaintenanceService a = Maintenance.newBuilder().jdbcUrl(url, "postgres", null)
                    .serviceName("bench").build();
                 MaintenanceService b = Maintenance.newBuilder().jdbcUrl(url, "postgres", null)
                         .serviceName("bench").build()) {
                MaintenanceFilter filterA = new MaintenanceFilter(a, config);
                try (BenchServer serverA = BenchServer.start(filterA);
                     BenchServer serverB = BenchServer.start(new MaintenanceFilter(b, config))) {
                    interval = a.refreshInterval().toMillis();
                    SchemaMigrator migrator = FlywayMigrator.newBuilder().dataSource(pg.dataSource(db))
                            .locations("classpath:db/bench-window").build();
                    MigrationWindow.Builder builder = MigrationWindow.newBuilder(a, migrator)
                            .inFlightRequests(filterA)
                            .estimate(Duration.ofSeconds(5))
                            .actor("benchmark");
                    if (margin != null) {
                        builder.propagationMargin(margin);
                    }
                    MigrationWindow window = builder.build();

                    Watcher watchA = new Watcher(new Poller(serverA.url("/api/hello")));
                    Watcher watchB = new Watcher(new Poller(serverB.url("/api/hello")));
                    watchA.start();
                    watchB.start();
                    Thread.sleep(500);
                    MigrationResult outcome = window.run();
                    // B sees the end about one refresh interval later; stop each watcher once it has seen the
                    // reopening (bounded, so a watcher starved of CPU on a busy machine still gets its chance).
                    watchA.finishAfterReopening(Duration.ofSeconds(15));
                    watchB.finishAfterReopening(Duration.ofSeconds(15));
                    if (outcome.outcome() != MigrationOutcome.SUCCEEDED) {
                        throw new IllegalStateException("window failed: " + outcome);
                    }
                    double migrateMs = outcome.phaseMillis().get(MigrationPhase.MIGRATE);
                    double da = watchA.downtimeMillis();
                    double dbMs = watchB.downtimeMillis();
                    migrate.add(migrateMs);
                    downA.add(da);
                    overA.add(da - migrateMs);
                    downB.add(dbMs);
                    overB.add(dbMs - migrateMs);
                    propagate.add(outcome.phaseMillis().get(MigrationPhase.PROPAGATE).doubleValue());
                    Map<String, Object> sample = new LinkedHashMap<>();
                    sample.put("run", run);
                    sample.put("phaseMillis", outcome.phaseMillis());
                    sample.put("downtimeOnAMillis", da);
                    sample.put("overheadOnAMillis", da - migrateMs);
                    sample.put("downtimeOnBMillis", dbMs);
                    sample.put("overheadOnBMillis", dbMs - migrateMs);
                    sample.put("pollsOfA", watchA.polls());
                    sample.put("pollsOfB", watchB.polls());
                    samples.add(sample);
                    System.out.printf(Locale.ROOT, "%s run %d: migrate %.0f ms, 503 on A %.0f ms (overhead %.0f ms),"
                                    + " on B %.0f ms (overhead %.0f ms); phases %s%n", name, run, migrateMs, da,
                            da - migrateMs, dbMs, dbMs - migrateMs, outcome.phaseMillis());
                }
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("propagationMarginMillis", margin == null ? MigrationWindow.DEFAULT_PROPAGATION_MARGIN.toMillis()
                : margin.toMillis());
        s.put("refreshIntervalMillis", interval);
        s.put("medianMigrateMillis", Stats.median(migrate));
        s.put("medianDowntimeOnAMillis", Stats.median(downA));
        s.put("medianOverheadOnAMillis", Stats.median(overA));
        s.put("maxOverheadOnAMillis", Stats.max(overA));
        s.put("medianOverheadOnAIntervals", Stats.median(overA) / interval);
        s.put("maxOverheadOnAIntervals", Stats.max(overA) / interval);
        s.put("medianDowntimeOnBMillis", Stats.median(downB));
        s.put("medianOverheadOnBMillis", Stats.median(overB));
        s.put("maxOverheadOnBMillis", Stats.max(overB));
        s.put("medianDowntimeOnAMinusKnownLengthMillis", Stats.median(downA) - KNOWN_LENGTH_MILLIS);
        s.put("runs", samples);
        md.append(String.format(Locale.ROOT, "| %s (margin %d ms) | %d | %.0f ms | %.0f ms | %.0f / %.0f ms "
                        + "| %.2f / %.2f | %.0f ms | %.0f / %.0f ms | %.0f ms | %.0f ms |%n", name,
                (long) s.get("propagationMarginMillis"), runs,
                Stats.median(migrate), Stats.median(downA), Stats.median(overA), Stats.max(overA),
                Stats.median(overA) / interval, Stats.max(overA) / interval, Stats.median(downB),
                Stats.median(overB), Stats.max(overB), Stats.median(propagate),
                Stats.median(downA) - KNOWN_LENGTH_MILLIS));
        return s;
    }

    /** Polls one server in a loop and remembers when it first answered 503, and the first 200 after that. */
    private static final class Watcher extends Thread {
        private final Poller poller;
        private volatile boolean running = true;
        private volatile long first503 = -1;
        private volatile long first200After = -1;
        private long polls;
        private volatile Exception failure;

        Watcher(Poller poller) {
            this.poller = poller;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (running) {
                    int status = poller.status();
                    long now = System.nanoTime();
                    polls++;
                    if (status == 503 && first503 < 0) {
                        first503 = now;
                    } else if (status == 200 && first503 >= 0 && first200After < 0) {
                        first200After = now;
                    }
                }
            } catch (Exception e) {
                failure = e;
            }
        }

        void finishAfterReopening(Duration atMost) throws InterruptedException {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (first200After < 0 && failure == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            running = false;
            join();
        }

        long polls() {
            return polls;
        }

        double downtimeMillis() {
            if (failure != null) {
                throw new IllegalStateException("polling failed", failure);
            }
            if (first503 < 0 || first200After < 0) {
                throw new IllegalStateException("no complete 503 period observed");
            }
            return (first200After - first503) / 1e6;
        }
    }
}
