package dev.intermission.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.testing.LogCapture;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A start-up migration never lets its instance serve an unmigrated schema, even with the database down. */
class StartupMigrationTest {

    private static EmbeddedPostgres start(Path dataDir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                .start();
    }

    @Test
    void databaseDownAtStart_instanceStaysClosed_retries_andOpensOnlyOnceMigrated() throws Exception {
        Path dataDir = Files.createTempDirectory("intermission-pg-startup");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres pg = start(dataDir, port);
        pg.close();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL("jdbc:postgresql://localhost:" + port + "/postgres");
        ds.setUser("postgres");
        ds.setConnectTimeout(1);
        SqlMigrator migrator = new SqlMigrator(ds).add("1", "CREATE TABLE orders (id INT)");
        try (LogCapture log = LogCapture.of("dev.intermission.migration");
             MaintenanceService service = Maintenance.newBuilder().dataSource(ds)
                .refreshInterval(Duration.ofMillis(200)).build()) {
            MigrationLaunch launch = MigrationWindow.newBuilder(service, migrator).actor("startup").build()
                    .migrateOnStart();
            int servedOpen = 0;
            for (int i = 0; i < 200; i++) {
                if (service.effectiveMode() == Mode.OFF) {
                    servedOpen++;
                }
                Thread.sleep(5);
            }
            assertEquals(0, servedOpen, "the instance served while its schema was not migrated");
            assertEquals(false, launch.done(), "the window keeps trying while the database is down");
            List<String> down = log.lines().stream().filter(l -> !l.startsWith("DEBUG") && !l.startsWith("FINE"))
                    .toList();
            assertTrue(!down.isEmpty(), "the first failed attempt is told");
            for (String line : down) {
                assertTrue(line.startsWith("WARNING Start-up migration of 'default' cannot finish yet (")
                        && line.contains("the database cannot be reached") && line.contains("tries again in "),
                        "one warning per retry, what failed and when it retries; nothing else: " + down);
            }

            pg = start(dataDir, port);
            MigrationResult result = launch.completion().get(60, TimeUnit.SECONDS);
            assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), String.valueOf(result.error()));
            assertEquals(Mode.OFF, service.effectiveMode(), "open once the schema is at its target");
            List<String> back = log.linesContaining("answers again");
            assertEquals(1, back.size(), log.lines()::toString);
            assertTrue(back.get(0).startsWith("INFO Start-up migration of 'default' runs now: the database answers "
                    + "again after "), back.get(0));
            assertTrue(log.lines().stream().noneMatch(l -> l.startsWith("SEVERE")), log.lines()::toString);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
                assertTrue(rs.next());
            }
        } finally {
            pg.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aRealMigrationFailure_keepsTheInstanceClosed() throws SQLException {
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(dev.intermission.testing.Databases
                .newH2()).refreshInterval(Duration.ofMillis(100)).build()) {
            SqlMigrator broken = new SqlMigrator(dev.intermission.testing.Databases.newH2())
                    .add("1", "CREATE TABLE broken (");
            MigrationLaunch launch = MigrationWindow.newBuilder(service, broken).build().migrateOnStart();
            MigrationResult result = launch.join();
            assertEquals(MigrationOutcome.FAILED, result.outcome());
            assertEquals(Mode.FULL, service.effectiveMode(), "fail closed");
            assertEquals(MigrationWindow.DEFAULT_MESSAGE, service.status().effectiveMessage(),
                    "users see the window's words, not the exception");
        }
    }
}
