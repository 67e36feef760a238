package dev.intermission.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceService;
import dev.intermission.testing.Databases;

/** The log reads nothing before any notifier made its tables, and refuses bad input naming the field. */
class NotificationLogTest {

    @Test
    void beforeAnyNotifier_theLogIsEmpty_notAnError() throws Exception {
        try (Fixture fixture = new Fixture(Databases.newH2())) {
            MaintenanceService service = fixture.service();
            NotificationLog log = NotificationLog.of(service);
            assertEquals(List.of(), log.recent(10));
            assertTrue(log.find("00000000-0000-0000-0000-000000000000").isEmpty());
        }
    }

    @Test
    void badLimitOrId_isRefused_namingTheField() throws Exception {
        try (Fixture fixture = new Fixture(Databases.newH2())) {
            NotificationLog log = NotificationLog.of(fixture.service());
            assertEquals("limit", assertThrows(InvalidValueException.class, () -> log.recent(0)).field());
            assertEquals("limit", assertThrows(InvalidValueException.class, () -> log.recent(1001)).field());
            assertEquals("id", assertThrows(InvalidValueException.class, () -> log.find("1; DROP TABLE x"))
                    .field());
            assertEquals("maintenance", assertThrows(InvalidValueException.class, () -> NotificationLog.of(null))
                    .field());
            assertEquals("dataSource", assertThrows(InvalidValueException.class,
                    () -> NotificationLog.of(null, "default", "")).field());
            assertEquals("serviceName", assertThrows(InvalidValueException.class,
                    () -> NotificationLog.of(fixture.dataSource, "no spaces", "")).field());
            assertEquals("tablePrefix", assertThrows(InvalidValueException.class,
                    () -> NotificationLog.of(fixture.dataSource, "default", "1x")).field());
        }
    }

    @Test
    void fromADataSourceAlone_readsWhatTheServiceRecorded() throws Exception {
        try (Fixture fixture = new Fixture(Databases.newH2())) {
            MaintenanceService service = fixture.service();
            try (Notifier notifier = Notifier.newBuilder(service).build()) {
                service.enable(dev.intermission.Mode.FULL, "Upgrading", "alice");
                assertTrue(notifier.awaitIdle(java.time.Duration.ofSeconds(20)));
            }
            List<Notification> byService = NotificationLog.of(service).recent(10);
            List<Notification> byDataSource = NotificationLog.of(fixture.dataSource, service.serviceName(), "")
                    .recent(10);
            assertEquals(1, byService.size());
            assertEquals(byService.get(0).id(), byDataSource.get(0).id());
            assertEquals(List.of(), NotificationLog.of(fixture.dataSource, "another-service", "").recent(10));
        }
    }
}
