package dev.intermission.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.intermission.InFlightRequests;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.migration.MigrationContext;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationHook;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationPhase;
import dev.intermission.migration.MigrationPlan;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.testing.Databases;

/** The code of docs/runbook.md, line for line, run on H2 with the sample migrations under db/. */
class RunbookSnippetsTest {

    @TempDir
    Path backups;

    private DataSource dataSource;
    private MaintenanceService maintenance;

    @BeforeEach
    void start() {
        dataSource = Databases.newH2();
        maintenance = Maintenance.newBuilder().dataSource(dataSource).serviceName("orders")
                .refreshInterval(Duration.ofMillis(100)).build();
    }

    @AfterEach
    void stop() {
        maintenance.close();
    }

    private MigrationHook verification() {
        // tag::verify-hook[]
        MigrationHook verify = new MigrationHook() {
            @Override
            public void afterMigrate(MigrationContext context) throws SQLException {
                try (Connection c = dataSource.getConnection();
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders WHERE created_at IS NULL")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {           // fails the window: maintenance stays on
                        throw new IllegalStateException(rs.getLong(1) + " orders have no created_at after the backfill");
                    }
                }
            }
        };
        // end::verify-hook[]
        return verify;
    }

    @Test
    void window_fromCode_migratesAndReopens() {
        MigrationHook verify = verification();
        AtomicInteger backedUp = new AtomicInteger();
        MigrationHook backup = new MigrationHook() {
            @Override
            public void beforeMigrate(MigrationContext context) {
                assertEquals(Mode.FULL, maintenance.effectiveMode(), "maintenance is on before the backup");
                backedUp.incrementAndGet();
            }
        };
        InFlightRequests inFlight = InFlightRequests.NONE;
        // tag::window[]
        SchemaMigrator migrator = FlywayMigrator.newBuilder()
                .dataSource(dataSource)                          // the application's own migrations and history
                .locations("classpath:db/migration")
                .build();
        MigrationResult result = MigrationWindow.newBuilder(maintenance, migrator)
                .estimate(Duration.ofMinutes(5))                 // the expected end users see, and Retry-After
                .inFlightRequests(inFlight)                      // the servlet filter: requests still running here
                .addHook(backup)                                 // before migrating: pg_dump
                .addHook(verify)                                 // after migrating: verification queries
                .actor("deploy-1234")
                .build()
                .run();
        if (result.failed()) {                                   // maintenance stays on, with the window's message
            throw new IllegalStateException("migration failed in " + result.failedPhase() + ": " + result.error());
        }
        // end::window[]
        assertEquals(MigrationOutcome.SUCCEEDED, result.outcome());
        assertEquals("2", result.versionAfter());
        assertEquals(2, result.applied().size());
        assertEquals(1, backedUp.get());
        assertEquals(Mode.OFF, maintenance.effectiveMode());
        assertFalse(result.maintenanceOn());
        assertEquals(List.of(Origin.MIGRATION, Origin.MIGRATION),
                maintenance.history(10).stream().map(e -> e.origin()).toList());

        MigrationResult again = MigrationWindow.newBuilder(maintenance, migrator).build().run();
        assertEquals(MigrationOutcome.UP_TO_DATE, again.outcome(), "nothing pending: maintenance untouched");
        assertEquals(2, maintenance.history(10).size());
    }

    @Test
    void dryRun_listsPendingAndChangesNothing() {
        SchemaMigrator migrator = FlywayMigrator.newBuilder().dataSource(dataSource)
                .locations("classpath:db/migration").build();
        String printed = CapturedOut.of(() -> {
            // tag::dry-run[]
            MigrationPlan plan = MigrationWindow.newBuilder(maintenance, migrator).build().plan();
            System.out.println("schema at " + plan.currentVersion() + ", would reach " + plan.targetVersion());
            plan.pending().forEach(m -> System.out.println("  pending: " + m.version() + " " + m.description()));
            // end::dry-run[]
        });
        assertEquals(List.of("schema at null, would reach 2", "  pending: 1 orders",
                "  pending: 2 orders created at"), printed.lines().toList());
        assertEquals(0, maintenance.status().version());
    }

    @Test
    void failedWindow_staysOnAndRecords_thenFixedRunReopens() {
        SchemaMigrator broken = FlywayMigrator.newBuilder().dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/release-3").build();
        MigrationResult failed = MigrationWindow.newBuilder(maintenance, broken).actor("deploy-1234").build().run();
        assertEquals(MigrationOutcome.FAILED, failed.outcome());
        assertEquals(MigrationPhase.MIGRATE, failed.failedPhase());
        assertTrue(failed.maintenanceOn());
        assertEquals(Mode.FULL, maintenance.effectiveMode());
        assertEquals(MigrationWindow.DEFAULT_MESSAGE, maintenance.status().effectiveMessage(),
                "users keep the window's message, never the error");

        String printed = CapturedOut.of(() -> {
            // tag::migration-history[]
            for (MigrationRecord w : MigrationHistory.of(maintenance).recent(5)) {   // newest first
                System.out.println(w.id() + " " + w.outcome() + " " + w.versionBefore() + " -> " + w.versionAfter()
                        + " by " + w.actor() + (w.error() == null ? "" : ": " + w.error()));
            }
            // end::migration-history[]
        });
        assertTrue(printed.contains(" FAILED "), printed);
        assertTrue(printed.contains("by deploy-1234: "), printed);

        // The fixed V3 ships; H2 (like MySQL) recorded the failed attempt, which the re-run forgets first.
        SchemaMigrator fixed = FlywayMigrator.newBuilder().dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/release-3-fixed").repairFailedMigrations(true)
                .build();
        MigrationResult rerun = MigrationWindow.newBuilder(maintenance, fixed).actor("deploy-1235").build().run();
        assertEquals(MigrationOutcome.SUCCEEDED, rerun.outcome(), rerun.error());
        assertEquals("3", rerun.versionAfter());
        assertEquals(Mode.OFF, maintenance.effectiveMode(), "a successful window ends a failed window's maintenance");
    }

    @Test
    void verifyHook_missedBackfill_failsAndKeepsMaintenanceOn() {
        SchemaMigrator forgetful = FlywayMigrator.newBuilder().dataSource(dataSource)
                .locations("classpath:db/incomplete").build();
        MigrationResult result = MigrationWindow.newBuilder(maintenance, forgetful).addHook(verification()).build()
                .run();
        assertEquals(MigrationOutcome.FAILED, result.outcome());
        assertEquals(MigrationPhase.AFTER_HOOKS, result.failedPhase());
        assertTrue(result.error().contains("2 orders have no created_at"), result.error());
        assertEquals(Mode.FULL, maintenance.effectiveMode());
    }

    @Test
    void pgDumpBackup_failedBackupStopsTheWindowBeforeMigrating() {
        // No PostgreSQL listens on port 1: pg_dump fails (or is not installed), either way before anything migrates.
        String database = "postgresql://postgres@127.0.0.1:1/orders";
        SchemaMigrator migrator = FlywayMigrator.newBuilder().dataSource(dataSource)
                .locations("classpath:db/migration").build();
        // tag::pg-dump-window[]
        MigrationResult result = MigrationWindow.newBuilder(maintenance, migrator)
                .addHook(new PgDumpBackup(database, backups))
                .actor("deploy-1234")
                .build()
                .run();
        // end::pg-dump-window[]
        assertEquals(MigrationOutcome.FAILED, result.outcome());
        assertEquals(MigrationPhase.BEFORE_HOOKS, result.failedPhase());
        assertTrue(result.applied().isEmpty());
        assertEquals(null, migrator.plan().currentVersion(), "nothing was migrated");
        assertFalse(result.error().contains("pg_restore"), "no restore before migrating: " + result.error());
        assertEquals(Mode.FULL, maintenance.effectiveMode());
    }

    @Test
    void pgDumpBackup_commandsLeaveTheLibraryTablesAlone() {
        PgDumpBackup backup = new PgDumpBackup("postgresql://app@db:5432/orders", backups);
        MigrationContext context = new MigrationContext("0b6c3f6e-8a8e-4a55-9f5e-3c1d2f9a7b10", "orders", "deploy",
                Mode.FULL, new MigrationPlan(null, "2", List.of()), List.of());
        List<String> dump = backup.dumpCommand(context);
        String file = backups.resolve("orders-0b6c3f6e-8a8e-4a55-9f5e-3c1d2f9a7b10.dump").toString();
        assertEquals(List.of("pg_dump", "--format=custom", "--file=" + file, "--dbname=postgresql://app@db:5432/orders",
                "--exclude-table=service_context", "--exclude-table=service_context_history",
                "--exclude-table=service_instance", "--exclude-table=migration_window",
                "--exclude-table=migration_lock", "--exclude-table=intermission_*"), dump);
        assertEquals(List.of("pg_restore", "--clean", "--if-exists", "--single-transaction",
                "--dbname=postgresql://app@db:5432/orders", file), backup.restoreCommand(context));
        assertNotNull(context.windowId());
    }
}
