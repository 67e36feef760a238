package dev.intermission.flyway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import db.slow.V3__Slow_orders;

import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.testing.Databases;

/**
 * A child JVM killed in the middle of a migration: maintenance stays on, the window shows as unfinished, and once
 * the lease has ended a new window runs, succeeds and reopens.
 */
class KilledWindowTest {

    private static final Duration LEASE = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void killedMidMigration_postgres_maintenanceStaysOnAndNextWindowSucceedsAfterTheLease() throws Exception {
        String url = Databases.newPostgresDatabase();
        String name = url.replaceAll(".*/([^?]+).*", "$1");
        killAndRecover(Databases.postgres().getDatabase("postgres", name), url, "postgres", "");
    }

    @Test
    void killedMidMigration_h2FileAutoServer_maintenanceStaysOnAndNextWindowSucceedsAfterTheLease()
            throws Exception {
        // This process opens the file first and serves it; the child connects to it over TCP.
        String url = "jdbc:h2:file:" + dir.resolve("app").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        dataSource.setPassword("");
        try (var keepOpen = dataSource.getConnection()) {
            assertTrue(keepOpen.isValid(5));
            killAndRecover(dataSource, url, "sa", "");
        }
    }

    private void killAndRecover(javax.sql.DataSource dataSource, String url, String user, String password)
            throws Exception {
        try (WindowFixture fixture = new WindowFixture(dataSource)) {
            MaintenanceService service = fixture.service();
            assertEquals(MigrationOutcome.SUCCEEDED, WindowFixture.window(service,
                    fixture.migrator("classpath:db/app-v1")).build().run().outcome());

            Process child = startChild(url, user, password);
            try {
                awaitLine(child, V3__Slow_orders.RUNNING_LINE);
            } finally {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }

            // The process died mid-migration: maintenance is still on, the window unfinished.
            assertEquals(Mode.FULL, service.refresh().mode());
            assertEquals(Origin.MIGRATION, WindowFixture.history(service).get(0).origin());
            MigrationRecord killed = MigrationHistory.of(service).recent(1).get(0);
            assertEquals("child", killed.actor());
            assertFalse(killed.finished());
            assertNull(killed.outcome());
            assertEquals("3", killed.planned().get(0).version());

            // A new window waits for the lease to end, takes over and reopens.
            SchemaMigrator migrator = fixture.migrator("classpath:db/app-v1", "classpath:db/slow");
            MigrationResult next = WindowFixture.window(service, migrator).build().run();

            assertEquals(MigrationOutcome.SUCCEEDED, next.outcome(), next.error());
            assertEquals(List.of("3"), next.applied().stream().map(AppliedMigration::version).toList());
            assertEquals(Mode.OFF, service.effectiveMode());
            MigrationRecord after = MigrationHistory.of(service).find(killed.id()).orElseThrow();
            assertTrue(after.interrupted(), after.toString());
            assertFalse(after.finished());
        }
    }

    private Process startChild(String url, String user, String password) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-D" + V3__Slow_orders.HANG_PROPERTY + "=true",
                "-cp", System.getProperty("java.class.path"), KilledWindowMain.class.getName(),
                url, user, password, String.valueOf(LEASE.toMillis())));
        File errors = dir.resolve("child-stderr.txt").toFile();
        return new ProcessBuilder(command)
                .redirectError(errors)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
    }

    private void awaitLine(Process child, String expected) throws Exception {
        CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.contains(expected)) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        boolean found;
        try {
            found = seen.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            found = false;
        }
        if (!found) {
            Path errors = dir.resolve("child-stderr.txt");
            throw new AssertionError("the child never reached the migration; its errors:\n"
                    + (Files.exists(errors) ? Files.readString(errors) : "(none)"));
        }
    }
}
