package dev.intermission.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.testing.ApiListing;
import dev.intermission.testing.Databases;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MaintenanceJmxTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static MaintenanceService service;

    @BeforeAll
    static void start() {
        service = Maintenance.newBuilder().dataSource(Databases.newH2()).serviceName("jmx-test").build();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void registeredMBean_showsTheStatusAsAttributes_andSwitchesWithItsOperations() throws Exception {
        try (MaintenanceJmx jmx = MaintenanceJmx.register(service)) {
            ObjectName name = new ObjectName("dev.intermission:type=Maintenance,service=jmx-test");
            assertEquals(name, jmx.objectName());
            assertTrue(SERVER.isRegistered(name));
            assertEquals("off", SERVER.getAttribute(name, "EffectiveMode"));
            assertEquals(Boolean.FALSE, SERVER.getAttribute(name, "Maintenance"));

            MaintenanceMXBean proxy = JMX.newMXBeanProxy(SERVER, name, MaintenanceMXBean.class);
            long version = proxy.getVersion();
            proxy.enable("read-only", "Reindexing");
            assertEquals(Mode.READ_ONLY, service.effectiveMode());
            assertEquals("read-only", proxy.getEffectiveMode());
            assertEquals("Reindexing", proxy.getMessage());
            assertEquals("jmx", proxy.getChangedBy());
            assertEquals(version + 1, proxy.getVersion());
            assertFalse(proxy.getSince().isEmpty());
            assertEquals("", proxy.getUntil());
            assertFalse(proxy.isStale());

            SERVER.invoke(name, "disable", new Object[0], new String[0]);
            assertEquals(Mode.OFF, service.effectiveMode());
        }
        assertFalse(SERVER.isRegistered(MaintenanceJmx.objectName("jmx-test")));
    }

    @Test
    void badMode_isRefusedNamingTheParameter_withAJdkExceptionOnly_andChangesNothing() throws Exception {
        try (MaintenanceJmx jmx = MaintenanceJmx.register(service)) {
            long version = service.status().version();
            RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class, () -> SERVER.invoke(
                    jmx.objectName(), "enable", new Object[] {"closed", ""},
                    new String[] {String.class.getName(), String.class.getName()}));
            IllegalArgumentException cause = assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertEquals(IllegalArgumentException.class, cause.getClass());
            assertTrue(cause.getMessage().startsWith("mode:"), cause.getMessage());
            assertThrows(RuntimeMBeanException.class, () -> SERVER.invoke(jmx.objectName(), "enable",
                    new Object[] {"off", ""}, new String[] {String.class.getName(), String.class.getName()}));
            assertEquals(version, service.status().version());
        }
    }

    @Test
    void secondRegistrationOfTheSameService_isRefused_andClosingTwiceIsHarmless() {
        MaintenanceJmx first = MaintenanceJmx.register(service);
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> MaintenanceJmx.register(service));
            assertTrue(e.getMessage().contains("already registered"), e.getMessage());
        } finally {
            first.close();
            first.close();
        }
    }

    @Test
    void publicApi_isPinned() {
        ApiListing.check("intermission-jmx", MaintenanceJmx.class);
    }
}
