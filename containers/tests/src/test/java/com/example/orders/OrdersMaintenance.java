package com.example.orders;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;

import dev.intermission.InFlightRequests;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.admin.MaintenanceAdminConfig;
import dev.intermission.admin.MaintenanceAdminServlet;
import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.servlet.MaintenanceFilter;

/**
 * Builds the maintenance service on the application's DataSource, migrates the schema in a maintenance window at
 * start, and adds the admin endpoint with its migrations routes; the filter declared in web.xml finds the service
 * in the ServletContext. The admin token comes from the environment, not from a file.
 */
public class OrdersMaintenance implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(OrdersMaintenance.class.getName());

    private MaintenanceService maintenance;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        DataSource dataSource = lookup(context.getInitParameter("orders.dataSource"));
        maintenance = Maintenance.newBuilder()
                .dataSource(dataSource)
                .serviceName("orders")
                .build();
        context.setAttribute(MaintenanceFilter.SERVICE_ATTRIBUTE, maintenance);   // the filter uses it

        // The filter publishes its in-flight count when it starts, after this listener: read it then.
        InFlightRequests inFlight = () -> context.getAttribute(MaintenanceFilter.IN_FLIGHT_ATTRIBUTE)
                instanceof InFlightRequests filter ? filter.inFlight() : 0;
        SchemaMigrator migrator = FlywayMigrator.newBuilder().dataSource(dataSource).build();  // db/migration
        MigrationWindow.newBuilder(maintenance, migrator)
                .inFlightRequests(inFlight)
                .actor("startup")
                .build()
                .migrateOnStart();                // returns once maintenance is on, or nothing is pending

        MaintenanceAdminConfig admin = MaintenanceAdminConfig.newBuilder()
                .token("deploy", System.getenv("ORDERS_ADMIN_TOKEN"))
                .migrations(migrator)             // POST /service-context/migrations
                .inFlightRequests(inFlight)
                .build();
        ServletRegistration.Dynamic servlet = context.addServlet("maintenance-admin",
                new MaintenanceAdminServlet(maintenance, admin));
        servlet.addMapping("/service-context/*");
        servlet.setLoadOnStartup(1);
        LOG.log(System.Logger.Level.INFO, "Orders started: schema migrations run in a maintenance window");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        maintenance.close();
    }

    private static DataSource lookup(String name) {
        try {
            return (DataSource) new InitialContext().lookup(name);
        } catch (NamingException e) {
            throw new IllegalStateException("no DataSource " + name, e);
        }
    }
}
