package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.intermission.testing.Databases;

/** A write never waits without bound: a locked table makes it fail fast with a reason, and write nothing. */
class BoundedWriteTest {

    @Test
    void changeWhileTheTableIsLocked_failsAsBusy_andWritesNothing() throws Exception {
        DataSource ds = Databases.newPostgres();
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(ds)
                .statementTimeout(Duration.ofSeconds(1)).build()) {
            service.enable(Mode.READ_ONLY, "before", "alice");
            try (Connection locker = ds.getConnection(); Statement s = locker.createStatement()) {
                locker.setAutoCommit(false);
                s.execute("LOCK TABLE service_context IN ACCESS EXCLUSIVE MODE");
                MaintenanceException e = assertThrows(MaintenanceException.class,
                        () -> service.enable(Mode.FULL, "during the lock", "bob"));
                assertTrue(e.getMessage().contains("did not answer in time or a lock was held too long"),
                        e.getMessage());
                locker.rollback();
            }
            MaintenanceStatus after = service.refresh();
            assertEquals(1, after.version(), "nothing was written");
            assertEquals(Mode.READ_ONLY, after.mode());
            assertEquals(1, service.history(10).size());
        }
    }
}
