package dev.intermission.boot;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;

import dev.intermission.MaintenanceService;
import dev.intermission.jmx.MaintenanceJmx;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the MBean {@code dev.intermission:type=Maintenance,service=<name>} when Spring's JMX support is on
 * ({@code spring.jmx.enabled=true}) and {@code intermission.jmx.enabled} is not {@code false}; it is removed when
 * the context closes.
 */
@AutoConfiguration(after = IntermissionAutoConfiguration.class,
        afterName = "org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration")
@ConditionalOnClass(MaintenanceJmx.class)
@ConditionalOnBooleanProperty(name = "intermission.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "spring.jmx.enabled")
@ConditionalOnBean(MaintenanceService.class)
public class IntermissionJmxAutoConfiguration {

    /** Creates the auto-configuration. */
    public IntermissionJmxAutoConfiguration() {
    }

    /** The registration, unless switched off on its own. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "intermission.jmx.enabled", matchIfMissing = true)
    static class Registration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        MaintenanceJmx intermissionMBean(MaintenanceService service, ObjectProvider<MBeanServer> servers) {
            MBeanServer server = servers.getIfAvailable(ManagementFactory::getPlatformMBeanServer);
            return MaintenanceJmx.register(service, server);
        }
    }
}
