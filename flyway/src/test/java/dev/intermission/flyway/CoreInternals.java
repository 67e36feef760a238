package dev.intermission.flyway;

import dev.intermission.MaintenanceService;
import dev.intermission.internal.Engine;
import dev.intermission.migration.internal.MigrationStore;

/**
 * The one place where these tests reach into the engine's internals (the lock's lease store), so that a change there
 * is adapted here only.
 */
final class CoreInternals {

    private CoreInternals() {
    }

    /** The migration store on the service's database and tables. */
    static MigrationStore migrationStore(MaintenanceService service) {
        Engine engine = Engine.of(service);
        return new MigrationStore(engine.db(), engine.tables());
    }
}
