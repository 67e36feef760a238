package dev.intermission.example;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.DispatcherType;

import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Values;
import dev.intermission.admin.MaintenanceAdminConfig;
import dev.intermission.admin.MaintenanceAdminServlet;
import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationLaunch;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.servlet.MaintenanceFilter;

/**
 * The running example, started in the order that keeps every promise to its clients:
 * <ol>
 *   <li>{@link #listen}: bind the port (a taken port fails here, before any database is opened) and answer every
 *       request but {@code /health} with a 503 carrying the start-up message;</li>
 *   <li>{@link #startServices}: open the pools and the maintenance state, mount the application, and run the
 *       start-up migration window; the application is served only once that window has switched maintenance on
 *       or found nothing to migrate, and the log says when it waits for another window's lock, and for whom;
 *       the background job ({@link OrderAudit}) starts once that window has ended;</li>
 *   <li>{@link #close}: stop the background job, stop accepting, let requests in flight finish for up to the grace period, then close the
 *       maintenance state and the pools.</li>
 * </ol>
 */
public final class ExampleApp implements AutoCloseable {

    /** The message clients read while the example starts and migrates. */
    public static final String STARTUP_MESSAGE = "Upgrading the database";
    /** How long the application's pool waits for a connection before the request is answered 503. */
    public static final Duration APP_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /** The application's own Flyway migrations. */
    public static final String APP_MIGRATIONS = "classpath:db/migration";
    /** The token name recorded as the actor of changes made with the admin token. */
    public static final String ADMIN_TOKEN_NAME = "admin";

    private static final System.Logger LOG = System.getLogger(ExampleApp.class.getName());

    private final ExampleConfig config;
    private final PrintStream out;
    private final Server server;
    private final ServerConnector connector;
    private final GracefulHandler graceful;
    private final StartupGate gate;
    private final Object lock = new Object();
    private boolean closed;
    private HikariDataSource appPool;
    private MaintenanceService maintenance;
    private MaintenanceFilter filter;
    private volatile MigrationLaunch launch;
    private OrderAudit audit;

    private ExampleApp(ExampleConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
        this.server = new Server();
        this.connector = new ServerConnector(server);
        connector.setPort(config.port());
        server.addConnector(connector);
        this.gate = new StartupGate(STARTUP_MESSAGE, ExampleConfig.ADMIN_PATH, ExampleConfig.HEALTH_PATH);
        this.graceful = new GracefulHandler(gate) {
            @Override
            protected void handleShutdownRejection(Request request, Response response, Callback callback) {
                // A request that arrives while stopping is refused before it does anything: it is not cut.
                response.setStatus(503);
                response.getHeaders().put("Connection", "close");
                response.getHeaders().put("Retry-After", "5");
                response.getHeaders().put("Content-Type", Problems.TYPE);
                org.eclipse.jetty.io.Content.Sink.write(response, true,
                        Problems.json(503, "This instance is stopping. Please try again."), callback);
            }
        };
        server.setHandler(graceful);
        server.setStopTimeout(config.shutdownGrace().toMillis());
        server.setStopAtShutdown(false);
    }

    /**
     * Binds the port and starts answering: {@code /health} with 200, everything else with a 503 that carries
     * {@link #STARTUP_MESSAGE}; opens no database.
     *
     * @param config the settings; port 0 picks a free port
     * @param out    where the start-up facts are printed (where it listens, which database)
     * @return the listening example
     * @throws PortUnavailableException when the port cannot be bound
     * @throws Exception                when Jetty fails to start for another reason
     */
    public static ExampleApp listen(ExampleConfig config, PrintStream out) throws Exception {
        ExampleApp app = new ExampleApp(config, out);
        try {
            // Bind before Jetty starts, so a taken port is one error line and nothing else.
            app.connector.open();
        } catch (IOException e) {
            app.connector.close();
            throw new PortUnavailableException("PORT: cannot listen on port " + config.port() + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "); is another server using it?", e);
        }
        app.server.start();
        out.println("Listening on " + app.server.getURI());
        out.println("Database: " + config.jdbcUrlForDisplay() + (config.defaultDatabase()
                ? " (the default, under INTERMISSION_HOME=" + config.home() + ")" : ""));
        return app;
    }

