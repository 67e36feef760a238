package dev.intermission.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceException;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.admin.Http.Answer;
import dev.intermission.admin.internal.AdminHandler;
import dev.intermission.testing.Databases;
import dev.intermission.testing.LogCapture;

/**
 * A change over HTTP while another connection holds the state table locked on a real PostgreSQL: the endpoint
 * answers 503 "the state store is busy" with Retry-After within the statement timeout, writes nothing, and logs
 * the kind of failure; a database that cannot be reached stays "state store unavailable", its kind in the log.
 */
class BusyStateStoreTest {

    private static final String TOKEN = "ci-token-0123456789abcdef";

    private static Answer patch(AdminJetty jetty, String body) {
        return Http.send("PATCH", jetty.base(), body, "Content-Type", "application/json",
                "Authorization", "Bearer " + TOKEN);
    }

    @Test
    void changeWhileTheTableIsLockedElsewhere_503TheStateStoreIsBusy_withRetryAfter_andNothingWritten()
            throws Exception {
        DataSource ds = Databases.newPostgres();
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(ds)
                .statementTimeout(Duration.ofSeconds(1)).build();
                AdminJetty jetty = AdminJetty.start(new MaintenanceAdminServlet(service,
                        MaintenanceAdminConfig.newBuilder().token("ci", TOKEN).build()));
                LogCapture log = LogCapture.of(AdminHandler.class)) {
            assertEquals(200, patch(jetty, "{\"mode\": \"read-only\", \"message\": \"before\"}").status());
            try (Connection locker = ds.getConnection(); Statement s = locker.createStatement()) {
                locker.setAutoCommit(false);
                s.execute("LOCK TABLE service_context IN ACCESS EXCLUSIVE MODE");
                Answer busy = patch(jetty, "{\"maintenance\": true}");
                assertEquals(503, busy.status(), busy.body());
                assertEquals("application/problem+json", busy.contentType());
                assertEquals("the state store is busy", busy.json().get("detail").asText(), busy.body());
                assertTrue(busy.header("Retry-After") != null, "Retry-After");
                locker.rollback();
            }
            List<String> lines = log.lines().stream().filter(l -> l.contains("failed")).toList();
            assertEquals(1, lines.size(), lines::toString);
            assertTrue(lines.get(0).contains("the state store is busy (timeout)"), lines.get(0));
            assertEquals(1, service.refresh().version(), "nothing was written");
            assertEquals(Mode.READ_ONLY, service.status().mode());
            assertEquals(1, service.history(10).size());
            assertEquals(200, patch(jetty, "{\"maintenance\": true}").status(), "the lock gone, writes work");
        }
    }

    @Test
    void databaseCannotBeReached_change503StateStoreUnavailable_kindInTheLog_reasonInTheOperatorsStatusOnly()
            throws Exception {
        FlakyDataSource ds = new FlakyDataSource(Databases.newH2());
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(ds).build();
                AdminJetty jetty = AdminJetty.start(new MaintenanceAdminServlet(service,
                        MaintenanceAdminConfig.newBuilder().token("ci", TOKEN).build()));
                LogCapture log = LogCapture.of(AdminHandler.class)) {
            ds.down(true);
            Answer down = patch(jetty, "{\"maintenance\": true}");
            assertEquals(503, down.status(), down.body());
            assertEquals("state store unavailable", down.json().get("detail").asText(), down.body());
            assertEquals("5", down.header("Retry-After"));
            List<String> lines = log.lines().stream().filter(l -> l.contains("failed")).toList();
            assertEquals(1, lines.size(), lines::toString);
            assertTrue(lines.get(0).contains("the state store is unavailable (unreachable)"), lines.get(0));
            try {
                service.refresh();
            } catch (MaintenanceException expected) {
                // the read fails too: the status is stale, and says why to operators only
            }
            Answer operator = Http.send("GET", jetty.base(), null, "Authorization", "Bearer " + TOKEN);
            assertEquals("the database cannot be reached (database unreachable (test))",
                    operator.json().get("staleReason").asText(), operator.body());
            Answer anyone = Http.send("GET", jetty.base(), null);
            assertTrue(anyone.json().get("stale").asBoolean(), anyone.body());
            assertFalse(anyone.json().has("staleReason"), "no failure details in public: " + anyone.body());
            ds.down(false);
            service.refresh();
            Answer fresh = Http.send("GET", jetty.base(), null, "Authorization", "Bearer " + TOKEN);
            assertTrue(fresh.json().get("staleReason").isNull(), fresh.body());
        }
    }
}
