package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.intermission.testing.Databases;

/**
 * Measures how long a change on instance A takes to reach instance B on PostgreSQL, pushed ({@code NOTIFY}) and
 * polled at the default refresh interval (1 s), over 100 changes each; prints the percentiles and writes them to
 * {@code target/measure/propagation.txt}. Not part of the default build (no time is asserted); run it with
 * {@code mvn -B -o -pl core -am verify -Dtest=PropagationMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PropagationMeasurement {

    private static final int CHANGES = 100;
    /** Changes made first and not counted: the JVM compiles the paths on the way. */
    private static final int WARM_UP = 10;
    private static final Duration INTERVAL = Maintenance.DEFAULT_REFRESH_INTERVAL;

    @Test
    void changesFromAToB_pushedAndPolled_percentiles() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "propagation A to B on PostgreSQL %s, %d changes each, refresh interval %s,"
                + " from the start of A's write to B's listener", Databases.postgres().getPostgresDatabase()
                .getConnection().getMetaData().getDatabaseProductVersion(), CHANGES, Values.text(INTERVAL)));
        lines.add(measure("push (LISTEN/NOTIFY)", true, Duration.ofMillis(200)));
        lines.add(measure("polling only", false, INTERVAL));
        lines.forEach(System.out::println);
        Path out = Path.of("target", "measure", "propagation.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines, StandardCharsets.UTF_8);
    }

    /**
     * Makes {@link #WARM_UP} then {@link #CHANGES} changes on A, each after a random pause up to {@code spread};
     * times the counted ones' arrival on B.
     */
    private static String measure(String name, boolean push, Duration spread) throws InterruptedException {
        String url = Databases.newPostgresDatabase();
        Map<Long, Long> arrived = new ConcurrentHashMap<>();
        // Each instance on its own small pool, as in production (a connection per statement would dominate).
        try (MaintenanceService a = Maintenance.newBuilder().jdbcUrl(url, "postgres", null).instanceId("a")
                .listenForChanges(false).build();
                MaintenanceService b = Maintenance.newBuilder().jdbcUrl(url, "postgres", null).instanceId("b")
                        .listenForChanges(push).addListener(e -> arrived.put(e.current().version(), System.nanoTime()))
                        .build()) {
            MaintenanceContract.awaitTrue(() -> b.instances().instances().stream().filter(ServiceInstance::local)
                    .allMatch(i -> i.listening() == push), "push should be " + push);
            List<Long> micros = new ArrayList<>();
            List<String> slowest = new ArrayList<>();
            List<Long> writes = new ArrayList<>();
            for (int i = -WARM_UP; i < CHANGES; i++) {
                Thread.sleep(ThreadLocalRandom.current().nextLong(spread.toMillis() + 1));
                long start = System.nanoTime();
                long version = (i % 2 == 0 ? a.enable(Mode.FULL, "change " + i, "bench") : a.disable("bench"))
                        .version();
                long written = System.nanoTime();
                MaintenanceContract.awaitTrue(() -> arrived.containsKey(version), "version " + version
                        + " never arrived");
                long took = TimeUnit.NANOSECONDS.toMicros(arrived.get(version) - start);
                if (i >= 0) {
                    micros.add(took);
                    writes.add(TimeUnit.NANOSECONDS.toMicros(written - start));
                    slowest.add(String.format(Locale.ROOT, "%.1f ms (#%d)", took / 1000.0, i));
                }
            }
            slowest.sort((x, y) -> Double.compare(Double.parseDouble(y.split(" ")[0]),
                    Double.parseDouble(x.split(" ")[0])));
            assertEquals(CHANGES, micros.size());
            Collections.sort(micros);
            Collections.sort(writes);
            return String.format(Locale.ROOT, "%-22s n=%d  p50 %7.1f ms  p90 %7.1f ms  p99 %7.1f ms  max %7.1f ms"
                    + "  (slowest: %s; A's write itself: p50 %.1f ms)", name, micros.size(), pct(micros, 50),
                    pct(micros, 90), pct(micros, 99), micros.get(micros.size() - 1) / 1000.0,
                    String.join(", ", slowest.subList(0, 3)), pct(writes, 50));
        }
    }

    private static double pct(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1000.0;
    }
}
