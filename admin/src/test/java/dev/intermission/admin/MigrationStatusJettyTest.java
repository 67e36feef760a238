package dev.intermission.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.admin.Http.Answer;
import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.internal.Engine;
import dev.intermission.migration.MigrationContext;
import dev.intermission.migration.MigrationHook;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.PendingMigration;
import dev.intermission.migration.internal.MigrationStore;
import dev.intermission.testing.Databases;
import dev.intermission.testing.ForwardingDataSource;

/**
 * A window that failed, was interrupted or runs tells operators over HTTP what happened and what to do next: in its
 * record ({@code next}) and in the operators' status ({@code migration}), never in the public status.
 */
class MigrationStatusJettyTest {

    private static final String TOKEN = "ci-token-0123456789abcdef";
    private static final String SHOP = "classpath:db/shop";
    private static final String BROKEN = "classpath:db/shop-broken";
    private static final String BASE = AdminJetty.MOUNT;

    /** Counts the statements that read the migration windows. */
    private static final class CountingDataSource extends ForwardingDataSource {
        final AtomicInteger windowReads = new AtomicInteger();

        CountingDataSource(DataSource delegate) {
            super(delegate);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = super.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("prepare") && args != null
                                && String.valueOf(args[0]).contains("migration_")) {
                            windowReads.incrementAndGet();
                        }
                        try {
                            return method.invoke(c, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    private DataSource plain;
    private CountingDataSource counting;
    private MaintenanceService service;
    private AdminJetty jetty;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch atGate = new CountDownLatch(1);

    private void start(String database, boolean gated, String... locations) {
        plain = database.equals("h2") ? Databases.newH2() : Databases.newPostgres();
        counting = new CountingDataSource(plain);
        service = Maintenance.newBuilder().dataSource(counting).refreshInterval(Duration.ofMillis(100)).build();
        MigrationHook hold = new MigrationHook() {
            @Override
            public void beforeMigrate(MigrationContext context) throws Exception {
                atGate.countDown();
                if (gated && !gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            }
        };
        jetty = AdminJetty.start(new MaintenanceAdminServlet(service, MaintenanceAdminConfig.newBuilder()
                .token("ci", TOKEN)
                .migrations(FlywayMigrator.newBuilder().dataSource(plain).locations(locations).build())
                .migrationWindow(b -> b.propagationMargin(Duration.ofMillis(20)).leaseDuration(Duration.ofSeconds(2))
                        .addHook(hold))
                .build()));
    }

    @AfterEach
    void stop() {
        gate.countDown();
        if (jetty != null) {
            jetty.close();
        }
        if (service != null) {
            service.close();
        }
    }

    private Answer get(String path, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + TOKEN;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return Http.send("GET", URI.create(jetty.base() + path), null, all);
    }

    private String startWindow() {
        Answer a = Http.send("POST", URI.create(jetty.base() + "/migrations"), null, "Authorization",
                "Bearer " + TOKEN);
        assertEquals(202, a.status(), a.body());
        return a.json().get("id").asText();
    }

    private MigrationRecord awaitFinished(String id) throws InterruptedException {
        return Windows.awaitFinished(service, id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void failedWindow_recordAndOperatorsStatusSayWhatFailedAndWhatToDoNext(String database) throws Exception {
        start(database, false, SHOP, BROKEN);
        Answer before = get("");
        assertFalse(before.json().has("migration"), "no window yet: " + before.body());

        String id = startWindow();
        awaitFinished(id);

        JsonNode record = get("/migrations/" + id).json();
        String next = record.get("next").asText();
        assertTrue(next.startsWith("fix V3__create_carts.sql"), next);
        assertTrue(next.contains("start a new window with POST " + BASE + "/migrations"), next);
        assertTrue(next.contains("switch maintenance off (PATCH " + BASE + " {\"maintenance\": false}) to reopen on "
                + "the old schema"), next);
        if (database.equals("h2")) {
            assertTrue(next.contains("H2 commits each DDL statement at once, so it may be partly applied"), next);
            assertTrue(next.contains("'migrate --repair-failed'"), next);
        } else {
            assertTrue(next.contains("PostgreSQL rolled it back"), next);
            assertFalse(next.contains("repair"), next);
        }
        assertEquals(next, get("/migrations").json().get("windows").get(0).get("next").asText(), "the list too");

        Answer status = get("");
        JsonNode migration = status.json().get("migration");
        assertEquals(List.of("id", "state", "startedAt", "failedPhase", "error", "next", "url"),
                fields(migration), status.body());
        assertEquals(id, migration.get("id").asText());
        assertEquals("FAILED", migration.get("state").asText());
        assertEquals("MIGRATE", migration.get("failedPhase").asText());
        assertTrue(migration.get("error").asText().startsWith("V3__create_carts.sql failed"), status.body());
        assertEquals(next, migration.get("next").asText());
        assertEquals(BASE + "/migrations/" + id, migration.get("url").asText());
        assertNotEquals(before.header("ETag"), status.header("ETag"), "the tag changes with the window");
        assertEquals(200, get("", "If-None-Match", before.header("ETag")).status(), "a copy from before is stale");

        Answer publicStatus = Http.send("GET", jetty.base(), null);
        assertFalse(publicStatus.body().contains("migration"), publicStatus.body());
        Answer statusJson = Http.send("GET", URI.create(jetty.base() + "/status.json"), null);
        assertEquals(200, statusJson.status());
        assertFalse(statusJson.body().contains(id), statusJson.body());
    }

    @Test
    void operatorsStatus_readsTheNewestWindowInOneStatement_andKeepsItsTagWhileNothingChanges() throws Exception {
        start("h2", false, SHOP, BROKEN);
        awaitFinished(startWindow());
        Answer first = get("");
        assertTrue(first.json().has("migration"), first.body());

        int before = counting.windowReads.get();
        Answer again = get("", "If-None-Match", first.header("ETag"));
        assertEquals(1, counting.windowReads.get() - before, "one statement per operators' status request");
        assertEquals(304, again.status(), "the same window and state: the same tag");

        before = counting.windowReads.get();
        Http.send("GET", jetty.base(), null);
        assertEquals(0, counting.windowReads.get() - before, "the public status reads no window");
    }

    @Test
    void runningWindow_operatorsStatusSaysToWait() throws Exception {
        start("h2", true, SHOP);
        String id = startWindow();
        assertTrue(atGate.await(30, TimeUnit.SECONDS), "the window never reached its hook");

        JsonNode migration = get("").json().get("migration");
        assertEquals("RUNNING", migration.get("state").asText(), migration.toString());
        assertTrue(migration.get("next").asText().startsWith("wait: the window is running; GET " + BASE
                + "/migrations/" + id), migration.toString());
        assertTrue(migration.get("failedPhase").isNull());
        assertTrue(migration.get("error").isNull());
        assertEquals(migration.get("next"), get("/migrations/" + id).json().get("next"));

        gate.countDown();
        awaitFinished(id);
        assertFalse(get("").json().has("migration"), "a window that succeeded needs nothing");
        assertTrue(get("/migrations/" + id).json().get("next").isNull());
    }

    @Test
    void interruptedWindow_operatorsStatusSaysToStartANewOneOrReopen() {
        start("h2", false, SHOP);
        Engine engine = Engine.of(service);
        String id = UUID.randomUUID().toString();
        // What a process that died during its window leaves: a record never ended, and no lease.
        new MigrationStore(engine.db(), engine.tables()).insert(id, service.serviceName(), "deploy", "web-1",
                Mode.FULL, Instant.now(), null, List.of(new PendingMigration("1", "create products",
                        "V1__create_products.sql")), null);

        JsonNode migration = get("").json().get("migration");
        assertEquals("INTERRUPTED", migration.get("state").asText(), migration.toString());
        String next = migration.get("next").asText();
        assertTrue(next.startsWith("its process stopped before the window ended (its lease expired)"), next);
        assertTrue(next.contains("start a new window with POST " + BASE + "/migrations"), next);
        assertEquals(next, get("/migrations/" + id).json().get("next").asText());
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
