package dev.intermission.flyway;

import dev.intermission.MaintenanceService;
import dev.intermission.internal.DefaultMaintenanceService;
import dev.intermission.internal.migration.MigrationStore;

/**
 * The one place where these tests reach into core's internals (the lock's lease store), so that a change there is
 * adapted here only.
 */
final class CoreInternals {

    private CoreInternals() {
    }

    /** The migration store on the service's database and tables. */
    static MigrationStore migrationStore(MaintenanceService service) {
        DefaultMaintenanceService s = (DefaultMaintenanceService) service;
        return new MigrationStore(s.jdbi(), s.tables());
    }
}
