package dev.intermission.admin.internal;

import java.util.Set;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;

import dev.intermission.InvalidValueException;
import dev.intermission.admin.MaintenanceAdminConfig;
import dev.intermission.admin.MaintenanceAdminServlet;

/**
 * Checks the init-params of every {@link MaintenanceAdminServlet} that {@code web.xml} declares before the webapp
 * starts, so a bad value or a mistyped name fails the whole webapp with one error naming the parameter. The
 * servlet's own {@code init} checks them too, but a container may start a webapp whose servlet failed its
 * {@code init} (Tomcat does unless its context says {@code failCtxIfServletStartFails}): the application would
 * then serve its pages with its admin endpoint broken. Containers find this initializer in the jar's
 * {@code META-INF/services}; an application that builds the servlet in code gets no init-params checked here.
 */
public final class AdminInitParamsCheck implements ServletContainerInitializer {

    /** Creates the check; the container does. */
    public AdminInitParamsCheck() {
    }

    /**
     * Reads the init-params of each declared admin servlet as its {@code init} would.
     *
     * @param classes none are asked for
     * @param context the webapp's context, its servlets declared
     * @throws ServletException naming the servlet and the parameter when one is invalid or unknown
     */
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        for (ServletRegistration registration : context.getServletRegistrations().values()) {
            if (!MaintenanceAdminServlet.class.getName().equals(registration.getClassName())) {
                continue;
            }
            try {
                MaintenanceAdminConfig.fromInitParameters(registration.getInitParameters());
            } catch (InvalidValueException e) {
                throw new ServletException("MaintenanceAdminServlet '" + registration.getName() + "': "
                        + e.getMessage(), e);
            }
        }
    }
}
