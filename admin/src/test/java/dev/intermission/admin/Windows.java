package dev.intermission.admin;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.intermission.MaintenanceService;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationRecord;

/** Waits for migration windows started over HTTP. */
final class Windows {

    private Windows() {
    }

    /** Waits for the window to end, reading the database directly so the wait adds no request in flight. */
    static MigrationRecord awaitFinished(MaintenanceService service, String id) throws InterruptedException {
        MigrationHistory history = MigrationHistory.of(service);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<MigrationRecord> record = history.find(id);
            if (record.isPresent() && record.get().finished()) {
                return record.get();
            }
            Thread.sleep(20);
        }
        return fail("window " + id + " did not finish");
    }
}
