package dev.intermission.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.boot.internal.InvalidPropertyFailureAnalyzer;
import dev.intermission.testing.Databases;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Property typos and bad values fail start-up, and the failure analysis names the property. */
@ExtendWith(OutputCaptureExtension.class)
class InvalidPropertiesTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    IntermissionAutoConfiguration.class,
                    IntermissionWebAutoConfiguration.class, IntermissionFlywayAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + Databases.newH2Url(), "spring.flyway.enabled=true");

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "intermission.refresh-interval           | 1ms          | must be between",
        "intermission.refresh-interval           | soon         | must be a duration",
        "intermission.service-name               | bad name     | letters, digits",
        "intermission.table-prefix               | 1x           | letter",
        "intermission.unknown-state-policy       | maybe        | must be one of assume-full, assume-off",
        "intermission.schema-mode                | drop         | must be one of create, validate, none",
        "intermission.filter.allow-paths         | /**          | every path",
        "intermission.filter.allow-ips           | 10.0.0.0/99  | 10.0.0.0/99",
        "intermission.filter.trusted-proxies     | proxy.local  | proxy.local",
        "intermission.filter.default-retry-after | forever      | must be a duration",
        "intermission.filter.safe-methods        | GET POST     | GET POST",
        "intermission.admin.path                 | /            | /",
        "intermission.admin.role                 | has space    | without spaces",
    })
    void badValue_failsStartUp_andTheAnalysisNamesTheProperty(String property, String value, String detail) {
        runner.withPropertyValues(property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'" + property + "'").contains(detail);
            assertThat(analysis.getAction()).contains(property);
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "intermission.admin.tokens.ops   | short-secret",
        "intermission.filter.bypass-secret | short-secret",
    })
    void badSecret_failsStartUp_namingTheProperty_withoutShowingTheSecret(String property, String secret) {
        runner.withPropertyValues(property + "=" + secret).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'" + property + "'").doesNotContain(secret);
        });
    }

    @ParameterizedTest(name = "window={0}: {1}={2}")
    @CsvSource(delimiter = '|', value = {
        "true  | intermission.migrations.mode              | off     | must be full or read-only",
        "true  | intermission.migrations.mode              | closed  | must be one of off, read-only, full",
        "true  | intermission.migrations.estimate          | 0s      | must be between",
        "true  | intermission.migrations.lock-wait-timeout | 2d      | must be between",
        "false | intermission.migrations.mode              | off     | must be full or read-only",
        "false | intermission.migrations.mode              | closed  | must be one of off, read-only, full",
        "false | intermission.migrations.estimate          | soon    | must be a duration",
        "false | intermission.migrations.lock-wait-timeout | 2d      | must be between",
    })
    void badWindowSetting_failsStartUp_namingTheProperty_withTheWindowOnOrOff(boolean window, String property,
            String value, String detail) {
        // Checked like every property with the window off too: turning it on later must not be the day a typo
        // surfaces.
        runner.withPropertyValues("intermission.migrations.window=" + window, property + "=" + value)
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("'" + property + "'").contains(detail);
                });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "intermission.refresh-interval      | 1ms      | must be between",
        "intermission.service-name          | bad name | letters, digits",
        "intermission.table-prefix          | 1x       | letter",
        "intermission.unknown-state-policy  | maybe    | must be one of assume-full, assume-off",
        "intermission.schema-mode           | drop     | must be one of create, validate, none",
    })
    void badCoreSetting_failsStartUp_evenWhenTheApplicationBuildsItsOwnService(String property, String value,
            String detail) {
        runner.withUserConfiguration(OwnService.class).withPropertyValues(property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'" + property + "'").contains(detail);
        });
    }

    @Test
    void windowWithoutBootsFlyway_failsStartUp_namingTheProperty() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.flyway"))
                .withPropertyValues("intermission.migrations.window=true").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(analyze(context.getStartupFailure()).getDescription())
                            .contains("'intermission.migrations.window'").contains("spring-boot-starter-flyway");
                });
    }

    @Test
    void badValueInAFile_isReportedWithTheFileAndLine(CapturedOutput output) {
        assertThrows(RuntimeException.class, () -> start("badrefresh"));
        assertThat(output.getAll())
                .contains("Invalid value for the property 'intermission.refresh-interval': must be between")
                .contains("Origin: class path resource [application-badrefresh.properties] - 1:31")
                .contains("Correct 'intermission.refresh-interval'");
    }

    @Test
    void typoInAPropertyName_failsStartUp_namingTheProperty(CapturedOutput output) {
        assertThrows(RuntimeException.class, () -> start("typo"));
        assertThat(output.getAll()).contains("intermission.filtr.allow-paths")
                .contains("application-typo.properties");
    }

    private static void start(String profile) {
        new SpringApplicationBuilder(Minimal.class)
                .web(WebApplicationType.NONE)
                .profiles(profile)
                .properties("spring.datasource.url=" + Databases.newH2Url(), "logging.level.root=OFF",
                        "logging.level.org.springframework.boot.diagnostics=ERROR")
                .run()
                .close();
    }

    private static FailureAnalysis analyze(Throwable failure) {
        FailureAnalysis analysis = new InvalidPropertyFailureAnalyzer(null).analyze(failure);
        assertNotNull(analysis, () -> "not analyzed: " + failure);
        return analysis;
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, IntermissionAutoConfiguration.class})
    static class Minimal {
    }

    /** An application that builds its own service: the starter's core properties are not used to build it. */
    @Configuration(proxyBeanMethods = false)
    static class OwnService {

        @Bean(destroyMethod = "close")
        MaintenanceService ownMaintenanceService() {
            return Maintenance.newBuilder().dataSource(Databases.newH2()).serviceName("own").build();
        }
    }
}
