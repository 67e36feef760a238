package com.example.orders;

// tag::setup-listener[]
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.servlet.MaintenanceAdminServlet;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/** Builds the application's MaintenanceService, where the filter and the admin servlet look for it. */
public final class MaintenanceSetup implements ServletContextListener {

    private MaintenanceService maintenance;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            DataSource dataSource = (DataSource) new InitialContext().lookup("java:comp/env/jdbc/orders");
            maintenance = Maintenance.newBuilder().dataSource(dataSource).serviceName("orders").build();
        } catch (NamingException e) {
            throw new IllegalStateException("no DataSource at java:comp/env/jdbc/orders", e);
        }
        event.getServletContext().setAttribute(MaintenanceAdminServlet.SERVICE_ATTRIBUTE, maintenance);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (maintenance != null) {
            maintenance.close();
        }
    }
}
// end::setup-listener[]
