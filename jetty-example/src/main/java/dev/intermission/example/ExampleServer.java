package dev.intermission.example;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.DispatcherType;

import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.cli.MaintenanceCli;
import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.migration.MigrationLaunch;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.admin.MaintenanceAdminConfig;
import dev.intermission.admin.MaintenanceAdminServlet;
import dev.intermission.servlet.MaintenanceFilter;
import dev.intermission.servlet.MaintenanceFilterConfig;

/**
 * An embedded Jetty 12 service shaped like a small real one (an orders API, a static page, a health check)
 * behind Intermission, and the operator's command line in the same jar.
 *
 * <pre>
 * java -jar intermission-jetty-example.jar                      # the server (PORT, INTERMISSION_* variables)
 * java -jar intermission-jetty-example.jar maintenance status   # the operator CLI, on the same database
 * java -jar intermission-jetty-example.jar migrate --dry-run
 * </pre>
 */
public final class ExampleServer {

    /** Where the admin endpoint is mounted. */
    public static final String ADMIN_PATH = "/service-context";
    /** The token name recorded as the actor of changes made with the admin token. */
    public static final String ADMIN_TOKEN_NAME = "admin";
    /** The application's own Flyway migrations. */
    public static final String APP_MIGRATIONS = "classpath:db/migration";

    private ExampleServer() {
    }

    /**
     * Runs the server with no arguments, or the operator CLI with {@code maintenance ...} or {@code migrate ...}.
     *
     * @param args the command line
     * @throws Exception when the server fails to start
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            System.exit(runCli(args, System.out, System.err, System.getenv()));
        }
        ExampleConfig config;
        try {
            config = ExampleConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        ExampleApp app = newServer(config);
        if (config.adminTokenGenerated()) {
            System.out.println("Admin token (set INTERMISSION_ADMIN_TOKEN to choose one): " + config.adminToken());
        }
        System.out.println("Listening on " + app.server().getURI());
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        app.server().join();
    }

    /**
     * Runs the operator CLI on the example's database (the environment's, or the default H2 file).
     *
     * @param args {@code maintenance <command> ...} or {@code migrate ...}
     * @param out  standard output
     * @param err  standard error
     * @param env  the environment variables
     * @return the exit code: 0 success, 1 failure, 2 usage error
     */
    public static int runCli(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Map<String, String> withDefaults = new HashMap<>(env);
        String url = env.get(MaintenanceCli.JDBC_URL_ENV);
        if (url == null || url.isBlank()) {
            withDefaults.put(MaintenanceCli.JDBC_URL_ENV, ExampleConfig.DEFAULT_JDBC_URL);
            withDefaults.putIfAbsent(MaintenanceCli.JDBC_USER_ENV, "sa");
        }
        MaintenanceCli cli = new MaintenanceCli();
        switch (args[0]) {
            case "maintenance":
                return cli.run(Arrays.copyOfRange(args, 1, args.length), out, err, withDefaults);
            case "migrate":
                return cli.run(args, out, err, withDefaults);
            default:
                err.println("usage: java -jar intermission-jetty-example.jar [maintenance <status|enable|disable|"
                        + "history|schedule> ... | migrate [--dry-run] [--location L]...]");
                return MaintenanceCli.EXIT_USAGE;
        }
    }

    /**
     * Builds and starts the server: opens the pools, starts the maintenance state, mounts the filter, the admin
     * endpoint and the application, and, if configured, runs pending migrations in a maintenance window.
     *
     * @param config the settings; port 0 picks a free port
     * @return the running application
     * @throws Exception when Jetty fails to start
     * @throws IllegalArgumentException naming the variable when a filter setting is invalid
     */
    public static ExampleApp newServer(ExampleConfig config) throws Exception {
        HikariConfig poolConfig = new HikariConfig();
        poolConfig.setJdbcUrl(config.jdbcUrl());
        poolConfig.setUsername(config.jdbcUser());
        poolConfig.setPassword(config.jdbcPassword());
        poolConfig.setMaximumPoolSize(8);
        poolConfig.setPoolName("example-app");
        poolConfig.setInitializationFailTimeout(-1);
        HikariDataSource appPool = new HikariDataSource(poolConfig);
        MaintenanceService maintenance = null;
        try {
            maintenance = Maintenance.newBuilder()
                    .jdbcUrl(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword())
                    .refreshInterval(Duration.ofSeconds(1))
                    .build();
            MaintenanceFilter filter = new MaintenanceFilter(maintenance, filterConfig(config));
            SchemaMigrator migrator = FlywayMigrator.newBuilder().dataSource(appPool).locations(APP_MIGRATIONS)
                    .build();

            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setPort(config.port());
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            context.setBaseResource(ResourceFactory.of(context).newClassLoaderResource("static"));
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
            MaintenanceAdminConfig adminConfig = MaintenanceAdminConfig.newBuilder()
                    .token(ADMIN_TOKEN_NAME, config.adminToken())
                    .migrations(migrator)                // POST /service-context/migrations runs a window
                    .inFlightRequests(filter)            // which waits for this instance's requests to drain
                    .build();
            context.addServlet(new ServletHolder(new MaintenanceAdminServlet(maintenance, adminConfig)),
                    ADMIN_PATH + "/*");
            context.addServlet(new ServletHolder(new OrdersServlet(appPool)), "/api/orders");
            context.addServlet(new ServletHolder(new HealthServlet()), "/health");
            context.addServlet(new ServletHolder("static", DefaultServlet.class), "/");
            server.setHandler(context);

            // The window turns maintenance on before the server takes traffic, so the first requests already
            // get 503 (allow-listed paths excepted) until the migrations are done.
            MigrationLaunch launch = null;
            if (config.migrateOnStart()) {
                launch = MigrationWindow.newBuilder(maintenance, migrator)
                        .inFlightRequests(filter)
                        .actor("startup")
                        .message("Upgrading the database")
                        .build()
                        .migrateOnStart();
            }
            server.start();
            return new ExampleApp(server, maintenance, appPool, filter, launch);
        } catch (Exception | Error e) {
            if (maintenance != null) {
                maintenance.close();
            }
            appPool.close();
            throw e;
        }
    }

    private static MaintenanceFilterConfig filterConfig(ExampleConfig config) {
        MaintenanceFilterConfig.Builder builder = MaintenanceFilterConfig.newBuilder().adminPath(ADMIN_PATH);
        try {
            builder.allowPaths(concat("/health", config.allowPaths()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("INTERMISSION_ALLOW_PATHS: " + e.getMessage(), e);
        }
        try {
            builder.allowIps(config.allowIps());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("INTERMISSION_ALLOW_IPS: " + e.getMessage(), e);
        }
        try {
            builder.trustedProxies(config.trustedProxies());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("INTERMISSION_TRUSTED_PROXIES: " + e.getMessage(), e);
        }
        if (config.bypassSecret() != null) {
            try {
                builder.bypassSecret(config.bypassSecret());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("INTERMISSION_BYPASS_SECRET: " + e.getMessage(), e);
            }
        }
        return builder.build();
    }

    private static java.util.List<String> concat(String first, java.util.List<String> rest) {
        java.util.List<String> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
