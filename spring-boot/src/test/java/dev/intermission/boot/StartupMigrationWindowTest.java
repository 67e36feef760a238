package dev.intermission.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import dev.intermission.HistoryEntry;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.boot.app.TestApplication;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.testing.Databases;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Boot's own Flyway migration inside a maintenance window, with {@code intermission.migrations.window=true}, on a
 * real PostgreSQL.
 */
class StartupMigrationWindowTest {

    @Test
    void twoInstancesStartingAtOnce_exactlyOneMigrates_theOtherWaitsAndStarts_bothServe() throws Exception {
        String url = Databases.newPostgresDatabase();
        Flyway.configure().dataSource(url, "postgres", null).locations("classpath:db/window").target("1").load()
                .migrate();

        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<ConfigurableApplicationContext>> starts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            starts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    together.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return start(url, "window-app");
            }));
        }
        List<ConfigurableApplicationContext> contexts = new ArrayList<>();
        try {
            for (CompletableFuture<ConfigurableApplicationContext> start : starts) {
                contexts.add(start.get(3, TimeUnit.MINUTES));
            }

            assertEquals(1, count(url, "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '2' AND success"));
            MaintenanceService service = contexts.get(0).getBean(MaintenanceService.class);
            List<MigrationRecord> windows = MigrationHistory.of(service).recent(10);
            assertEquals(1, windows.size(), windows.toString());
            assertEquals(MigrationOutcome.SUCCEEDED, windows.get(0).outcome());
            assertEquals("1", windows.get(0).versionBefore());
            assertEquals("2", windows.get(0).versionAfter());

            List<HistoryEntry> history = service.history(10);
            assertEquals(2, history.size(), history.toString());
            assertTrue(history.stream().allMatch(e -> e.origin() == Origin.MIGRATION
                    && e.actor().equals("startup")), history.toString());
            assertEquals(Mode.FULL, history.get(1).newMode());
            assertEquals(Mode.OFF, history.get(0).newMode());

            long succeeded = 0;
            for (ConfigurableApplicationContext context : contexts) {
                Http http = new Http(port(context));
                assertEquals(200, http.get("/hello").statusCode());
                assertEquals(201, http.send("POST", "/orders", "{\"item\": \"tea\"}").statusCode());
                assertFalse(context.getBean(MaintenanceService.class).status().maintenance());
                Timer window = context.getBean(MeterRegistry.class).find("intermission.migration.window")
                        .tag("outcome", "succeeded").timer();
                succeeded += window == null ? 0 : window.count();
            }
            assertEquals(1, succeeded);
        } finally {
            contexts.forEach(ConfigurableApplicationContext::close);
        }
    }

    @Test
    void newApplicationOnADatabaseHoldingOnlyTheLibrarysTables_migratesEverythingInsideOneWindow()
            throws Exception {
        String url = Databases.newPostgresDatabase();
        try (ConfigurableApplicationContext context = start(url, "fresh-app")) {
            assertEquals(1, count(url, "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '2' AND success"));
            MaintenanceService service = context.getBean(MaintenanceService.class);
            List<MigrationRecord> windows = MigrationHistory.of(service).recent(10);
            assertEquals(1, windows.size());
            assertNull(windows.get(0).versionBefore());
            assertEquals(2, windows.get(0).applied().size());
            assertEquals(200, new Http(port(context)).get("/orders/count").statusCode());
        }
        try (ConfigurableApplicationContext again = start(url, "fresh-app")) {
            MaintenanceService service = again.getBean(MaintenanceService.class);
            assertEquals(1, MigrationHistory.of(service).recent(10).size());
            assertEquals(2, service.status().version());
        }
    }

    private static ConfigurableApplicationContext start(String url, String serviceName) {
        return new SpringApplicationBuilder(TestApplication.class).properties(
                "server.port=0",
                "spring.datasource.url=" + url,
                "spring.datasource.username=postgres",
                "spring.flyway.locations=classpath:db/window",
                "intermission.migrations.window=true",
                "intermission.service-name=" + serviceName,
                "intermission.refresh-interval=100ms",
                "intermission.migrations.lock-wait-timeout=2m").run();
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", null);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