    /**
     * Opens the pools and the maintenance state, mounts the application and starts the start-up migration window;
     * returns once maintenance protects the old schema (see {@link MigrationWindow#migrateOnStart()}); the
     * application is served once the window has ended ({@link #serving()}). Does nothing if the example was closed
     * meanwhile.
     *
     * @return this example
     * @throws IllegalStateException when called twice
     */
    public ExampleApp startServices() {
        synchronized (lock) {
            if (closed) {
                return this;
            }
            if (appPool != null) {
                throw new IllegalStateException("already started");
            }
            if (config.defaultDatabase() && ExampleConfig.createHome(config.home())) {
                LOG.log(Level.INFO, "Created INTERMISSION_HOME {0}: it did not exist; the default database lives "
                        + "under it, in data/", config.home());
            }
            appPool = newAppPool(config);
        }
        MaintenanceService service = Maintenance.newBuilder()
                .jdbcUrl(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword())
                .refreshInterval(config.refreshInterval())
                .build();
        MaintenanceFilter newFilter = new MaintenanceFilter(service, config.filterConfig());
        synchronized (lock) {
            if (closed) {
                service.close();
                return this;
            }
            maintenance = service;
            filter = newFilter;
        }
        SchemaMigrator migrator = FlywayMigrator.newBuilder().dataSource(appPool).locations(APP_MIGRATIONS).build();
        ServletContextHandler context = context(service, newFilter, migrator);
        context.setServer(server);
        try {
            context.start();
        } catch (Exception e) {
            throw new IllegalStateException("the application cannot start: " + e.getMessage(), e);
        }
        gate.setHandler(context);
        if (!config.migrateOnStart()) {
            startAudit(service);
            gate.open();
            out.println("Serving the application (no start-up migration)");
            return this;
        }
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "example-startup-watcher");
            t.setDaemon(true);
            return t;
        });
        Set<String> reported = new HashSet<>();
        Instant startedAt = Instant.now();
        watcher.scheduleWithFixedDelay(() -> reportLockHolder(service, reported, startedAt), 1, 1,
                TimeUnit.SECONDS);
        try {
            // Returns once maintenance is on (this window's, another instance's or an operator's), once nothing
            // is pending, or once the window has ended. The gate stays closed until the window has ended: between
            // another instance's window and this one's, maintenance may be off while this schema is still old.
            MigrationLaunch started = MigrationWindow.newBuilder(service, migrator)
                    .inFlightRequests(newFilter)
                    .actor(MigrationWindow.START_ACTOR)
                    .message(STARTUP_MESSAGE)
                    .build()
                    .migrateOnStart();
            launch = started;
            started.completion().whenComplete((result, e) -> {
                watcher.shutdownNow();
                synchronized (lock) {
                    if (closed) {
                        return;
                    }
                }
                startAudit(service);
                gate.open();
                out.println("Serving the application (start-up migration: " + (result == null ? "ended"
                        : result.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')) + ")");
            });
        } catch (RuntimeException | Error e) {
            watcher.shutdownNow();
            gate.open();
            throw e;
        }
        return this;
    }

    /** Starts the background job once the application's schema is there, unless the example is closing. */
    private void startAudit(MaintenanceService service) {
        synchronized (lock) {
            if (!closed && audit == null) {
                audit = OrderAudit.start(appPool, service, OrderAudit.DEFAULT_INTERVAL);
            }
        }
    }

    /** Logs, once per holder, that the start-up window waits for another window's migration lock. */
    private void reportLockHolder(MaintenanceService service, Set<String> reported, Instant startedAt) {
        MigrationLaunch current = launch;
        if (current != null && (current.done() || current.windowId().isPresent())) {
            return;
        }
        try {
            for (MigrationRecord r : MigrationHistory.of(service).recent(5)) {
                // Until this window's launch is known, a window recorded before this start-up began is another's.
                boolean another = current != null || r.startedAt() != null && r.startedAt().isBefore(startedAt);
                if (another && r.running() && !r.finished() && reported.add(r.id())) {
                    LOG.log(Level.INFO, "Start-up migration waits for the migration lock: window {0}, started by {1}"
                            + " on {2} at {3}, holds it (waiting up to {4}); clients get 503 \"{5}\" meanwhile",
                            r.id(), r.actor(), r.holder(), r.startedAt(),
                            Values.text(MigrationWindow.DEFAULT_LOCK_WAIT_TIMEOUT), STARTUP_MESSAGE);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "cannot read the migration windows: {0}", e.getMessage());
        }
    }

    private ServletContextHandler context(MaintenanceService service, MaintenanceFilter maintenanceFilter,
            SchemaMigrator migrator) {
        ServletContextHandler context = new ServletContextHandler("/");
        context.setBaseResource(ResourceFactory.of(context).newClassLoaderResource("static"));
        context.addFilter(new FilterHolder(maintenanceFilter), "/*", EnumSet.of(DispatcherType.REQUEST));
        MaintenanceAdminConfig adminConfig = MaintenanceAdminConfig.newBuilder()
                .token(ADMIN_TOKEN_NAME, config.adminToken())
                .migrations(migrator)                        // POST /service-context/migrations runs a window
                .inFlightRequests(maintenanceFilter)         // which waits for this instance's requests to drain
                .build();
        context.addServlet(new ServletHolder(new MaintenanceAdminServlet(service, adminConfig)),
                ExampleConfig.ADMIN_PATH + "/*");
        context.addServlet(new ServletHolder(new OrdersServlet(appPool)), "/api/orders/*");
        context.addServlet(new ServletHolder(new HealthServlet()), ExampleConfig.HEALTH_PATH);
        context.addServlet(new ServletHolder(new PageServlet(service)), "");
        context.addServlet(new ServletHolder(new PageServlet(service)), "/index.html");
        context.addServlet(new ServletHolder("static", DefaultServlet.class), "/");
        return context;
    }

    private static HikariDataSource newAppPool(ExampleConfig config) {
        HikariConfig poolConfig = new HikariConfig();
        poolConfig.setJdbcUrl(config.jdbcUrl());
        poolConfig.setUsername(config.jdbcUser());
        poolConfig.setPassword(config.jdbcPassword());
        poolConfig.setMaximumPoolSize(8);
        poolConfig.setPoolName("example-app");
        // Fail fast during an outage: a request waits this long for a connection, then is answered 503.
        poolConfig.setConnectionTimeout(APP_CONNECTION_TIMEOUT.toMillis());
        poolConfig.setValidationTimeout(Math.min(1000, APP_CONNECTION_TIMEOUT.toMillis() / 2));
        // Opens no connection here: the first request (or the start-up window) does.
        poolConfig.setInitializationFailTimeout(-1);
        return new HikariDataSource(poolConfig);
    }

    /**
     * Returns the settings.
     *
     * @return the settings
     */
    public ExampleConfig config() {
        return config;
    }

    /**
     * Returns the Jetty server.
     *
     * @return the server, listening
     */
    public Server server() {
        return server;
    }

    /**
     * Returns the maintenance state.
     *
     * @return the service
     * @throws IllegalStateException before {@link #startServices()}
     */
    public MaintenanceService maintenance() {
        synchronized (lock) {
            if (maintenance == null) {
                throw new IllegalStateException("not started");
            }
            return maintenance;
        }
    }

    /**
     * Returns the maintenance filter (its in-flight count).
     *
     * @return the filter
     * @throws IllegalStateException before {@link #startServices()}
     */
    public MaintenanceFilter filter() {
        synchronized (lock) {
            if (filter == null) {
                throw new IllegalStateException("not started");
            }
            return filter;
        }
    }

    /**
     * Returns the start-up migration window, if one was launched.
     *
     * @return the launch, or empty
     */
    public Optional<MigrationLaunch> startupMigration() {
        return Optional.ofNullable(launch);
    }

    /**
     * Returns whether the application is served (the start-up window no longer holds requests back).
     *
     * @return {@code true} once started
     */
    public boolean serving() {
        return gate.isOpen();
    }

    /**
     * Waits until the server has stopped.
     *
     * @throws InterruptedException when interrupted
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Stops gracefully: stops accepting connections, refuses new requests on open ones with 503, lets requests in
     * flight finish for up to the grace period, waits for a running migration window, then closes the
     * maintenance state and the pools. Safe to call more than once and from a shutdown hook.
     */
    @Override
    public void close() {
        MaintenanceService service;
        HikariDataSource pool;
        OrderAudit job;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            service = maintenance;
            pool = appPool;
            job = audit;
        }
        if (job != null) {
            job.close();
        }
        long inFlight = graceful.getCurrentRequestCount();
        out.println("Stopping: no new connections; waiting up to " + Values.text(config.shutdownGrace()) + " for "
                + inFlight + (inFlight == 1 ? " request" : " requests") + " in flight");
        stopQuietly(server);
        long cut = graceful.getCurrentRequestCount();
        if (cut > 0) {
            LOG.log(Level.WARNING, "Stopped with {0} requests still in flight after the grace period of {1}", cut,
                    Values.text(config.shutdownGrace()));
        }
        MigrationLaunch current = launch;
        if (current != null && !current.done() && current.windowId().isPresent()) {
            out.println("Stopping: waiting for migration window " + current.windowId().get() + " to end");
            current.completion().join();
        }
        if (service != null) {
            service.close();
        }
        if (pool != null) {
            pool.close();
        }
        out.println("Stopped");
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Jetty did not stop cleanly: {0}", String.valueOf(e.getMessage()));
        }
    }

    /** The configured port cannot be bound; the message starts with {@code PORT:}. */
    public static final class PortUnavailableException extends Exception {

        private static final long serialVersionUID = 1L;

        PortUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
