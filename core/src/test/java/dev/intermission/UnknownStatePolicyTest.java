package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** What an instance does when the database is unreachable from the start. */
class UnknownStatePolicyTest {

    /** A URL on a local port where nothing listens: connections are refused at once. */
    private static String deadUrl() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/none?connectTimeout=1";
    }

    private static Maintenance.Builder deadDatabase() throws IOException {
        return Maintenance.newBuilder().jdbcUrl(deadUrl(), "nobody", "none")
                .connectionTimeout(Duration.ofMillis(500)).refreshInterval(Duration.ofMillis(200));
    }

    @Test
    void databaseDownAtStart_byDefault_assumesFull_andReportsStale() throws IOException {
        try (MaintenanceService service = deadDatabase().build()) {
            MaintenanceStatus status = service.status();
            assertEquals(Mode.FULL, status.effectiveMode());
            assertEquals(Mode.FULL, service.effectiveMode());
            assertTrue(status.stale());
            assertNull(status.lastRefreshed());
        }
    }

    @Test
    void databaseDownAtStart_withAssumeOff_serves() throws IOException {
        try (MaintenanceService service = deadDatabase().unknownStatePolicy(UnknownStatePolicy.ASSUME_OFF).build()) {
            assertEquals(Mode.OFF, service.effectiveMode());
            assertTrue(service.status().stale());
        }
    }

    @Test
    void databaseDown_writesAndHistoryFailWithAClearError() throws IOException {
        try (MaintenanceService service = deadDatabase().build()) {
            MaintenanceException e = assertThrows(MaintenanceException.class,
                    () -> service.enable(Mode.FULL, null, "alice"));
            assertTrue(e.getMessage().startsWith("cannot change the maintenance state of 'default'"),
                    e.getMessage());
            assertThrows(MaintenanceException.class, () -> service.history(10));
            assertThrows(MaintenanceException.class, service::refresh);
        }
    }
}
