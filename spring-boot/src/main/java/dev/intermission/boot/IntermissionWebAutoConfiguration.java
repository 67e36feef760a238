package dev.intermission.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceService;
import dev.intermission.admin.AdminAuthorizer;
import dev.intermission.admin.MaintenanceAdminConfig;
import dev.intermission.admin.MaintenanceAdminServlet;
import dev.intermission.boot.internal.FilterInFlight;
import dev.intermission.boot.internal.OutcomeListeners;
import dev.intermission.boot.internal.PropertyChecks;
import dev.intermission.boot.internal.SpringSecurityRoleAuthorizer;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.servlet.MaintenanceFilter;
import dev.intermission.servlet.MaintenanceFilterConfig;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Registers the maintenance filter first in the chain on every request, and mounts the admin endpoint at
 * {@code intermission.admin.path}. Each bean backs off when the application defines its own: a
 * {@link MaintenanceFilterConfig}, a {@link MaintenanceFilter} bean or registration, a
 * {@link MaintenanceAdminConfig}, or a servlet registration named {@code intermissionAdminServlet}. Any
 * {@link AdminAuthorizer} beans of the application are consulted after the named tokens.
 */
@AutoConfiguration(after = IntermissionAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(MaintenanceFilter.class)
@ConditionalOnBooleanProperty(name = "intermission.enabled", matchIfMissing = true)
@ConditionalOnBean(MaintenanceService.class)
public class IntermissionWebAutoConfiguration {

    /** The name of the admin servlet's registration bean; define one of that name to replace it. */
    public static final String ADMIN_SERVLET_BEAN = "intermissionAdminServlet";

    private static final String SECURITY_CONTEXT = "org.springframework.security.core.context.SecurityContextHolder";
    private static final String ACTUATOR_ENDPOINT = "org.springframework.boot.actuate.endpoint.annotation.Endpoint";
    private static final String DISPATCHER_SERVLET = "org.springframework.web.servlet.DispatcherServlet";

    /** Creates the auto-configuration. */
    public IntermissionWebAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    MaintenanceFilterConfig intermissionFilterConfig(IntermissionProperties properties, Environment environment,
            ObjectProvider<OutcomeListeners> outcomeListeners) {
        IntermissionProperties.Filter f = properties.getFilter();
        MaintenanceFilterConfig.Builder b = MaintenanceFilterConfig.newBuilder();
        List<String> allowPaths = new ArrayList<>(f.getAllowPaths());
        PropertyChecks.check("intermission.filter.allow-paths", String.join(",", allowPaths),
                () -> b.allowPaths(allowPaths));
        Optional<String> actuator = actuatorPath(f, environment);
        if (actuator.isPresent()) {
            allowPaths.add(actuator.get());
            PropertyChecks.check("management.endpoints.web.base-path", actuator.get(), () -> b.allowPaths(allowPaths));
        }
        if (properties.getAdmin().isEnabled()) {
            String path = properties.getAdmin().getPath();
            PropertyChecks.check("intermission.admin.path", path, () -> b.adminPath(path));
        }
        PropertyChecks.check("intermission.filter.allow-ips", String.join(",", f.getAllowIps()),
                () -> b.allowIps(f.getAllowIps()));
        PropertyChecks.check("intermission.filter.trusted-proxies", String.join(",", f.getTrustedProxies()),
                () -> b.trustedProxies(f.getTrustedProxies()));
        if (f.getBypassSecret() != null && !f.getBypassSecret().isEmpty()) {
            PropertyChecks.check("intermission.filter.bypass-secret", null, () -> b.bypassSecret(f.getBypassSecret()));
        }
        PropertyChecks.check("intermission.filter.safe-methods", String.join(",", f.getSafeMethods()),
                () -> b.safeMethods(f.getSafeMethods()));
        PropertyChecks.check("intermission.filter.default-retry-after", f.getDefaultRetryAfter(),
                () -> b.defaultRetryAfter(PropertyChecks.duration("intermission.filter.default-retry-after",
                        f.getDefaultRetryAfter())));
        outcomeListeners.ifAvailable(listeners -> listeners.applyTo(b));
        return b.build();
    }

    /**
     * The Actuator's base path as an allow-listed prefix, when Actuator is here and the property asks for it: under
     * Spring MVC's dispatcher servlet path ({@code spring.mvc.servlet.path}), where Spring MVC serves it.
     */
    private static Optional<String> actuatorPath(IntermissionProperties.Filter f, Environment environment) {
        if (!f.isAllowActuator() || !ClassUtils.isPresent(ACTUATOR_ENDPOINT, null)) {
            return Optional.empty();
        }
        String base = absolute(environment.getProperty("management.endpoints.web.base-path", "/actuator"));
        if (base.isEmpty()) {
            // Actuator at the root: allow-listing it would let every path through.
            return Optional.empty();
        }
        String servletPath = ClassUtils.isPresent(DISPATCHER_SERVLET, null)
                ? absolute(environment.getProperty("spring.mvc.servlet.path", "/")) : "";
        return Optional.of(servletPath + base + "/**");
    }

    /** A path as {@code /a/b}, without a trailing slash; empty for the root. */
    private static String absolute(String path) {
        String p = path.strip();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() || p.startsWith("/") ? p : "/" + p;
    }

    @Bean
    @ConditionalOnMissingFilterBean(MaintenanceFilter.class)
    @ConditionalOnBooleanProperty(name = "intermission.filter.enabled", matchIfMissing = true)
    FilterRegistrationBean<MaintenanceFilter> intermissionFilter(MaintenanceService service,
            MaintenanceFilterConfig config) {
        FilterRegistrationBean<MaintenanceFilter> registration =
                new FilterRegistrationBean<>(new MaintenanceFilter(service, config));
        registration.setName("intermissionFilter");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        registration.setAsyncSupported(true);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "intermission.admin.enabled", matchIfMissing = true)
    MaintenanceAdminConfig intermissionAdminConfig(IntermissionProperties properties,
            ObjectProvider<AdminAuthorizer> authorizers, ObjectProvider<SchemaMigrator> migrators,
            ObjectProvider<FilterRegistrationBean<?>> registrations, ObjectProvider<MaintenanceFilter> filters) {
        IntermissionProperties.Admin a = properties.getAdmin();
        MaintenanceAdminConfig.Builder b = MaintenanceAdminConfig.newBuilder();
        for (Map.Entry<String, String> token : a.getTokens().entrySet()) {
            if (token.getValue() == null || token.getValue().isBlank()) {
                // An empty value (an unset environment variable) is no token: changes stay refused.
                continue;
            }
            String property = "intermission.admin.tokens." + token.getKey();
            PropertyChecks.check(property, null, () -> b.token(token.getKey(), token.getValue()));
        }
        if (a.getRole() != null && !ClassUtils.isPresent(SECURITY_CONTEXT, null)) {
            throw new InvalidValueException("intermission.admin.role", a.getRole(),
                    "needs Spring Security on the class path (spring-boot-starter-security)");
        }
        List<AdminAuthorizer> all = authorizers.orderedStream().toList();
        if (!all.isEmpty()) {
            b.authorizer(request -> {
                for (AdminAuthorizer authorizer : all) {
                    Optional<String> actor = authorizer.authorize(request);
                    if (actor.isPresent()) {
                        return actor;
                    }
                }
                return Optional.empty();
            });
        }
        b.publicStatus(a.isPublicStatus());
        if (a.isMigrations()) {
            migrators.ifUnique(migrator -> b.migrations(migrator)
                    .inFlightRequests(new FilterInFlight(registrations, filters)));
        }
        return b.build();
    }

    @Bean(ADMIN_SERVLET_BEAN)
    @ConditionalOnMissingBean(name = ADMIN_SERVLET_BEAN)
    @ConditionalOnBean(MaintenanceAdminConfig.class)
    @ConditionalOnBooleanProperty(name = "intermission.admin.enabled", matchIfMissing = true)
    ServletRegistrationBean<MaintenanceAdminServlet> intermissionAdminServlet(MaintenanceService service,
            MaintenanceAdminConfig config, IntermissionProperties properties) {
        String path = properties.getAdmin().getPath();
        PropertyChecks.check("intermission.admin.path", path,
                () -> MaintenanceFilterConfig.newBuilder().adminPath(path));
        String base = path.strip();
        ServletRegistrationBean<MaintenanceAdminServlet> registration =
                new ServletRegistrationBean<>(new MaintenanceAdminServlet(service, config), base, base + "/*");
        registration.setName(ADMIN_SERVLET_BEAN);
        registration.setLoadOnStartup(1);
        return registration;
    }

    /** Admits holders of {@code intermission.admin.role}, when Spring Security is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = SECURITY_CONTEXT)
    @ConditionalOnProperty(name = "intermission.admin.role")
    static class RoleAuthorization {

        @Bean
        AdminAuthorizer intermissionRoleAuthorizer(IntermissionProperties properties) {
            String role = properties.getAdmin().getRole();
            PropertyChecks.check("intermission.admin.role", role, () -> SpringSecurityRoleAuthorizer.authority(role));
            return new SpringSecurityRoleAuthorizer(SpringSecurityRoleAuthorizer.authority(role));
        }
    }
}
