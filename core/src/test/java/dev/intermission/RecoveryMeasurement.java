package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Measures how long an instance on the library's own pool takes to read the state again after its PostgreSQL
 * server comes back (from the moment the server accepts connections to the status no longer stale), over 10
 * outages at the default refresh interval and 10 at 200 ms; prints the numbers and writes them to
 * {@code target/measure/recovery.txt}. Not part of the default build (no time is asserted by the build); run it
 * with {@code mvn -B -o -pl core -am verify -Dtest=RecoveryMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class RecoveryMeasurement {

    private static final int OUTAGES = 10;

    @Test
    void recoveryAfterTheServerComesBack_withinTwoRefreshIntervals() throws Exception {
        List<String> lines = new ArrayList<>();
        for (Duration interval : List.of(Maintenance.DEFAULT_REFRESH_INTERVAL, Duration.ofMillis(200))) {
            List<Long> millis = measure(interval);
            Collections.sort(millis);
            lines.add(String.format(Locale.ROOT, "refresh interval %s, %d outages: recovery min %d ms, median %d ms,"
                    + " max %d ms (limit: 2 intervals, %d ms)", Values.text(interval), OUTAGES, millis.get(0),
                    millis.get(millis.size() / 2), millis.get(millis.size() - 1), interval.toMillis() * 2));
            assertTrue(millis.get(millis.size() - 1) <= interval.toMillis() * 2, lines.toString());
        }
        Path out = Path.of("target", "measure", "recovery.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines, StandardCharsets.UTF_8);
        lines.forEach(System.out::println);
    }

    private static List<Long> measure(Duration interval) throws Exception {
        Path dataDir = Files.createTempDirectory("intermission-recovery");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres pg = start(dataDir, port);
        List<Long> millis = new ArrayList<>();
        try (MaintenanceService service = Maintenance.newBuilder()
                .jdbcUrl(pg.getJdbcUrl("postgres", "postgres"), "postgres", null)
                .refreshInterval(interval).connectionTimeout(Duration.ofMillis(500)).build()) {
            service.enable(Mode.READ_ONLY, "measuring", "alice");
            for (int i = 0; i < OUTAGES; i++) {
                pg.close();
                MaintenanceContract.awaitTrue(() -> service.status().staleReason() != null
                        && service.status().staleReason().contains("cannot be reached"), "never stale");
                // Down for a few intervals, as an outage is.
                Thread.sleep(interval.toMillis() * 3);
                pg = start(dataDir, port);
                long back = System.nanoTime();
                while (service.status().stale()) {
                    Thread.sleep(5);
                }
                millis.add((System.nanoTime() - back) / 1_000_000);
            }
            service.disable("alice");
        } finally {
            pg.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return millis;
    }

    private static EmbeddedPostgres start(Path dataDir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                .start();
    }
}
