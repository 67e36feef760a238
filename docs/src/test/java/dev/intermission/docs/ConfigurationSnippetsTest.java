package dev.intermission.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.intermission.InFlightRequests;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.SchemaMode;
import dev.intermission.UnknownStatePolicy;
import dev.intermission.migration.DrainPolicy;
import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.admin.AdminAuthorizer;
import dev.intermission.admin.MaintenanceAdminConfig;
import dev.intermission.testing.Databases;

/** The Java code of docs/configuration.md, line for line, and the defaults the page states. */
class ConfigurationSnippetsTest {

    @Test
    void coreBuilder_everyOption() {
        String url = Databases.newH2Url();
        String user = "sa";
        String password = "";
        // tag::core-all[]
        MaintenanceService maintenance = Maintenance.newBuilder()
                .jdbcUrl(url, user, password)                         // or .dataSource(dataSource)
                .serviceName("orders")                                // default "default"
                .refreshInterval(Duration.ofSeconds(1))               // default 1 s; 10 ms to 1 h
                .unknownStatePolicy(UnknownStatePolicy.ASSUME_FULL)   // default ASSUME_FULL
                .tablePrefix("")                                      // default none
                .addListener(event -> { })                            // none by default
                .schemaMode(SchemaMode.CREATE)                        // default CREATE; or VALIDATE, NONE
                .statementTimeout(Duration.ofSeconds(5))              // default 5 s; 1 s to 5 min
                .poolSize(2)                                          // default 2; 2 to 10, with jdbcUrl only
                .connectionTimeout(Duration.ofSeconds(3))             // default 3 s; with jdbcUrl only
                .timeSource(InstantSource.system())                   // default the system clock
                .instanceId("orders-7f9c")                            // default host, process id, 4 hex digits
                .applicationVersion("2.4.1")                          // default none
                .instanceLease(Duration.ofSeconds(15))                // default 15 s or 3 refresh intervals
                .listenForChanges(true)                               // default true; PostgreSQL only
                .failSafeMode(Mode.READ_ONLY)                         // default READ_ONLY; or FULL, OFF
                .build();
        // end::core-all[]
        assertEquals("orders", maintenance.serviceName());
        assertEquals(Maintenance.DEFAULT_REFRESH_INTERVAL, maintenance.refreshInterval());
        maintenance.close();
    }

    @Test
    void coreDefaults_areThePageOnes() {
        assertEquals("default", Maintenance.DEFAULT_SERVICE_NAME);
        assertEquals(Duration.ofSeconds(1), Maintenance.DEFAULT_REFRESH_INTERVAL);
        assertEquals(Duration.ofMillis(10), Maintenance.MIN_REFRESH_INTERVAL);
        assertEquals(Duration.ofHours(1), Maintenance.MAX_REFRESH_INTERVAL);
        assertEquals(2, Maintenance.DEFAULT_POOL_SIZE);
        assertEquals(Duration.ofSeconds(3), Maintenance.DEFAULT_CONNECTION_TIMEOUT);
        assertEquals(UnknownStatePolicy.ASSUME_FULL, Maintenance.DEFAULT_UNKNOWN_STATE_POLICY);
        assertEquals(Duration.ofSeconds(5), Maintenance.DEFAULT_STATEMENT_TIMEOUT);
        assertEquals(Duration.ofSeconds(15), Maintenance.DEFAULT_INSTANCE_LEASE);
        assertEquals(Duration.ofMillis(300), Maintenance.MIN_INSTANCE_LEASE);
        assertEquals(Duration.ofHours(24), Maintenance.MAX_INSTANCE_LEASE);
        assertEquals(Mode.READ_ONLY, Maintenance.DEFAULT_FAIL_SAFE_MODE);
        assertThrows(IllegalArgumentException.class,
                () -> Maintenance.newBuilder().statementTimeout(Duration.ofMillis(999)));
        assertThrows(IllegalArgumentException.class,
                () -> Maintenance.newBuilder().statementTimeout(Duration.ofMinutes(6)));
        assertEquals(1000, MaintenanceChange.MAX_MESSAGE_LENGTH);
        assertEquals(200, MaintenanceChange.MAX_ACTOR_LENGTH);
        assertEquals("system", MaintenanceChange.DEFAULT_ACTOR);
        assertThrows(IllegalArgumentException.class, () -> Maintenance.newBuilder().poolSize(1));
        assertThrows(IllegalArgumentException.class, () -> Maintenance.newBuilder().tablePrefix("1x"));
        assertThrows(IllegalArgumentException.class,
                () -> Maintenance.newBuilder().connectionTimeout(Duration.ofMillis(249)));
        assertThrows(IllegalArgumentException.class, () -> Maintenance.newBuilder().serviceName("a b"));
    }

    @Test
    void unknownStatePolicy_decidesUntilTheFirstRead() {
        // Nothing listens on port 1: the first read fails, and the policy decides.
        try (MaintenanceService closed = Maintenance.newBuilder()
                .jdbcUrl("jdbc:postgresql://127.0.0.1:1/orders", "app", "secret")
                .connectionTimeout(Duration.ofMillis(250)).build();
             MaintenanceService open = Maintenance.newBuilder()
                     .jdbcUrl("jdbc:postgresql://127.0.0.1:1/orders", "app", "secret")
                     .connectionTimeout(Duration.ofMillis(250))
                     .unknownStatePolicy(UnknownStatePolicy.ASSUME_OFF).build()) {
            assertEquals(Mode.FULL, closed.effectiveMode());
            assertTrue(closed.status().stale());
            assertEquals(Mode.OFF, open.effectiveMode());
        }
    }

