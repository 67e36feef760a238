package dev.intermission.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.MigrationLaunch;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationPlan;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.PendingMigration;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.testing.Databases;

/**
 * Another instance holds the migration lock while the example starts: the example listens and answers 503 all
 * along (never "connection refused", never the application), says in its log whom it waits for, and serves once
 * that window has ended and its own has run.
 */
class StartupLockWaitTest {

    @TempDir
    Path home;

    @Test
    void startUpWhileAnotherWindowHoldsTheLock_answers503_logsTheHolder_thenServes() throws Exception {
        String url = Databases.newH2Url();
        List<String> logged = new ArrayList<>();
        Logger logger = Logger.getLogger(ExampleApp.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (logged) {
                    logged.add(new java.util.logging.SimpleFormatter().formatMessage(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        CountDownLatch migrating = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (MaintenanceService other = Maintenance.newBuilder().jdbcUrl(url, "sa", null).build()) {
            // The other instance's window: one pending migration that takes as long as the test says.
            SchemaMigrator slow = new SchemaMigrator() {
                private volatile boolean done;

                @Override
                public MigrationPlan plan() {
                    return done ? new MigrationPlan("1", "1", List.of())
                            : new MigrationPlan(null, "1", List.of(new PendingMigration("1", "slow", "V1__slow.sql")));
                }

                @Override
                public List<AppliedMigration> migrate() {
                    migrating.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    done = true;
                    return List.of(new AppliedMigration("1", "slow", "V1__slow.sql", 1));
                }
            };
            MigrationLaunch holder = MigrationWindow.newBuilder(other, slow).actor("deploy-7").message("Other upgrade")
                    .build().start();
            assertTrue(migrating.await(30, TimeUnit.SECONDS), "the other window never started migrating");

            ExampleConfig config = ExampleConfig.fromEnvironment(Map.of("INTERMISSION_HOME", home.toString(),
                    "INTERMISSION_JDBC_URL", url, "INTERMISSION_JDBC_USER", "sa",
                    "INTERMISSION_ADMIN_TOKEN", ExampleServerTest.TOKEN)).withPort(0);
            try (ExampleApp app = ExampleApp.listen(config, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8))) {
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest orders = HttpRequest.newBuilder(app.server().getURI().resolve("/api/orders")).build();
                app.startServices();
                ExampleServerTest.awaitTrue(() -> {
                    synchronized (logged) {
                        return logged.stream().anyMatch(l -> l.contains("waits for the migration lock"));
                    }
                }, "the log never said the start-up window waits: " + logged);
                int refused = 0;
                for (int i = 0; i < 5; i++) {
                    HttpResponse<String> response = http.send(orders, HttpResponse.BodyHandlers.ofString());
                    refused += response.statusCode() == 503 ? 1 : 0;
                }
                assertEquals(5, refused, "the application was served while another window migrated");
                String line;
                synchronized (logged) {
                    line = logged.stream().filter(l -> l.contains("waits for the migration lock")).findFirst()
                            .orElseThrow();
                }
                assertTrue(line.contains(holder.windowId().orElseThrow()) && line.contains("deploy-7"), line);

                release.countDown();
                assertEquals(MigrationOutcome.SUCCEEDED, holder.join().outcome());
                assertEquals(MigrationOutcome.SUCCEEDED, app.startupMigration().orElseThrow().join().outcome(),
                        "the example's own window ran after the other one");
                ExampleServerTest.awaitTrue(() -> {
                    try {
                        return http.send(orders, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (Exception e) {
                        return false;
                    }
                }, "the application was never served");
            }
        } finally {
            release.countDown();
            logger.removeHandler(capture);
        }
    }
}
