package dev.intermission.example;

import java.util.Optional;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

import com.zaxxer.hikari.HikariDataSource;

import dev.intermission.MaintenanceService;
import dev.intermission.migration.MigrationLaunch;
import dev.intermission.servlet.MaintenanceFilter;

/**
 * The running example: the Jetty server and what it was built from; closing it stops the server, then the
 * maintenance state, then the application's pool.
 *
 * @param server      the started Jetty server
 * @param maintenance the maintenance state
 * @param appPool     the application's own pool
 * @param filter      the maintenance filter (its in-flight count)
 * @param launch      the start-up migration window, or {@code null} when migrating on start is off
 */
public record ExampleApp(Server server, MaintenanceService maintenance, HikariDataSource appPool,
        MaintenanceFilter filter, MigrationLaunch launch) implements AutoCloseable {

    /**
     * Returns the start-up migration window, if one was launched.
     *
     * @return the launch, or empty
     */
    public Optional<MigrationLaunch> startupMigration() {
        return Optional.ofNullable(launch);
    }

    @Override
    public void close() {
        LifeCycle.stop(server);
        if (launch != null) {
            launch.completion().join();
        }
        maintenance.close();
        appPool.close();
    }
}
