package dev.intermission.flyway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.migration.internal.MigrationStore;
import dev.intermission.testing.Databases;

/** The lease lock on real databases: one holder at a time, renewal, release, and takeover once expired. */
class MigrationLockTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("h2", (Supplier<DataSource>) Databases::newH2),
                Arguments.of("postgres", (Supplier<DataSource>) Databases::newPostgres));
    }

    static Stream<Arguments> databasesAndStates() {
        return databases().flatMap(db -> Stream.of(Arguments.of(db.get()[0], db.get()[1], "free"),
                Arguments.of(db.get()[0], db.get()[1], "expired")));
    }

    @ParameterizedTest(name = "{0}, {2}")
    @MethodSource("databasesAndStates")
    void tryAcquire_manyAtOnce_exactlyOneHolds(String name, Supplier<DataSource> database, String state)
            throws Exception {
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(database.get())
                .tablePrefix("p_").build()) {
            MigrationStore store = CoreInternals.migrationStore(service);
            if (state.equals("expired")) {
                assertTrue(store.tryAcquire("svc", "dead", "gone", T0.minus(LEASE), T0.minusSeconds(1)));
            }
            int takers = 8;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(takers);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < takers; i++) {
                    String id = "window-" + i;
                    Callable<Boolean> take = () -> {
                        go.await();
                        return store.tryAcquire("svc", id, "h" + id, T0, T0.plus(LEASE));
                    };
                    results.add(pool.submit(take));
                }
                go.countDown();
                int held = 0;
                for (Future<Boolean> r : results) {
                    held += r.get() ? 1 : 0;
                }
                assertEquals(1, held);
                assertTrue(store.lease("svc").orElseThrow().windowId().startsWith("window-"));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void lease_expiredOrReleased_canBeTakenAndRenewalTellsTheHolder(String name, Supplier<DataSource> database) {
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(database.get()).build()) {
            MigrationStore store = CoreInternals.migrationStore(service);

            assertTrue(store.tryAcquire("svc", "a", "host-a", T0, T0.plus(LEASE)));
            assertFalse(store.tryAcquire("svc", "b", "host-b", T0.plusSeconds(29), T0.plusSeconds(59)),
                    "live lease");
            assertTrue(store.tryAcquire("other", "c", "host-c", T0, T0.plus(LEASE)), "one lock per service");
            assertTrue(store.renew("svc", "a", T0.plusSeconds(60)));
            assertFalse(store.tryAcquire("svc", "b", "host-b", T0.plusSeconds(45), T0.plusSeconds(75)),
                    "renewed lease");

            assertTrue(store.tryAcquire("svc", "b", "host-b", T0.plusSeconds(60), T0.plusSeconds(90)),
                    "expired lease taken over");
            assertEquals("b", store.lease("svc").orElseThrow().windowId());
            assertEquals("host-b", store.lease("svc").orElseThrow().holder());
            assertFalse(store.renew("svc", "a", T0.plusSeconds(120)), "the old holder learns it lost the lease");
            store.release("svc", "a");
            assertEquals("b", store.lease("svc").orElseThrow().windowId(), "a stale holder releases nothing");

            store.release("svc", "b");
            assertTrue(store.lease("svc").isEmpty());
            assertTrue(store.tryAcquire("svc", "d", "host-d", T0.plusSeconds(61), T0.plusSeconds(91)));
        }
    }
}
