package dev.intermission.flyway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.intermission.HistoryEntry;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationPlan;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.testing.Databases;

/** Bad window settings fail at once, naming the setting. */
class MigrationWindowBuilderTest {

    private MaintenanceService service;
    private MigrationWindow.Builder builder;

    @BeforeEach
    void setUp() {
        service = Maintenance.newBuilder().dataSource(Databases.newH2()).build();
        builder = MigrationWindow.newBuilder(service, new SchemaMigrator() {
            @Override
            public MigrationPlan plan() {
                return new MigrationPlan(null, null, List.of());
            }

            @Override
            public List<AppliedMigration> migrate() {
                return List.of();
            }
        });
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    @Test
    void newBuilder_missingOrForeignParts_rejected() {
        assertEquals("maintenance: must be a service built by Maintenance.newBuilder()",
                assertThrows(IllegalArgumentException.class, () -> MigrationWindow.newBuilder(null, null)).getMessage());
        assertEquals("migrator: must not be null", assertThrows(IllegalArgumentException.class,
                () -> MigrationWindow.newBuilder(service, null)).getMessage());
        MaintenanceService foreign = new ForeignService();
        assertThrows(IllegalArgumentException.class, () -> MigrationWindow.newBuilder(foreign, null));
        assertThrows(IllegalArgumentException.class, () -> MigrationHistory.of(foreign));
    }

    @Test
    void setters_badValues_rejectedNamingTheSetting() {
        assertMessage("mode: must be full or read-only, was 'off'", () -> builder.mode(Mode.OFF));
        assertMessage("estimate: must be between 1ms and 1d, was '0s'", () -> builder.estimate(Duration.ZERO));
        assertMessage("drainTimeout: must be between 0s and 1d, was '-1s'",
                () -> builder.drainTimeout(Duration.ofSeconds(-1)));
        assertMessage("lockWaitTimeout: must be between 0s and 1d", () -> builder.lockWaitTimeout(null));
        assertMessage("leaseDuration: must be between 1s and 1d, was '500ms'",
                () -> builder.leaseDuration(Duration.ofMillis(500)));
        assertMessage("propagationMargin: must be between 1ms and 1d, was '0s'",
                () -> builder.propagationMargin(Duration.ZERO));
        assertMessage("drainPolicy: must not be null", () -> builder.drainPolicy(null));
        assertMessage("inFlightRequests: must not be null", () -> builder.inFlightRequests(null));
        assertMessage("hook: must not be null", () -> builder.addHook(null));
        assertMessage("actor: must not be blank", () -> builder.actor(" "));
        assertMessage("message: must be at most 1000 characters (was 1001)", () -> builder.message("m".repeat(1001)));
        assertMessage("clientAddress: must be at most 100 characters", () -> builder.clientAddress("a".repeat(101)));
    }

    @Test
    void run_nothingPending_touchesNothing() {
        MigrationResult result = builder.build().run();

        assertEquals(MigrationOutcome.UP_TO_DATE, result.outcome());
        assertEquals(0, service.history(10).size());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    /** A service the library did not build. */
    private static final class ForeignService implements MaintenanceService {
        @Override
        public String serviceName() {
            return "foreign";
        }

        @Override
        public MaintenanceStatus status() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mode effectiveMode() {
            return Mode.OFF;
        }

        @Override
        public MaintenanceStatus apply(MaintenanceChange change) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<HistoryEntry> history(int limit) {
            return List.of();
        }

        @Override
        public MaintenanceStatus refresh() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Duration refreshInterval() {
            return Duration.ofSeconds(1);
        }

        @Override
        public void addListener(dev.intermission.MaintenanceListener listener) {
        }

        @Override
        public boolean removeListener(dev.intermission.MaintenanceListener listener) {
            return false;
        }

        @Override
        public void close() {
        }
    }
}
