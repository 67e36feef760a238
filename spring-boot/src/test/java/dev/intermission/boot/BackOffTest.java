package dev.intermission.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.admin.MaintenanceAdminConfig;
import dev.intermission.jmx.MaintenanceJmx;
import dev.intermission.micrometer.MaintenanceMetrics;
import dev.intermission.servlet.MaintenanceFilter;
import dev.intermission.servlet.MaintenanceFilterConfig;
import dev.intermission.testing.Databases;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every bean of the starter backs off when the application defines its own, and nothing starts without a DataSource. */
class BackOffTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    IntermissionAutoConfiguration.class, IntermissionWebAutoConfiguration.class,
                    IntermissionMetricsAutoConfiguration.class, IntermissionJmxAutoConfiguration.class,
                    IntermissionFlywayAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + Databases.newH2Url(), "intermission.service-name=backoff");

    @Test
    void byDefault_everyBeanIsThere() {
        runner.withBean(SimpleMeterRegistry.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(MaintenanceService.class);
            assertThat(context).hasSingleBean(MaintenanceFilterConfig.class);
            assertThat(context).hasBean("intermissionFilter");
            assertThat(context).hasSingleBean(MaintenanceAdminConfig.class);
            assertThat(context).hasBean(IntermissionWebAutoConfiguration.ADMIN_SERVLET_BEAN);
            assertThat(context).hasSingleBean(MaintenanceMetrics.class);
            assertThat(context).doesNotHaveBean(MaintenanceJmx.class);
            assertThat(context).doesNotHaveBean(FlywayMigrationStrategy.class);
        });
    }

    @Test
    void applicationsOwnMaintenanceService_isKept() {
        runner.withUserConfiguration(OwnService.class).run(context -> {
            assertThat(context).hasSingleBean(MaintenanceService.class);
            assertThat(context.getBean(MaintenanceService.class)).isSameAs(OwnService.service);
            assertThat(context.getBean(MaintenanceService.class).serviceName()).isEqualTo("own");
            assertThat(context).hasBean("intermissionFilter");
        });
    }

    @Test
    void applicationsOwnFilterRegistration_isKept_andNoSecondFilterIsRegistered() {
        runner.withUserConfiguration(OwnFilter.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean("intermissionFilter");
            assertThat(context.getBeansOfType(FilterRegistrationBean.class)).containsOnlyKeys("ownFilter");
        });
    }

    @Test
    void applicationsOwnFilterConfigAdminConfigAndAdminServlet_areKept() {
        runner.withUserConfiguration(OwnConfigs.class).run(context -> {
            assertThat(context.getBean(MaintenanceFilterConfig.class)).isSameAs(OwnConfigs.FILTER);
            assertThat(context.getBean(MaintenanceAdminConfig.class)).isSameAs(OwnConfigs.ADMIN);
            assertThat(context.getBean(IntermissionWebAutoConfiguration.ADMIN_SERVLET_BEAN))
                    .isSameAs(OwnConfigs.servlet);
        });
    }

    @Test
    void applicationsOwnFlywayMigrationStrategy_isKeptWhenTheWindowIsOn() {
        runner.withPropertyValues("intermission.migrations.window=true").withUserConfiguration(OwnStrategy.class)
                .run(context -> assertThat(context.getBean(FlywayMigrationStrategy.class))
                        .isSameAs(OwnStrategy.STRATEGY));
        runner.withPropertyValues("intermission.migrations.window=true")
                .run(context -> assertThat(context).hasSingleBean(FlywayMigrationStrategy.class));
    }

    @Test
    void withoutADataSource_nothingIsConfigured() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntermissionAutoConfiguration.class,
                        IntermissionWebAutoConfiguration.class, IntermissionMetricsAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(MaintenanceService.class);
                    assertThat(context).doesNotHaveBean("intermissionFilter");
                    assertThat(context).doesNotHaveBean(MaintenanceMetrics.class);
                });
    }

    @Test
    void switchedOff_nothingIsConfigured_andPartsCanBeSwitchedOffAlone() {
        runner.withPropertyValues("intermission.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(MaintenanceService.class);
            assertThat(context).doesNotHaveBean("intermissionFilter");
        });
        runner.withPropertyValues("intermission.filter.enabled=false", "intermission.admin.enabled=false",
                "intermission.metrics.enabled=false").run(context -> {
                    assertThat(context).hasSingleBean(MaintenanceService.class);
                    assertThat(context).doesNotHaveBean("intermissionFilter");
                    assertThat(context).doesNotHaveBean(IntermissionWebAutoConfiguration.ADMIN_SERVLET_BEAN);
                    assertThat(context).doesNotHaveBean(MaintenanceMetrics.class);
                });
    }

    @Test
    void withJmxOn_theMBeanIsRegisteredAndRemovedWithTheContext() {
        runner.withPropertyValues("spring.jmx.enabled=true", "intermission.service-name=backoff-jmx")
                .run(context -> {
                    MaintenanceJmx jmx = context.getBean(MaintenanceJmx.class);
                    assertThat(jmx.objectName().toString())
                            .isEqualTo("dev.intermission:type=Maintenance,service=backoff-jmx");
                    assertThat(java.lang.management.ManagementFactory.getPlatformMBeanServer()
                            .isRegistered(jmx.objectName())).isTrue();
                });
        assertThat(java.lang.management.ManagementFactory.getPlatformMBeanServer()
                .isRegistered(MaintenanceJmx.objectName("backoff-jmx"))).isFalse();
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnService {
        static MaintenanceService service;

        @Bean
        MaintenanceService ownMaintenanceService() {
            service = Maintenance.newBuilder().dataSource(Databases.newH2()).serviceName("own").build();
            return service;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFilter {
        @Bean
        FilterRegistrationBean<MaintenanceFilter> ownFilter(MaintenanceService service) {
            return new FilterRegistrationBean<>(new MaintenanceFilter(service,
                    MaintenanceFilterConfig.newBuilder().allowPaths("/own").build()));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnConfigs {
        static final MaintenanceFilterConfig FILTER = MaintenanceFilterConfig.newBuilder().allowPaths("/x").build();
        static final MaintenanceAdminConfig ADMIN = MaintenanceAdminConfig.newBuilder().build();
        static ServletRegistrationBean<?> servlet;

        @Bean
        MaintenanceFilterConfig ownFilterConfig() {
            return FILTER;
        }

        @Bean
        MaintenanceAdminConfig ownAdminConfig() {
            return ADMIN;
        }

        @Bean(IntermissionWebAutoConfiguration.ADMIN_SERVLET_BEAN)
        ServletRegistrationBean<?> ownAdminServlet() {
            servlet = new ServletRegistrationBean<>(new jakarta.servlet.http.HttpServlet() {
                private static final long serialVersionUID = 1L;
            }, "/own-admin/*");
            return servlet;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStrategy {
        static final FlywayMigrationStrategy STRATEGY = Flyway::migrate;

        @Bean
        FlywayMigrationStrategy ownStrategy() {
            return STRATEGY;
        }
    }
}
