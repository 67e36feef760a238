package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intermission.testing.CountingDataSource;
import dev.intermission.testing.Databases;

/** Bad configuration and bad changes fail fast, name the field, and write nothing. */
class MaintenanceBuilderTest {

    private static void assertRejected(String field, Executable executable) {
        InvalidValueException e = assertThrows(InvalidValueException.class, executable);
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(field + ":"), "message should name " + field + ": " + e.getMessage());
    }

    @Test
    void defaults_areThePublishedConstants() {
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2()).build()) {
            assertEquals(Maintenance.DEFAULT_SERVICE_NAME, service.serviceName());
            assertEquals(Maintenance.DEFAULT_REFRESH_INTERVAL, service.refreshInterval());
            assertEquals(Duration.ofSeconds(1), service.refreshInterval());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "has space", "-leading", "semi;colon", "quote'", "x12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901"})
    void serviceName_invalid_isRejected(String name) {
        assertRejected("serviceName", () -> Maintenance.newBuilder().serviceName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1abc", "a-b", "a b", "drop table;", "x123456789012345678901234567890", "_x"})
    void tablePrefix_invalid_isRejected(String prefix) {
        assertRejected("tablePrefix", () -> Maintenance.newBuilder().tablePrefix(prefix));
    }

    @Test
    void settings_outOfRange_areRejected() {
        assertRejected("refreshInterval", () -> Maintenance.newBuilder().refreshInterval(Duration.ofMillis(1)));
        assertRejected("refreshInterval", () -> Maintenance.newBuilder().refreshInterval(Duration.ofDays(1)));
        assertRejected("refreshInterval", () -> Maintenance.newBuilder().refreshInterval(null));
        assertRejected("poolSize", () -> Maintenance.newBuilder().poolSize(1));
        assertRejected("poolSize", () -> Maintenance.newBuilder().poolSize(11));
        assertRejected("jdbcUrl", () -> Maintenance.newBuilder().jdbcUrl("postgres://x", null, null));
        assertRejected("dataSource", () -> Maintenance.newBuilder().dataSource(null));
        assertRejected("timeSource", () -> Maintenance.newBuilder().timeSource(null));
        assertRejected("connectionTimeout", () -> Maintenance.newBuilder().connectionTimeout(Duration.ZERO));
        assertRejected("dataSource", () -> Maintenance.newBuilder().build());
    }

    @Test
    void jdbcUrlRejection_doesNotEchoCredentials() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Maintenance.newBuilder().jdbcUrl("mysql://host/db?password=secret", null, null));
        assertTrue(!e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void changeValues_invalid_areRejectedNamingTheField() {
        assertRejected("actor", () -> MaintenanceChange.disable().actor(" "));
        assertRejected("actor", () -> MaintenanceChange.disable().actor(null));
        assertRejected("actor", () -> MaintenanceChange.disable().actor("x".repeat(201)));
        assertRejected("message", () -> MaintenanceChange.enable(Mode.FULL).message("x".repeat(1001)));
        assertRejected("message", () -> MaintenanceChange.enable(Mode.FULL).message("bell\u0007"));
        assertRejected("mode", () -> MaintenanceChange.enable(Mode.OFF));
        assertRejected("mode", () -> Mode.parse("maybe"));
        assertRejected("expectedDuration", () -> MaintenanceChange.enable(Mode.FULL).expectedDuration(Duration.ZERO));
        assertRejected("expectedVersion", () -> MaintenanceChange.disable().expectedVersion(-1));
        assertRejected("clientAddress", () -> MaintenanceChange.disable().clientAddress("x".repeat(101)));
        Instant now = Instant.now();
        assertRejected("window.end", () -> new ScheduledWindow(now, now, Mode.FULL, null));
        assertRejected("window.end", () -> new ScheduledWindow(now, now.minusSeconds(1), Mode.FULL, null));
        assertRejected("window.mode", () -> new ScheduledWindow(now, now.plusSeconds(1), Mode.OFF, null));
        assertRejected("window.start", () -> new ScheduledWindow(null, now, Mode.FULL, null));
        assertRejected("message", () -> MaintenanceChange.disable().message("x"));
    }

    @Test
    void mode_parsesExternalNames() {
        assertEquals(Mode.READ_ONLY, Mode.parse("read-only"));
        assertEquals(Mode.READ_ONLY, Mode.parse("READ_ONLY"));
        assertEquals(Mode.FULL, Mode.parse(" full "));
        assertEquals("read-only", Mode.READ_ONLY.externalName());
    }

    @Test
    void rejectedChange_writesNothing() {
        CountingDataSource counting = new CountingDataSource(Databases.newH2());
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(counting)
                .refreshInterval(Duration.ofHours(1)).build()) {
            long before = counting.executions();
            assertRejected("until", () -> service.apply(MaintenanceChange.enable(Mode.FULL)
                    .until(Instant.now().minusSeconds(1)).build()));
            assertEquals(before, counting.executions(), "validation happens before any statement");
            assertEquals(0, service.refresh().version());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-leading", "has space", "semi;colon", "tab\tx", "<script>",
            "x12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901"})
    void instanceId_invalid_isRejected(String id) {
        assertRejected("instanceId", () -> Maintenance.newBuilder().instanceId(id));
    }

    @Test
    void applicationVersion_blankTooLongOrWithControlCharacters_isRejected() {
        assertRejected("applicationVersion", () -> Maintenance.newBuilder().applicationVersion(" "));
        assertRejected("applicationVersion", () -> Maintenance.newBuilder().applicationVersion("1.0\u001b[31m"));
        assertRejected("applicationVersion", () -> Maintenance.newBuilder().applicationVersion("v".repeat(101)));
    }

    @Test
    void instanceLease_outOfRange_orShorterThanThreeRefreshIntervals_isRejected() {
        assertRejected("instanceLease", () -> Maintenance.newBuilder().instanceLease(Duration.ofMillis(299)));
        assertRejected("instanceLease", () -> Maintenance.newBuilder().instanceLease(Duration.ofDays(2)));
        assertRejected("instanceLease", () -> Maintenance.newBuilder().instanceLease(null));
        CountingDataSource ds = new CountingDataSource(Databases.newH2());
        assertRejected("instanceLease", () -> Maintenance.newBuilder().dataSource(ds)
                .refreshInterval(Duration.ofSeconds(1)).instanceLease(Duration.ofMillis(2999)).build());
        assertEquals(0, ds.connections(), "nothing was opened");
    }

    @Test
    void instanceLease_byDefault_isFifteenSeconds_orThreeRefreshIntervalsWhenLonger() {
        try (MaintenanceService fast = Maintenance.newBuilder().dataSource(Databases.newH2()).build();
                MaintenanceService slow = Maintenance.newBuilder().dataSource(Databases.newH2())
                        .refreshInterval(Duration.ofSeconds(10)).build()) {
            ServiceInstance a = fast.instances().instances().get(0);
            assertEquals(Maintenance.DEFAULT_INSTANCE_LEASE, Duration.between(a.lastHeartbeat(), a.expiresAt()));
            ServiceInstance b = slow.instances().instances().get(0);
            assertEquals(Duration.ofSeconds(30), Duration.between(b.lastHeartbeat(), b.expiresAt()));
        }
    }
}
