package dev.intermission.boot;

import dev.intermission.MaintenanceService;
import dev.intermission.flyway.internal.FlywaySchemaMigrator;
import dev.intermission.migration.SchemaMigrator;

import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Hands Boot's Flyway to the admin endpoint, so that {@code POST <admin path>/migrations} runs what is pending
 * inside a maintenance window and {@code GET <admin path>/migrations} lists the recorded windows; both need the
 * admin endpoint's authorization. {@code intermission.admin.migrations=false} turns the routes off.
 */
@AutoConfiguration(after = IntermissionAutoConfiguration.class,
        afterName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@ConditionalOnClass(name = "org.flywaydb.core.Flyway")
@ConditionalOnBooleanProperty(name = "intermission.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "intermission.admin.migrations", matchIfMissing = true)
@ConditionalOnBean({MaintenanceService.class, Flyway.class})
public class IntermissionFlywayAdminAutoConfiguration {

    /** Creates the auto-configuration. */
    public IntermissionFlywayAdminAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    SchemaMigrator intermissionSchemaMigrator(Flyway flyway) {
        return FlywaySchemaMigrator.of(flyway);
    }
}
