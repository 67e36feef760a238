package dev.intermission.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.ObjectName;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.jmx.MaintenanceJmx;
import dev.intermission.micrometer.MaintenanceMetrics;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.MigrationPlan;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.servlet.MaintenanceFilter;
import dev.intermission.servlet.MaintenanceFilterConfig;
import dev.intermission.testing.Databases;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The Java blocks of docs/spring-boot.md, compiled here line for line, and run where they run without Boot. */
class DocsSnippetsTest {

    /** The page's security block: the admin path left out of the application's own login. */
    @Configuration(proxyBeanMethods = false)
    static class LeaveTheAdminPathOut {
        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(a -> a
                            .requestMatchers("/service-context/**").permitAll()
                            .anyRequest().authenticated())
                    .httpBasic(Customizer.withDefaults())
                    .csrf(c -> c.ignoringRequestMatchers("/service-context/**"));
            return http.build();
        }
    }

    /** A migrator with nothing pending: the window runs and records its phases. */
    private static final SchemaMigrator NOTHING_PENDING = new SchemaMigrator() {
        @Override
        public MigrationPlan plan() {
            return new MigrationPlan("1", "1", List.of());
        }

        @Override
        public List<AppliedMigration> migrate() {
            return List.of();
        }
    };

    @Test
    void metricsAndJmxWithoutSpring_workAsThePageShows() throws Exception {
        DataSource dataSource = Databases.newH2();
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(dataSource)
                .serviceName("docs-snippet").build()) {
            MaintenanceFilter filter = new MaintenanceFilter(service, MaintenanceFilterConfig.newBuilder().build());
            MeterRegistry registry = new SimpleMeterRegistry();
            MigrationWindow window = MigrationWindow.newBuilder(service, NOTHING_PENDING).build();
            MaintenanceMetrics metrics = MaintenanceMetrics.newBuilder(service).inFlightRequests(filter).build();
            metrics.bindTo(registry);                       // any Micrometer MeterRegistry
            metrics.recordWindow(window.run());             // timers of a window's phases

            MaintenanceJmx jmx = MaintenanceJmx.register(service);   // platform MBean server; jmx.close() removes it
            ObjectName name = new ObjectName("dev.intermission:type=Maintenance,service=docs-snippet");
            assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(name));
            jmx.close();
            assertEquals(false, ManagementFactory.getPlatformMBeanServer().isRegistered(name));
            assertTrue(registry.getMeters().size() > 0);
        }
    }
}
