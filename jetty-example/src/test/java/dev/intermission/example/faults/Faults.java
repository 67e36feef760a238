package dev.intermission.example.faults;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** What the fault tests share: patient waiting, and reading the database as an operator would. */
final class Faults {

    /** How long a condition may take on a loaded machine before the test fails (tests assert what, not how fast). */
    static final long PATIENCE_MILLIS = 60_000;
    /** The service name of the example (the library's default). */
    static final String SERVICE = "default";
    /** The application's schema version once every migration of the example has run. */
    static final String TARGET_VERSION = "3";

    private Faults() {
    }

    static void await(BooleanSupplier condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE_MILLIS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure);
            }
            Thread.sleep(20);
        }
    }

    /** Whether the application's schema is at its target version; {@code false} when it cannot be told. */
    static boolean schemaAtTarget(FaultPostgres pg, String database) {
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '"
                        + TARGET_VERSION + "' AND success")) {
            return rs.next() && rs.getLong(1) == 1;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The stored row's version, or -1 when there is no row. */
    static long storedVersion(FaultPostgres pg, String database) throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM service_context WHERE service_name = '"
                        + SERVICE + "'")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    /** The history's versions, oldest first. */
    static List<Long> historyVersions(FaultPostgres pg, String database) throws SQLException {
        List<Long> versions = new ArrayList<>();
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM service_context_history WHERE service_name = '"
                        + SERVICE + "' ORDER BY version")) {
            while (rs.next()) {
                versions.add(rs.getLong(1));
            }
        }
        return versions;
    }

    /** Runs one statement as the operator (or whoever damages the row) would, by hand. */
    static int execute(FaultPostgres pg, String database, String sql) throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    /** Whether the versions run 1, 2, 3, ... without a gap. */
    static boolean gapless(List<Long> versions) {
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i) != i + 1) {
                return false;
            }
        }
        return true;
    }

    /** Closes instances and the load, whatever happens. */
    static void closeAll(Load load, List<Instance> instances) throws InterruptedException {
        if (load != null) {
            load.close();
        }
        for (Instance i : instances) {
            i.close();
        }
    }
}