    @Test
    void adminConfig_everyOption() {
        String deployToken = "d3ploy-t0ken-0123456789";
        String aliceToken = "al1ce-t0ken-0123456789abcdef";
        // tag::admin-all[]
        MaintenanceAdminConfig admin = MaintenanceAdminConfig.newBuilder()
                .token("deploy", deployToken)                              // from your secret store
                .token("alice", aliceToken)                                // one per person or pipeline
                .authorizer(AdminAuthorizer.containerRoles("ops"))        // or null: tokens only
                .publicStatus(true)                                        // default true
                .maxBodyBytes(16 * 1024)                                   // default 16 KiB; 256 B to 1 MiB
                .build();
        // end::admin-all[]
        assertEquals(List.of("deploy", "alice"), List.copyOf(admin.tokenNames()));
        assertTrue(admin.hasCredentials());
        MaintenanceAdminConfig defaults = MaintenanceAdminConfig.newBuilder().build();
        assertTrue(defaults.publicStatus());
        assertEquals(16 * 1024, defaults.maxBodyBytes());
        assertFalse(defaults.hasCredentials(), "no token, no authorizer: every change answers 403");
        assertThrows(IllegalArgumentException.class,
                () -> MaintenanceAdminConfig.newBuilder().token("short", "fifteen-chars-x"));
    }

    @Test
    void adminConfig_fromInitParameters() {
        Map<String, String> params = Map.of(
                MaintenanceAdminConfig.TOKENS_PARAM, "deploy:d3ploy-t0ken-0123456789, alice:al1ce-t0ken-0123456789abcdef",
                MaintenanceAdminConfig.ROLES_PARAM, "ops,admin",
                MaintenanceAdminConfig.PUBLIC_STATUS_PARAM, "false",
                MaintenanceAdminConfig.MAX_BODY_BYTES_PARAM, "4096");
        MaintenanceAdminConfig admin = MaintenanceAdminConfig.fromInitParameters(params);
        assertEquals(List.of("deploy", "alice"), List.copyOf(admin.tokenNames()));
        assertTrue(admin.authorizer().isPresent());
        assertFalse(admin.publicStatus());
        assertEquals(4096, admin.maxBodyBytes());
        assertEquals("intermission.admin.tokens", MaintenanceAdminConfig.TOKENS_PARAM);
        assertEquals("intermission.admin.roles", MaintenanceAdminConfig.ROLES_PARAM);
        assertEquals("intermission.admin.publicStatus", MaintenanceAdminConfig.PUBLIC_STATUS_PARAM);
        assertEquals("intermission.admin.maxBodyBytes", MaintenanceAdminConfig.MAX_BODY_BYTES_PARAM);
    }

    @Test
    void migrationWindow_everyOption() {
        DataSource dataSource = Databases.newH2();
        try (MaintenanceService maintenance = Maintenance.newBuilder().dataSource(dataSource)
                .refreshInterval(Duration.ofMillis(100)).build()) {
            InFlightRequests filter = InFlightRequests.NONE;
            // tag::migrations-all[]
            SchemaMigrator migrator = FlywayMigrator.newBuilder()
                    .dataSource(dataSource)                                  // required (or flyway.url)
                    .locations("classpath:db/migration")                     // default classpath:db/migration
                    .table("flyway_schema_history")                          // default flyway_schema_history
                    .configuration(Map.of("flyway.placeholders.owner", "app"))   // any other flyway.* property
                    .repairFailedMigrations(false)                           // default false
                    .build();
            MigrationWindow window = MigrationWindow.newBuilder(maintenance, migrator)
                    .mode(Mode.FULL)                                         // default FULL; or READ_ONLY
                    .message("Database upgrade in progress.")               // the default message
                    .estimate(Duration.ofMinutes(5))                         // default none: no expected end
                    .drainTimeout(Duration.ofSeconds(30))                    // default 30 s
                    .drainPolicy(DrainPolicy.ABORT)                          // default ABORT; or PROCEED
                    .lockWaitTimeout(Duration.ofMinutes(1))                  // default 1 min
                    .leaseDuration(Duration.ofSeconds(30))                   // default 30 s
                    .propagationMargin(Duration.ofMillis(250))               // default 250 ms
                    .inFlightRequests(filter)                                // default none: nothing to drain
                    .actor("deploy")                                         // default "system"
                    .build();
            // end::migrations-all[]
            MigrationResult result = window.run();
            assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
        }
        assertEquals("Database upgrade in progress.", MigrationWindow.DEFAULT_MESSAGE);
        assertEquals(Duration.ofSeconds(30), MigrationWindow.DEFAULT_DRAIN_TIMEOUT);
        assertEquals(Duration.ofMinutes(1), MigrationWindow.DEFAULT_LOCK_WAIT_TIMEOUT);
        assertEquals(Duration.ofSeconds(30), MigrationWindow.DEFAULT_LEASE_DURATION);
        assertEquals(Duration.ofMillis(250), MigrationWindow.DEFAULT_PROPAGATION_MARGIN);
        assertEquals(Duration.ofSeconds(1), MigrationWindow.MIN_LEASE_DURATION);
        assertEquals(Duration.ofHours(24), MigrationWindow.MAX_DURATION);
        assertEquals("classpath:db/migration", FlywayMigrator.DEFAULT_LOCATION);
        assertEquals("flyway_schema_history", FlywayMigrator.DEFAULT_TABLE);
        assertThrows(IllegalArgumentException.class,
                () -> FlywayMigrator.newBuilder().locations("classpath:dev/intermission/schema"));
        assertThrows(IllegalArgumentException.class,
                () -> FlywayMigrator.newBuilder().table("intermission_schema_history"));
    }
}
