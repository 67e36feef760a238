package dev.intermission.boot;

import dev.intermission.MaintenanceService;
import dev.intermission.flyway.internal.FlywaySchemaMigrator;
import dev.intermission.boot.internal.MigrationResults;
import dev.intermission.boot.internal.StartupMigrationWindow;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;

/**
 * With {@code intermission.migrations.window=true}, Boot's own Flyway migration at start-up runs inside a
 * maintenance window: only when something is pending, under the cluster-wide lock, with maintenance on while it
 * migrates, and on the starting thread, so the application starts on the migrated schema. An application that
 * defines its own {@link FlywayMigrationStrategy} keeps it.
 */
@AutoConfiguration(after = IntermissionAutoConfiguration.class,
        beforeName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@ConditionalOnClass(name = {"org.flywaydb.core.Flyway",
        "org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy"})
@ConditionalOnBooleanProperty(name = "intermission.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "intermission.migrations.window")
public class IntermissionFlywayAutoConfiguration {

    /** Creates the auto-configuration. */
    public IntermissionFlywayAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    FlywayMigrationStrategy intermissionFlywayMigrationStrategy(ObjectProvider<MaintenanceService> services,
            IntermissionProperties properties, ObjectProvider<MigrationResults> observers) {
        StartupMigrationWindow.Settings settings = StartupMigrationWindow.settings(properties.getMigrations());
        return (Flyway flyway) -> {
            MaintenanceService service = services.getIfUnique();
            if (service == null) {
                throw new IllegalStateException("intermission.migrations.window=true needs one MaintenanceService "
                        + "(the application's DataSource, or its own MaintenanceService bean)");
            }
            StartupMigrationWindow.run(service, FlywaySchemaMigrator.of(flyway), settings,
                    observers.orderedStream().toList());
        };
    }
}
