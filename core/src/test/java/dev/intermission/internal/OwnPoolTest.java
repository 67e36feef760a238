package dev.intermission.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.intermission.testing.Databases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The library's own pool: bounded, sound connections only, no back-off, and nothing left running once closed. */
class OwnPoolTest {

    @Test
    void manyThreads_shareAtMostPoolSizeConnections_andEveryBorrowCompletes() throws Exception {
        int threads = 8;
        int borrowsEach = 200;
        try (OwnPool pool = OwnPool.open(Databases.newH2Url(), "sa", null, 2, Duration.ofSeconds(30), "test")) {
            AtomicInteger held = new AtomicInteger();
            AtomicInteger mostHeld = new AtomicInteger();
            AtomicInteger completed = new AtomicInteger();
            Set<Long> sessions = ConcurrentHashMap.newKeySet();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(executor.submit(() -> {
                    start.await();
                    for (int i = 0; i < borrowsEach; i++) {
                        try (Connection c = pool.dataSource().getConnection();
                                Statement s = c.createStatement();
                                ResultSet rs = s.executeQuery("SELECT SESSION_ID()")) {
                            mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                            rs.next();
                            sessions.add(rs.getLong(1));
                            held.decrementAndGet();
                        }
                        completed.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            executor.shutdown();
            assertEquals(threads * borrowsEach, completed.get());
            assertTrue(mostHeld.get() <= 2, "at most two connections held at once: " + mostHeld.get());
            assertTrue(sessions.size() <= 2, "at most two physical connections: " + sessions);
            assertTrue(pool.open() <= 2, "open: " + pool.open());
            assertEquals(pool.open(), pool.idle(), "every connection came back");
        }
    }

    @Test
    void noFreeConnection_failsAfterTheConnectionTimeoutSayingAllAreInUse_thenServesOnceOneComesBack()
            throws Exception {
        try (OwnPool pool = OwnPool.open(Databases.newH2Url(), "sa", null, 2, Duration.ofMillis(250), "busy")) {
            Connection first = pool.dataSource().getConnection();
            Connection second = pool.dataSource().getConnection();
            SQLTimeoutException e = assertThrows(SQLTimeoutException.class, () -> pool.dataSource().getConnection());
            assertTrue(e.getMessage().contains("no free connection") && e.getMessage().contains("all 2 are in use"),
                    e.getMessage());
            assertEquals(StoreFailures.Kind.TIMEOUT, StoreFailures.kind(e));
            first.close();
            first.close();      // a second close is harmless and hands nothing back twice
            try (Connection third = pool.dataSource().getConnection()) {
                assertTrue(third.isValid(1));
            }
            second.close();
            assertEquals(2, pool.open());
            assertEquals(2, pool.idle());
        }
    }

    @Test
    void connectionHandedBack_cannotBeUsedAnyMore_andAnOpenTransactionIsRolledBack() throws Exception {
        String url = Databases.newH2Url();
        try (OwnPool pool = OwnPool.open(url, "sa", null, 2, Duration.ofSeconds(5), "tx")) {
            try (Connection c = pool.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (v INT)");
            }
            Connection c = pool.dataSource().getConnection();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO t VALUES (1)");
            }
            c.close();
            assertThrows(SQLException.class, c::createStatement);
            try (Connection again = pool.dataSource().getConnection(); Statement s = again.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                assertTrue(again.getAutoCommit(), "handed out in auto-commit mode");
                rs.next();
                assertEquals(0, rs.getInt(1), "the unfinished transaction was rolled back");
            }
        }
    }

    @Test
    void serverStoppedAndStarted_brokenConnectionsAreDiscarded_andTheFirstBorrowAfterTheRestartSucceeds()
            throws Exception {
        Path dataDir = Files.createTempDirectory("intermission-pool-outage");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres pg = start(dataDir, port);
        try (OwnPool pool = OwnPool.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", null, 2,
                Duration.ofSeconds(2), "outage")) {
            Connection a = pool.dataSource().getConnection();
            Connection b = pool.dataSource().getConnection();
            assertEquals(1, query(a));
            assertEquals(1, query(b));
            a.close();
            b.close();
            assertEquals(2, pool.idle());

            pg.close();
            // Each idle connection is either refused by validation or fails its statement; either way it goes.
            for (int i = 0; i < 3; i++) {
                assertThrows(SQLException.class, () -> {
                    try (Connection c = pool.dataSource().getConnection()) {
                        query(c);
                    }
                });
            }
            assertEquals(0, pool.idle(), "no broken connection is kept");
            assertEquals(0, pool.open(), "no slot is held by a connection that failed");

            pg = start(dataDir, port);
            try (Connection c = pool.dataSource().getConnection()) {
                assertEquals(1, query(c), "no back-off: the first borrow after the restart succeeds");
            }
        } finally {
            pg.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void serverThatAcceptsButNeverAnswers_loginEndsAfterTheLoginTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0);
                OwnPool pool = OwnPool.open("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/x",
                        "postgres", null, 2, Duration.ofSeconds(1), "silent")) {
            assertEquals(1, pool.dataSource().getLoginTimeout(), "the connection timeout, in seconds");
            pool.dataSource().setLoginTimeout(1);
            assertEquals(1, pool.dataSource().getLoginTimeout(), "a login timeout set is kept");
            SQLException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(SQLException.class, () -> pool.dataSource().getConnection()));
            assertFalse(e.getMessage().isEmpty());
            assertEquals(0, pool.open());
        }
    }

    @Test
    void closedPool_refusesConnections_andClosesThoseHandedBackLater() throws Exception {
        OwnPool pool = OwnPool.open(Databases.newH2Url(), "sa", null, 2, Duration.ofSeconds(5), "closing");
        Connection held = pool.dataSource().getConnection();
        try (Connection idle = pool.dataSource().getConnection()) {
            assertTrue(idle.isValid(1));
        }
        pool.close();
        assertEquals(1, pool.open(), "the idle one is closed, the held one stays with its holder");
        assertThrows(SQLException.class, () -> pool.dataSource().getConnection());
        held.close();
        assertEquals(0, pool.open());
    }

    private static int query(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static EmbeddedPostgres start(Path dataDir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                .start();
    }
}
