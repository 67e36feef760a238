package dev.intermission.internal;

import dev.intermission.SchemaMode;
import dev.intermission.testing.Databases;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SchemaConcurrentCreationTest {

    private static final int ROUNDS = 5;
    private static final int INSTANCES = 6;

    @Test
    void instancesCreatingTheTablesTogetherOnAnEmptyPostgresDatabaseAllSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                DataSource dataSource = Databases.newPostgres();
                CyclicBarrier together = new CyclicBarrier(INSTANCES);
                List<Future<?>> started = new ArrayList<>();
                for (int i = 0; i < INSTANCES; i++) {
                    started.add(pool.submit(() -> {
                        together.await();
                        Schema.ensure(new Db(dataSource, 30), new Tables(""), SchemaMode.CREATE);
                        return null;
                    }));
                }
                for (Future<?> f : started) {
                    try {
                        f.get(60, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        fail("round " + round + ": " + e.getCause(), e.getCause());
                    }
                }
                try (Connection c = dataSource.getConnection();
                        ResultSet rs = c.createStatement().executeQuery("SELECT count(*), max(version) FROM "
                                + "intermission_schema")) {
                    assertTrue(rs.next());
                    assertEquals(1, rs.getInt(1), "one recorded version, round " + round);
                    assertEquals(Schema.VERSION, rs.getInt(2), "round " + round);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
