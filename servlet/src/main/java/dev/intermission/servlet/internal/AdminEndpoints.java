package dev.intermission.servlet.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;

/**
 * Finds the admin endpoints of a webapp that its maintenance filter would refuse during maintenance: a
 * {@code MaintenanceAdminServlet} mapped at a path that is neither the filter's admin path nor allow-listed, so
 * operators could not switch maintenance off over HTTP while it is on.
 */
public final class AdminEndpoints {

    /** The admin servlet's class, named here because this module does not depend on the admin module. */
    static final String ADMIN_SERVLET = "dev.intermission.admin.MaintenanceAdminServlet";

    /** An admin servlet and the base path the filter would refuse. */
    public record Refused(String servletName, String basePath) {
    }

    private AdminEndpoints() {
    }

    /**
     * Returns the admin servlets the filter would refuse during maintenance.
     *
     * @param context    the webapp
     * @param filterName the filter's name, to read its mappings; a filter that is not mapped to {@code /*} is not
     *                   judged
     * @param adminPath  the filter's admin path, or {@code null}
     * @param allowPaths the filter's allow-listed patterns
     * @return each admin servlet mapped at a base path that is neither, in the order the container lists them
     */
    public static List<Refused> refusedDuringMaintenance(ServletContext context, String filterName, String adminPath,
            Collection<String> allowPaths) {
        List<Refused> refused = new ArrayList<>();
        FilterRegistration filter = filterName == null ? null : context.getFilterRegistration(filterName);
        if (filter != null && !filter.getUrlPatternMappings().contains("/*")) {
            return refused;
        }
        for (ServletRegistration servlet : context.getServletRegistrations().values()) {
            if (!ADMIN_SERVLET.equals(servlet.getClassName())) {
                continue;
            }
            for (String mapping : servlet.getMappings()) {
                String base = mapping.endsWith("/*") ? mapping.substring(0, mapping.length() - 2) : mapping;
                if (base.isEmpty() || base.equals("/") || !base.startsWith("/")) {
                    continue;
                }
                if (!base.equals(adminPath) && !allowPaths.contains(base + "/*") && !allowPaths.contains(base + "/**")) {
                    refused.add(new Refused(servlet.getName(), base));
                    break;
                }
            }
        }
        return refused;
    }
}
