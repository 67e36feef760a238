package dev.intermission.flyway;

import java.time.Duration;
import java.util.Map;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;

/**
 * The child process of {@link KilledWindowTest}: runs one window on the database named by its arguments (JDBC
 * URL, user, password, table prefix, lease in milliseconds) with a migration that hangs, until it is killed.
 */
public final class KilledWindowMain {

    private KilledWindowMain() {
    }

    public static void main(String[] args) {
        String url = args[0];
        String user = args[1];
        String password = args[2];
        Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
        try (MaintenanceService service = Maintenance.newBuilder()
                .jdbcUrl(url, user, password)
                .refreshInterval(Duration.ofMillis(100))
                .build()) {
            // Flyway gets its own connections, as an operator's tool would: the library's pool stays small.
            SchemaMigrator migrator = FlywayMigrator.newBuilder()
                    .configuration(Map.of("flyway.url", url, "flyway.user", user, "flyway.password", password))
                    .locations("classpath:db/app-v1", "classpath:db/slow")
                    .build();
            MigrationResult result = MigrationWindow.newBuilder(service, migrator)
                    .leaseDuration(lease)
                    .propagationMargin(Duration.ofMillis(10))
                    .actor("child")
                    .build()
                    .run();
            // Reaching this line means the migration did not hang: the parent reports it.
            System.out.println("FINISHED " + result.outcome());
        }
    }
}
