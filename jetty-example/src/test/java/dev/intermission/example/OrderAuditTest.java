package dev.intermission.example;

import static dev.intermission.example.ExampleServerTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.testing.Databases;

/** The example's background job: it writes while maintenance is off, never while it is on, and resumes after. */
@SuppressWarnings("try") // services opened only to be running while the test reads them
class OrderAuditTest {

    private static final Duration INTERVAL = Duration.ofMillis(50);

    @TempDir
    Path home;

    private static JdbcDataSource migrated(String url) {
        Flyway.configure().dataSource(url, "sa", null).locations(ExampleApp.APP_MIGRATIONS).load().migrate();
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        return ds;
    }

    private static int rows(JdbcDataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM order_audit")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void auditJob_writesNothingWhileMaintenanceIsOn_andResumesWhenItIsOff() throws Exception {
        String url = Databases.newH2Url();
        JdbcDataSource ds = migrated(url);
        try (MaintenanceService service = Maintenance.newBuilder().jdbcUrl(url, "sa", null).build();
                OrderAudit audit = OrderAudit.start(ds, service, INTERVAL)) {
            awaitTrue(() -> rows(ds) >= 3, "the job never wrote while maintenance was off");

            service.apply(MaintenanceChange.enable(Mode.FULL).build());
            awaitTrue(() -> service.background().paused() && service.background().running() == 0,
                    "the job was not paused");
            // A run that was due just before the switch has ended by now; from here, every due run is skipped.
            Thread.sleep(INTERVAL.toMillis() * 4);
            int during = rows(ds);
            Thread.sleep(INTERVAL.toMillis() * 20);
            assertEquals(during, rows(ds), "no job write while maintenance is on");
            assertEquals(0, service.background().running());

            service.apply(MaintenanceChange.disable().build());
            awaitTrue(() -> rows(ds) >= during + 3, "the job did not resume once maintenance was off");
        }
    }

    @Test
    void auditJob_readOnlyMaintenance_pausesItToo() throws Exception {
        String url = Databases.newH2Url();
        JdbcDataSource ds = migrated(url);
        try (MaintenanceService service = Maintenance.newBuilder().jdbcUrl(url, "sa", null).build();
                OrderAudit audit = OrderAudit.start(ds, service, INTERVAL)) {
            awaitTrue(() -> rows(ds) >= 1, "the job never wrote");
            service.apply(MaintenanceChange.enable(Mode.READ_ONLY).build());
            awaitTrue(() -> service.background().paused() && service.background().running() == 0,
                    "the job was not paused");
            Thread.sleep(INTERVAL.toMillis() * 4);
            int during = rows(ds);
            Thread.sleep(INTERVAL.toMillis() * 20);
            assertEquals(during, rows(ds), "no job write while read-only maintenance is on");
        }
    }

    @Test
    void example_startsTheAuditJobOnceItsMigrationsHaveRun() throws Exception {
        String url = Databases.newH2Url();
        Map<String, String> env = Map.of("INTERMISSION_HOME", home.toString(), "INTERMISSION_JDBC_URL", url,
                "INTERMISSION_JDBC_USER", "sa", "INTERMISSION_ADMIN_TOKEN", ExampleServerTest.TOKEN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExampleApp app = ExampleApp.listen(ExampleConfig.fromEnvironment(env).withPort(0),
                new PrintStream(out, true)).startServices()) {
            awaitTrue(app::serving, "the application was never served");
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(url);
            ds.setUser("sa");
            awaitTrue(() -> rows(ds) >= 1, "the example's job never wrote");
            assertTrue(app.maintenance().background().running() <= 1);
        }
    }
}
