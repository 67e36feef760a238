package dev.intermission.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.ServiceInstance;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.InstanceWait;
import dev.intermission.migration.MigrationLaunch;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationPlan;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.PendingMigration;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.servlet.testing.Container;
import dev.intermission.servlet.testing.Containers;
import dev.intermission.servlet.testing.RunningApp;
import dev.intermission.servlet.testing.WebApp;
import dev.intermission.testing.Await;
import dev.intermission.testing.Databases;

/**
 * Two instances on one PostgreSQL, real HTTP: a request the filter let through on B holds a migration window started
 * on A until it ends, while allow-listed requests never hold one.
 */
class ClusterDrainTest {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private MaintenanceService instance(DataSource ds, String id) {
        MaintenanceService s = Maintenance.newBuilder().dataSource(ds).instanceId(id).refreshInterval(INTERVAL)
                .build();
        opened.add(s);
        return s;
    }

    /** A real migrator: one CREATE TABLE, noting in the test's sequence when it is about to run. */
    private final class OneTable implements SchemaMigrator {
        private final DataSource ds;
        private final String table;
        final AtomicLong startedAt = new AtomicLong();
        private volatile boolean done;

        OneTable(DataSource ds, String table) {
            this.ds = ds;
            this.table = table;
        }

        @Override
        public MigrationPlan plan() {
            return done ? new MigrationPlan("1", "1", List.of())
                    : new MigrationPlan(null, "1", List.of(new PendingMigration("1", "create " + table, "V1")));
        }

        @Override
        public List<AppliedMigration> migrate() {
            startedAt.set(sequence.incrementAndGet());
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + table + " (id INT)");
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            done = true;
            return List.of(new AppliedMigration("1", "create " + table, "V1", 0));
        }
    }

    /** Reads the whole body, notes in the test's sequence when it finished, and answers with its length. */
    private final class BodyReader extends HttpServlet {
        final AtomicLong finishedAt = new AtomicLong();

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            int length = req.getInputStream().readAllBytes().length;
            finishedAt.set(sequence.incrementAndGet());
            resp.getWriter().write("read " + length);
        }
    }

    /** Holds every request until released: a slow health check. */
    private static final class Held extends HttpServlet {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            entered.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            resp.getWriter().write("ok");
        }
    }

    private static ServiceInstance find(MaintenanceService from, String id) {
        return from.instances().instances().stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
    }

    private RunningApp start(MaintenanceFilter filter, HttpServlet api, HttpServlet health) {
        RunningApp app = Containers.start(Container.JETTY, WebApp.at("")
                .filter("maintenance", filter, "/*")
                .servlet("api", api, "/api/*")
                .servlet("health", health, "/health"));
        opened.add(app);
        assertTrue(app.available(), "the application did not start");
        return app;
    }

    @Test
    void slowPostOnB_holdsTheWindowStartedOnA_andTheMigrationRunsAfterTheRequestFinished() throws Exception {
        DataSource ds = Databases.newPostgres();
        MaintenanceService a = instance(ds, "web-a");
        MaintenanceService b = instance(ds, "web-b");
        MaintenanceFilter filter = new MaintenanceFilter(b,
                MaintenanceFilterConfig.newBuilder().allowPaths("/health").build());
        BodyReader api = new BodyReader();
        RunningApp app = start(filter, api, new Held());
        OneTable migrator = new OneTable(ds, "orders");

        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 10\r\nConnection: close\r\n\r\nhalf-").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Await.until(() -> filter.inFlight() == 1 && filter.writesInFlight() == 1,
                    "the slow POST was not counted as a write in flight");

            MigrationLaunch launch = MigrationWindow.newBuilder(a, migrator).drainTimeout(Duration.ofSeconds(60))
                    .actor("deploy").build().start();
            Await.until(() -> b.effectiveMode() == Mode.FULL, "B never saw the window's change");
            Await.until(() -> {
                ServiceInstance seen = find(a, "web-b");
                return seen != null && seen.stateVersion() == a.status().version() && seen.requestsInFlight() == 1
                        && seen.writesInFlight() == 1;
            }, "B never reported the window's version with its request");
            Thread.sleep(INTERVAL.multipliedBy(5).toMillis());
            assertEquals(0, migrator.startedAt.get(), "migrated while the POST was still running on B");

            out.write("body!".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.endsWith("read 10"), response);

            MigrationResult result = launch.completion().get(60, TimeUnit.SECONDS);
            assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
            assertTrue(api.finishedAt.get() > 0);
            assertTrue(migrator.startedAt.get() > api.finishedAt.get(),
                    "the migration's first statement ran before the request finished");
            assertEquals(1, result.heldUpBy().size(), result.heldUpBy().toString());
            InstanceWait wait = result.heldUpBy().get(0);
            assertEquals("web-b", wait.instanceId());
            assertEquals(InstanceWait.Outcome.READY, wait.outcome());
            assertEquals(0, filter.inFlight());
        }
    }

    @Test
    void heldHealthCheckOnB_isNotCounted_andNeverHoldsTheWindow() throws Exception {
        DataSource ds = Databases.newPostgres();
        MaintenanceService a = instance(ds, "web-a");
        MaintenanceService b = instance(ds, "web-b");
        MaintenanceFilter filter = new MaintenanceFilter(b,
                MaintenanceFilterConfig.newBuilder().allowPaths("/health").build());
        Held health = new Held();
        RunningApp app = start(filter, new BodyReader(), health);
        OneTable migrator = new OneTable(ds, "items");

        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertTrue(health.entered.await(60, TimeUnit.SECONDS), "the health check never reached its servlet");
            assertEquals(0, filter.inFlight(), "an allow-listed request was counted");

            MigrationResult result = MigrationWindow.newBuilder(a, migrator).drainTimeout(Duration.ofSeconds(60))
                    .actor("deploy").build().run();

            assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), result.error());
            assertTrue(migrator.startedAt.get() > 0);
            assertEquals(1, health.release.getCount(), "the health check was still held during the migration");
            health.release.countDown();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
        }
    }
}
