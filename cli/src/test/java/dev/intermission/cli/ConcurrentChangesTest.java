package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intermission.HistoryEntry;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.testing.Databases;

/** Changes from several CLI runs and a running instance at once: each one counted once, in order, none lost. */
class ConcurrentChangesTest {

    private static final int THREADS = 4;
    private static final int CHANGES = 10;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void concurrentChanges_everyOneGetsItsOwnVersionAndHistoryRow(String kind) throws Exception {
        String url = kind.equals("h2") ? Databases.newH2Url() : Databases.newPostgresDatabase();
        String user = kind.equals("h2") ? "sa" : "postgres";
        try (MaintenanceService instance = Maintenance.newBuilder().jdbcUrl(url, user, null).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    String actor = "cli-" + t;
                    runs.add(pool.submit(() -> {
                        for (int i = 0; i < CHANGES; i++) {
                            CliRunner.Result r = CliRunner.run(Map.of(), "--jdbc-url", url, "--user", user,
                                    "--actor", actor, i % 2 == 0 ? "enable" : "disable");
                            assertEquals(0, r.exit(), r.toString());
                        }
                        return null;
                    }));
                }
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < CHANGES; i++) {
                        instance.enable(Mode.READ_ONLY, "from the application", "app");
                    }
                    return null;
                }));
                for (Future<?> run : runs) {
                    run.get();
                }
            } finally {
                pool.shutdownNow();
            }
            long total = (long) (THREADS + 1) * CHANGES;
            assertEquals(total, instance.refresh().version());
            List<HistoryEntry> history = instance.history((int) total + 10);
            assertEquals(LongStream.rangeClosed(1, total).boxed().sorted((a, b) -> Long.compare(b, a)).toList(),
                    history.stream().map(HistoryEntry::version).toList(), "one history row per version, no gap");
        }
    }
}
