package dev.intermission.boot;

import java.time.Duration;
import javax.sql.DataSource;

import dev.intermission.InvalidValueException;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.UnknownStatePolicy;
import dev.intermission.Values;
import dev.intermission.boot.internal.PropertyChecks;
import dev.intermission.boot.internal.StartupMigrationWindow;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the application's {@link MaintenanceService} on its {@link DataSource}, from the {@code intermission.*}
 * properties; an application that defines its own {@code MaintenanceService} bean keeps it.
 *
 * <p>Unless {@code intermission.migrations.window=true}, the service starts after the application's own database
 * initialization (Boot's Flyway, {@code schema.sql}), so the application's first migration finds an empty schema.
 * With the window on, Boot's Flyway migration runs inside a window of this service instead.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBooleanProperty(name = "intermission.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IntermissionProperties.class)
public class IntermissionAutoConfiguration {

    /** Creates the auto-configuration. */
    public IntermissionAutoConfiguration() {
    }

    /** The service when Boot's migration runs at start-up as usual: it starts after the database is initialized. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "intermission.migrations.window", havingValue = false, matchIfMissing = true)
    static class AfterDatabaseInitialization {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnSingleCandidate(DataSource.class)
        @DependsOnDatabaseInitialization
        MaintenanceService maintenanceService(DataSource dataSource, IntermissionProperties properties) {
            return build(dataSource, properties);
        }
    }

    /** The service when Boot's migration runs inside a window: the window needs the service first. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "intermission.migrations.window")
    static class BeforeDatabaseInitialization {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnSingleCandidate(DataSource.class)
        MaintenanceService maintenanceService(DataSource dataSource, IntermissionProperties properties) {
            return build(dataSource, properties);
        }
    }

    /** A window asked for without Boot's Flyway support: start-up fails naming the property. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "intermission.migrations.window")
    @ConditionalOnMissingClass("org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy")
    static class WindowWithoutFlyway {

        WindowWithoutFlyway() {
            throw new InvalidValueException("intermission.migrations.window", "true",
                    "needs Spring Boot's Flyway support on the class path (spring-boot-starter-flyway)");
        }
    }

    /**
     * Checks the properties at every start-up, also those no bean of this set-up reads: the core ones when the
     * application builds its own {@code MaintenanceService}, the window's when the window is off. A mistake
     * fails start-up naming the property now, not on the day the setting comes into use.
     */
    @Bean
    InitializingBean intermissionPropertiesCheck(IntermissionProperties properties) {
        return () -> {
            configure(Maintenance.newBuilder(), properties);
            StartupMigrationWindow.settings(properties.getMigrations());
        };
    }

    static MaintenanceService build(DataSource dataSource, IntermissionProperties p) {
        return configure(Maintenance.newBuilder().dataSource(dataSource), p).build();
    }

    /** Applies the core properties to a builder, whose setters check them; nothing is opened. */
    static Maintenance.Builder configure(Maintenance.Builder b, IntermissionProperties p) {
        PropertyChecks.check("intermission.service-name", p.getServiceName(), () -> b.serviceName(p.getServiceName()));
        Duration refresh = Values.checkDuration("intermission.refresh-interval",
                PropertyChecks.duration("intermission.refresh-interval", p.getRefreshInterval()),
                Maintenance.MIN_REFRESH_INTERVAL, Maintenance.MAX_REFRESH_INTERVAL);
        PropertyChecks.check("intermission.refresh-interval", p.getRefreshInterval(), () -> b.refreshInterval(refresh));
        PropertyChecks.check("intermission.table-prefix", p.getTablePrefix(),
                () -> b.tablePrefix(p.getTablePrefix() == null ? "" : p.getTablePrefix()));
        UnknownStatePolicy policy = PropertyChecks.constant("intermission.unknown-state-policy",
                p.getUnknownStatePolicy(), UnknownStatePolicy.class);
        b.unknownStatePolicy(policy);
        b.schemaMode(PropertyChecks.constant("intermission.schema-mode", p.getSchemaMode(),
                dev.intermission.SchemaMode.class));
        return b;
    }
}
