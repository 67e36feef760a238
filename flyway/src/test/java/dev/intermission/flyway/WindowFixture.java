package dev.intermission.flyway;

import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

import dev.intermission.HistoryEntry;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;

/** Builds services, migrators and windows with short timings for tests; closes the services it built. */
final class WindowFixture implements AutoCloseable {

    static final Duration REFRESH = Duration.ofMillis(100);
    static final Duration MARGIN = Duration.ofMillis(50);
    static final Duration LEASE = Duration.ofSeconds(2);

    final DataSource dataSource;
    private final List<MaintenanceService> services = new java.util.ArrayList<>();

    WindowFixture(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A new instance of the service on the fixture's database, as another application instance would be. */
    MaintenanceService service() {
        MaintenanceService service = Maintenance.newBuilder()
                .dataSource(dataSource)
                .refreshInterval(REFRESH)
                .build();
        services.add(service);
        return service;
    }

    SchemaMigrator migrator(String... locations) {
        return FlywayMigrator.newBuilder().dataSource(dataSource).locations(locations).build();
    }

    static MigrationWindow.Builder window(MaintenanceService service, SchemaMigrator migrator) {
        return MigrationWindow.newBuilder(service, migrator)
                .propagationMargin(MARGIN)
                .leaseDuration(LEASE)
                .lockWaitTimeout(Duration.ofSeconds(30))
                .actor("tester");
    }

    static List<HistoryEntry> history(MaintenanceService service) {
        return service.history(MaintenanceService.MAX_HISTORY_LIMIT);
    }

    @Override
    public void close() {
        services.forEach(MaintenanceService::close);
    }
}
