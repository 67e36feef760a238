package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import dev.intermission.internal.Json;
import dev.intermission.testing.Databases;
import dev.intermission.testing.ForwardingDataSource;
import dev.intermission.testing.LogCapture;

/**
 * The status says why the state cannot be read, the same however the DataSource was given; the next good read
 * clears it; and a service closed while its database cannot be reached leaves no thread behind.
 */
class StaleReasonTest {

    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void databaseRefusingConnectionsAtStart_ownPoolOrDataSource_statusAndLogSayItCannotBeReached()
            throws IOException {
        int port = deadPort();
        PGSimpleDataSource given = new PGSimpleDataSource();
        given.setURL("jdbc:postgresql://127.0.0.1:" + port + "/none");
        given.setUser("nobody");
        for (Maintenance.Builder builder : List.of(
                Maintenance.newBuilder().jdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/none", "nobody", "x"),
                Maintenance.newBuilder().dataSource(given))) {
            try (LogCapture log = LogCapture.of("dev.intermission.Maintenance");
                    MaintenanceService service = builder.listenForChanges(false).build()) {
                MaintenanceStatus status = service.status();
                assertEquals(Mode.FULL, status.effectiveMode(), "the unknown-state policy");
                assertTrue(status.stale());
                assertTrue(status.staleReason().startsWith("the database cannot be reached"),
                        status.staleReason());
                assertTrue(status.staleReason().contains("refused"), status.staleReason());
                Map<String, Object> json = Json.status(status);
                assertEquals(status.staleReason(), json.get("staleReason"));
                assertEquals(1, log.lines().stream().filter(l -> l.contains("cannot be read")
                        && l.contains("the database cannot be reached")).count(), log.lines()::toString);
            }
        }
    }

    @Test
    @SuppressWarnings("try") // the connection is opened only to keep the in-memory database alive during the test
    void wrongPasswordAtStart_ownPoolOrDataSource_statusSaysTheCredentialsWereRefused() throws SQLException {
        String url = Databases.newH2Url();
        try (Connection keepsTheDatabase = DriverManager.getConnection(url, "sa", "")) {
            JdbcDataSource given = new JdbcDataSource();
            given.setURL(url);
            given.setUser("sa");
            given.setPassword("not-the-password");
            for (Maintenance.Builder builder : List.of(
                    Maintenance.newBuilder().jdbcUrl(url, "sa", "not-the-password"),
                    Maintenance.newBuilder().dataSource(given))) {
                try (MaintenanceService service = builder.build()) {
                    MaintenanceStatus status = service.status();
                    assertEquals(Mode.FULL, status.effectiveMode());
                    assertTrue(status.staleReason().startsWith("the database refused the credentials"),
                            status.staleReason());
                }
            }
        }
    }

    @Test
    void readGoodAgain_clearsTheReason() {
        AtomicBoolean down = new AtomicBoolean();
        DataSource h2 = Databases.newH2();
        DataSource flaky = new ForwardingDataSource(h2) {
            @Override
            public Connection getConnection() throws SQLException {
                if (down.get()) {
                    throw new SQLNonTransientConnectionException("Connection refused", "08001");
                }
                return super.getConnection();
            }
        };
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(flaky)
                .refreshInterval(Duration.ofMinutes(1)).build()) {
            assertNull(service.status().staleReason(), "fresh: no reason");
            down.set(true);
            try {
                service.refresh();
            } catch (MaintenanceException expected) {
                // the read fails: the reason is kept
            }
            assertTrue(service.status().stale());
            assertEquals("the database cannot be reached (Connection refused)", service.status().staleReason());
            down.set(false);
            service.refresh();
            assertEquals(false, service.status().stale());
            assertNull(service.status().staleReason());
            assertNull(Json.status(service.status()).get("staleReason"));
        }
    }

    @Test
    void closedWhileTheDatabaseCannotBeReached_leavesNoThreadOfTheService() throws Exception {
        String service = "closing-in-outage";
        try (MaintenanceService m = Maintenance.newBuilder().serviceName(service)
                .jdbcUrl("jdbc:postgresql://127.0.0.1:" + deadPort() + "/none", "nobody", "x")
                .refreshInterval(Duration.ofMillis(100)).connectionTimeout(Duration.ofMillis(500)).build()) {
            assertTrue(m.status().stale());
            // Let the listener fail five times, so that it sleeps in a back-off longer than a second.
            Thread.sleep(1600);
        }
        assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(n -> n.contains(service)).toList());
    }
}
