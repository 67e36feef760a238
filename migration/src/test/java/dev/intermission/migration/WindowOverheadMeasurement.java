package dev.intermission.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.ServiceInstance;
import dev.intermission.testing.Await;
import dev.intermission.testing.Databases;

/**
 * Measures a window's overhead with two instances on PostgreSQL at the default refresh interval (1 s): the time
 * it waits for the other instance (PROPAGATE + DRAIN), and the whole window less its migration, over 20 windows,
 * with the other instance hearing pushed changes and polling only; writes {@code target/measure/window.txt}. Not
 * part of the default build; run it with {@code mvn -B -o -pl core,migration -am verify
 * -Dtest=WindowOverheadMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class WindowOverheadMeasurement {

    private static final int WINDOWS = 20;

    @Test
    void windowsWithTwoInstances_waitAndOverhead_inRefreshIntervals() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("window overhead with two instances on PostgreSQL, refresh interval 1s, " + WINDOWS
                + " windows each (medians and p90, in ms and in refresh intervals)");
        lines.add(measure("other instance pushed", true));
        lines.add(measure("other instance polls", false));
        lines.forEach(System.out::println);
        Path out = Path.of("target", "measure", "window.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines, StandardCharsets.UTF_8);
    }

    private static String measure(String name, boolean push) throws InterruptedException {
        String url = Databases.newPostgresDatabase();
        List<Long> waits = new ArrayList<>();
        List<Long> overheads = new ArrayList<>();
        try (MaintenanceService a = Maintenance.newBuilder().jdbcUrl(url, "postgres", null).instanceId("a")
                .build();
                MaintenanceService b = Maintenance.newBuilder().jdbcUrl(url, "postgres", null).instanceId("b")
                        .listenForChanges(push).build()) {
            Await.until(() -> b.instances().instances().stream().filter(ServiceInstance::local)
                    .allMatch(i -> i.listening() == push) && a.instances().live() == 2, "not ready");
            SqlMigrator migrator = new SqlMigrator(Databases.postgres().getDatabase("postgres",
                    url.replaceAll(".*/([^?]+).*", "$1")));
            for (int i = 1; i <= WINDOWS + 2; i++) {
                String version = String.format(Locale.ROOT, "%03d", i);
                migrator.add(version, "CREATE TABLE t" + version + " (id INT)");
                // Windows at random moments, not in step with the other instance's refresh.
                Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1000));
                MigrationResult result = MigrationWindow.newBuilder(a, migrator).actor("bench").build().run();
                assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
                if (i <= 2) {
                    continue;
                }
                Map<MigrationPhase, Long> p = result.phaseMillis();
                long wait = p.getOrDefault(MigrationPhase.PROPAGATE, 0L) + p.getOrDefault(MigrationPhase.DRAIN, 0L);
                long closed = wait + p.getOrDefault(MigrationPhase.BEFORE_HOOKS, 0L)
                        + p.getOrDefault(MigrationPhase.VALIDATE, 0L) + p.getOrDefault(MigrationPhase.AFTER_HOOKS, 0L)
                        + p.getOrDefault(MigrationPhase.FINISH, 0L);
                waits.add(wait);
                overheads.add(closed);
            }
        }
        Collections.sort(waits);
        Collections.sort(overheads);
        double interval = Maintenance.DEFAULT_REFRESH_INTERVAL.toMillis();
        return String.format(Locale.ROOT, "%-24s wait for the other instance: median %4d ms (%.2f intervals), p90 %4d ms;"
                + "  closed minus migration: median %4d ms (%.2f intervals), p90 %4d ms", name,
                median(waits), median(waits) / interval, p90(waits), median(overheads), median(overheads) / interval,
                p90(overheads));
    }

    private static long median(List<Long> sorted) {
        return sorted.get(sorted.size() / 2);
    }

    private static long p90(List<Long> sorted) {
        return sorted.get((int) Math.ceil(0.9 * sorted.size()) - 1);
    }
}
