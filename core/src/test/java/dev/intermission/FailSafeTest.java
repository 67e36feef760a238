package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.intermission.internal.Json;
import dev.intermission.testing.Databases;
import dev.intermission.testing.ForwardingDataSource;
import dev.intermission.testing.LogCapture;

/**
 * An instance that cannot confirm the state for about its lease switches itself to its fail-safe mode (another
 * instance may be migrating without it knowing), logs that once, and serves the stored state again once it reads
 * it.
 */
class FailSafeTest {

    /** A database whose connections can be refused, as when the network to it is down. */
    private static final class Switchable extends ForwardingDataSource {
        volatile boolean down;

        Switchable() {
            super(Databases.newH2());
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLTransientConnectionException("Connection refused", "08001");
            }
            return super.getConnection();
        }
    }

    private static MaintenanceService service(Switchable ds, Mode failSafe) {
        return Maintenance.newBuilder().dataSource(ds).refreshInterval(Duration.ofMillis(100))
                .instanceLease(Duration.ofMillis(500)).failSafeMode(failSafe).build();
    }

    @Test
    void databaseUnreachableForTheLease_switchesToReadOnly_logsOnce_andRecoversWhenItAnswers() {
        Switchable ds = new Switchable();
        try (LogCapture log = LogCapture.of("dev.intermission.Maintenance");
                MaintenanceService service = service(ds, Maintenance.DEFAULT_FAIL_SAFE_MODE)) {
            assertEquals(Mode.OFF, service.effectiveMode());
            assertFalse(service.status().failSafe());

            ds.down = true;
            MaintenanceContract.awaitTrue(() -> service.effectiveMode() == Mode.READ_ONLY, "never fail-safe");
            MaintenanceStatus status = service.status();
            assertTrue(status.failSafe());
            assertTrue(status.stale());
            assertEquals(Mode.OFF, status.mode(), "the stored state is still what was read");
            assertEquals(Mode.READ_ONLY, status.effectiveMode());
            Map<String, Object> json = Json.status(status);
            assertEquals(true, json.get("failSafe"));
            assertEquals(Mode.READ_ONLY, json.get("effectiveMode"));
            MaintenanceContract.awaitTrue(() -> log.linesContaining("fail-safe").size() == 1, "not logged");
            for (int i = 0; i < 5; i++) {
                service.status();
                service.effectiveMode();
            }

            ds.down = false;
            MaintenanceContract.awaitTrue(() -> service.effectiveMode() == Mode.OFF, "never recovered");
            assertFalse(service.status().failSafe());
            MaintenanceContract.awaitTrue(() -> log.linesContaining("fail-safe mode ended").size() == 1,
                    "the end was not logged: " + log.lines());
            assertEquals(1, log.linesContaining("not confirmed since").size(), "logged once: " + log.lines());
        }
    }

    @Test
    void failSafeFull_refusesEverything_andOffKeepsTheLastState() {
        Switchable full = new Switchable();
        Switchable off = new Switchable();
        try (MaintenanceService strict = service(full, Mode.FULL);
                MaintenanceService lenient = service(off, Mode.OFF)) {
            full.down = true;
            off.down = true;
            MaintenanceContract.awaitTrue(() -> strict.effectiveMode() == Mode.FULL, "never fail-safe");
            MaintenanceContract.awaitTrue(() -> lenient.status().stale(), "never stale");
            try {
                Thread.sleep(700);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertEquals(Mode.OFF, lenient.effectiveMode(), "OFF keeps serving the last state");
            assertFalse(lenient.status().failSafe());
        }
    }

    @Test
    void failSafeIsNeverLooserThanTheStoredMode() {
        Switchable ds = new Switchable();
        try (MaintenanceService service = service(ds, Mode.READ_ONLY)) {
            service.enable(Mode.FULL, "upgrade", "alice");
            ds.down = true;
            MaintenanceContract.awaitTrue(() -> service.status().failSafe(), "never fail-safe");
            assertEquals(Mode.FULL, service.effectiveMode());
            assertEquals("upgrade", service.status().effectiveMessage());
        }
    }

    @Test
    void failSafeMode_null_isRejected() {
        InvalidValueException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidValueException.class,
                () -> Maintenance.newBuilder().failSafeMode(null));
        assertEquals("failSafeMode", e.field());
    }
}
