package dev.intermission.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationPhase;
import dev.intermission.migration.internal.ResultValue;
import dev.intermission.testing.ApiListing;
import dev.intermission.testing.Databases;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MaintenanceMetricsTest {

    /** The filter's outcome type, as the metrics read it: by constant name. */
    enum Outcome { PASSED, REFUSED, ALLOW_LISTED, BYPASSED }

    enum Unrelated { OTHER }

    private static MaintenanceService service;
    private SimpleMeterRegistry registry;

    @BeforeAll
    static void start() {
        service = Maintenance.newBuilder().dataSource(Databases.newH2()).serviceName("metrics").build();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @BeforeEach
    void reset() {
        if (service.status().mode().isMaintenance()) {
            service.disable("test");
        }
        registry = new SimpleMeterRegistry();
    }

    @Test
    void modeGauge_isOneForTheModeInForce_andFollowsChanges() {
        MaintenanceMetrics.newBuilder(service).build().bindTo(registry);
        assertEquals(1.0, mode("off"));
        assertEquals(0.0, mode("full"));
        service.enable(Mode.READ_ONLY, null, "test");
        assertEquals(0.0, mode("off"));
        assertEquals(1.0, mode("read-only"));
        service.disable("test");
        assertEquals(1.0, mode("off"));
    }

    @Test
    void stateGauges_reportFreshnessAndVersion() {
        MaintenanceMetrics.newBuilder(service).build().bindTo(registry);
        assertEquals(0.0, registry.get(MaintenanceMetrics.STALE).gauge().value());
        double staleness = registry.get(MaintenanceMetrics.STALENESS).timeGauge().value(TimeUnit.SECONDS);
        assertTrue(staleness >= 0 && staleness < 3600, "staleness " + staleness);
        long version = service.status().version();
        service.enable(Mode.FULL, null, "test");
        assertEquals(version + 1, registry.get(MaintenanceMetrics.VERSION).gauge().value());
    }

    @Test
    void requestOutcomes_areCountedByOutcome_andUnknownValuesAreIgnored() {
        MaintenanceMetrics metrics = MaintenanceMetrics.newBuilder(service).build();
        metrics.bindTo(registry);
        metrics.onOutcome(Outcome.PASSED);
        metrics.onOutcome(Outcome.PASSED);
        metrics.onOutcome(Outcome.REFUSED);
        metrics.onOutcome(Outcome.ALLOW_LISTED);
        metrics.onOutcome(Unrelated.OTHER);
        metrics.onOutcome(null);
        assertEquals(2.0, requests("passed"));
        assertEquals(1.0, requests("refused"));
        assertEquals(1.0, requests("allow-listed"));
        assertEquals(0.0, requests("bypassed"));
    }

    @Test
    void inFlightGauge_readsTheCounterGiven() {
        MaintenanceMetrics.newBuilder(service).inFlightRequests(() -> 7).build().bindTo(registry);
        assertEquals(7.0, registry.get(MaintenanceMetrics.ACTIVE_REQUESTS).gauge().value());
    }

    @Test
    void windowsRecordedBeforeBinding_areRecordedWhenBound_withEachPhase() {
        MaintenanceMetrics metrics = MaintenanceMetrics.newBuilder(service).build();
        metrics.recordWindow(new ResultValue(MigrationOutcome.SUCCEEDED, "w1", "metrics", "1", "2", List.of(),
                null, null, Map.of(MigrationPhase.PLAN, 5L, MigrationPhase.MIGRATE, 120L), false, null, null));
        metrics.bindTo(registry);
        Timer window = registry.get(MaintenanceMetrics.WINDOW).tag("outcome", "succeeded").timer();
        assertEquals(1, window.count());
        assertEquals(125.0, window.totalTime(TimeUnit.MILLISECONDS));
        Timer migrate = registry.get(MaintenanceMetrics.PHASE).tag("phase", "migrate").timer();
        assertEquals(120.0, migrate.totalTime(TimeUnit.MILLISECONDS));

        metrics.recordWindow(new ResultValue(MigrationOutcome.FAILED, "w2", "metrics", "2", "2", List.of(),
                "boom", MigrationPhase.MIGRATE, Map.of(MigrationPhase.MIGRATE, 3L), true, null, null));
        assertEquals(1, registry.get(MaintenanceMetrics.WINDOW).tag("outcome", "failed").timer().count());
    }

    @Test
    void everyMeter_carriesTheServiceAndTheTagsGiven() {
        MaintenanceMetrics.newBuilder(service).tag("application", "shop").build().bindTo(registry);
        Counter passed = registry.get(MaintenanceMetrics.REQUESTS).tag("outcome", "passed").counter();
        assertEquals("metrics", passed.getId().getTag("service"));
        assertEquals("shop", passed.getId().getTag("application"));
        assertNotNull(registry.find(MaintenanceMetrics.MODE).tag("application", "shop").gauge());
        assertNull(registry.find(MaintenanceMetrics.MODE).tag("application", "other").gauge());
    }

    @Test
    void badTags_areRefusedNamingTheProblem() {
        MaintenanceMetrics.Builder b = MaintenanceMetrics.newBuilder(service);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.tag("service", "x")).getMessage()
                .contains("service"));
        assertThrows(IllegalArgumentException.class, () -> b.tag(" ", "x"));
        assertThrows(IllegalArgumentException.class, () -> b.tag("k", null));
        assertThrows(IllegalArgumentException.class, () -> MaintenanceMetrics.newBuilder(null));
    }

    @Test
    void publicApi_isPinned() {
        ApiListing.check("intermission-micrometer", MaintenanceMetrics.class, "io.micrometer");
    }

    private double mode(String mode) {
        return registry.get(MaintenanceMetrics.MODE).tag("mode", mode).gauge().value();
    }

    private double requests(String outcome) {
        return registry.get(MaintenanceMetrics.REQUESTS).tag("outcome", outcome).counter().count();
    }
}
