package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.intermission.internal.ChangeListener;
import dev.intermission.testing.Databases;
import dev.intermission.testing.LogCapture;

/**
 * On PostgreSQL, changes are pushed: an instance that polls only every ten minutes still sees a change within the
 * test's patience, so it can only have come by NOTIFY; a lost listening connection comes back by itself.
 */
class PushTest {

    /** Far longer than any wait here: whatever arrives sooner was pushed. */
    private static final Duration SLOW_POLL = Duration.ofMinutes(10);

    private final DataSource ds = Databases.newPostgres();
    private final List<MaintenanceService> opened = new ArrayList<>();

    private MaintenanceService writer() {
        MaintenanceService a = Maintenance.newBuilder().dataSource(ds).instanceId("writer").listenForChanges(false)
                .build();
        opened.add(a);
        return a;
    }

    private MaintenanceService slowPoller() {
        MaintenanceService b = Maintenance.newBuilder().dataSource(ds).instanceId("listener")
                .refreshInterval(SLOW_POLL).build();
        opened.add(b);
        MaintenanceContract.awaitTrue(() -> listening(b), "the listener never started listening");
        return b;
    }

    private static boolean listening(MaintenanceService service) {
        return service.instances().instances().stream().filter(ServiceInstance::local).findFirst().orElseThrow()
                .listening();
    }

    @AfterEach
    void close() {
        opened.forEach(MaintenanceService::close);
    }

    private List<Integer> listeningBackends() throws SQLException {
        List<Integer> pids = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()")) {
            while (rs.next()) {
                pids.add(rs.getInt(1));
            }
        }
        return pids;
    }

    @Test
    void changeOnOneInstance_reachesAnInstanceThatPollsEveryTenMinutes_byPush() {
        MaintenanceService a = writer();
        MaintenanceService b = slowPoller();
        a.enable(Mode.FULL, "pushed", "alice");
        MaintenanceContract.awaitTrue(() -> b.effectiveMode() == Mode.FULL, "the change was not pushed");
        assertEquals("pushed", b.status().message());
        a.disable("alice");
        MaintenanceContract.awaitTrue(() -> b.effectiveMode() == Mode.OFF, "the second change was not pushed");
    }

    @Test
    void listeningConnectionTerminated_isOpenedAgainByItself_andALaterChangeArrivesByPushAgain() throws Exception {
        MaintenanceService a = writer();
        MaintenanceService b = slowPoller();
        List<Integer> before = listeningBackends();
        assertEquals(1, before.size(), "one listening connection per listening instance: " + before);
        try (LogCapture log = LogCapture.of(ChangeListener.class)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(" + before.get(0) + ")");
            }
            MaintenanceContract.awaitTrue(() -> {
                try {
                    List<Integer> now = listeningBackends();
                    return now.size() == 1 && !now.equals(before);
                } catch (SQLException e) {
                    return false;
                }
            }, "the listening connection was not opened again");
            MaintenanceContract.awaitTrue(() -> listening(b), "not listening again");
            assertEquals(1, log.linesContaining("cannot be pushed").size(), log.lines().toString());
            MaintenanceContract.awaitTrue(() -> log.linesContaining("pushed again").size() == 1,
                    "the recovery was not logged: " + log.lines());
        }
        a.enable(Mode.READ_ONLY, "after the reconnect", "alice");
        MaintenanceContract.awaitTrue(() -> b.effectiveMode() == Mode.READ_ONLY, "the change was not pushed");
        assertNotEquals(before, listeningBackends());
    }

    @Test
    void malformedNotifications_areIgnoredWithOneLogLine_andChangesStillArrive() throws Exception {
        MaintenanceService a = writer();
        MaintenanceService b = slowPoller();
        try (LogCapture log = LogCapture.of(ChangeListener.class)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (String junk : new String[] {"garbage", "default:", ":7", "default:-1", "default:1e9",
                        "bad name!:3", "x".repeat(7000)}) {
                    s.execute("SELECT pg_notify('intermission_change', '" + junk + "')");
                }
                s.execute("SELECT pg_notify('intermission_change', 'other-service:42')");
            }
            a.enable(Mode.FULL, "still pushed", "alice");
            MaintenanceContract.awaitTrue(() -> b.effectiveMode() == Mode.FULL, "the change was not pushed");
            List<String> malformed = log.linesContaining("malformed");
            assertEquals(1, malformed.size(), log.lines().toString());
            assertTrue(malformed.get(0).contains("'garbage'"), malformed.get(0));
            assertTrue(listening(b));
            assertFalse(b.status().stale());
        }
        assertEquals(1, b.status().version());
    }

    @Test
    void changeFoundByPollingButNeverAnnounced_makesTheListenerOpenANewConnection() throws Exception {
        MaintenanceService a = writer();
        a.enable(Mode.READ_ONLY, "announced", "alice");
        MaintenanceService b = Maintenance.newBuilder().dataSource(ds).instanceId("listener")
                .refreshInterval(Duration.ofMillis(100)).build();
        opened.add(b);
        MaintenanceContract.awaitTrue(() -> listening(b), "never listening");
        List<Integer> before = listeningBackends();
        try (LogCapture log = LogCapture.of(ChangeListener.class)) {
            // A change written behind the library's back announces nothing, like a listener cut off silently.
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("UPDATE service_context SET mode = 'FULL', version = version + 1");
            }
            MaintenanceContract.awaitTrue(() -> b.effectiveMode() == Mode.FULL, "polling did not carry the change");
            MaintenanceContract.awaitTrue(() -> !log.linesContaining("never announced").isEmpty(),
                    "the silent listener was not noticed: " + log.lines());
            MaintenanceContract.awaitTrue(() -> {
                try {
                    List<Integer> now = listeningBackends();
                    return now.size() == 1 && !now.equals(before);
                } catch (SQLException e) {
                    return false;
                }
            }, "no new listening connection");
        }
    }
}
