package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A running instance survives its PostgreSQL server stopping and starting again. */
class PostgresOutageTest {

    private static EmbeddedPostgres start(Path dataDir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                .start();
    }

    @Test
    void serverStopped_readsKeepLastStateAndReportStale_thenRecoverAfterRestart() throws Exception {
        Path dataDir = Files.createTempDirectory("intermission-pg-outage");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres pg = start(dataDir, port);
        Duration interval = Duration.ofMillis(200);
        try (MaintenanceService service = Maintenance.newBuilder()
                .jdbcUrl(pg.getJdbcUrl("postgres", "postgres"), "postgres", null)
                .refreshInterval(interval).connectionTimeout(Duration.ofMillis(500)).build()) {
            service.enable(Mode.READ_ONLY, "before the outage", "alice");
            Instant lastGood = service.status().lastRefreshed();
            assertNotNull(lastGood);

            pg.close();
            MaintenanceContract.awaitTrue(() -> service.status().stale(), "never reported stale");
            for (int i = 0; i < 1000; i++) {
                MaintenanceStatus status = service.status();
                assertEquals(Mode.READ_ONLY, status.effectiveMode(), "the last known state is kept");
                assertEquals("before the outage", status.message());
                assertTrue(status.stale());
            }
            assertEquals(Mode.READ_ONLY, service.effectiveMode());

            pg = start(dataDir, port);
            MaintenanceContract.awaitTrue(() -> !service.status().stale(), "never recovered");
            MaintenanceStatus recovered = service.status();
            assertFalse(recovered.stale());
            assertTrue(recovered.lastRefreshed().isAfter(lastGood));
            assertEquals(Mode.OFF, service.disable("alice").mode(), "writes work again");
        } finally {
            pg.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
