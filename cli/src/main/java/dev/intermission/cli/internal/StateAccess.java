package dev.intermission.cli.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;

import dev.intermission.HistoryEntry;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceException;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.SchemaMode;
import dev.intermission.ScheduledWindow;
import dev.intermission.VersionConflictException;
import dev.intermission.cli.MaintenanceCli;
import dev.intermission.ServiceInstance;
import dev.intermission.internal.ClusterValue;
import dev.intermission.internal.Db;
import dev.intermission.internal.InstanceRepository;
import dev.intermission.internal.Schema;
import dev.intermission.internal.ServiceContextRepository;
import dev.intermission.internal.StateRow;
import dev.intermission.internal.StateTransitions;
import dev.intermission.internal.StatusValue;
import dev.intermission.internal.StoreFailures;
import dev.intermission.internal.Tables;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.internal.MigrationStore;

/**
 * Every read and write of the library's tables that the CLI makes, in one shot on one connection: no pool, no
 * refresh thread, and nothing created. Opening checks that the database exists and holds the library's tables,
 * and says where it looked when it does not.
 *
 * <p>It reads and writes through the library's own repository and stores on that one connection; nothing else in
 * the CLI touches the tables.
 */
public final class StateAccess implements AutoCloseable {

    private static final int STATEMENT_TIMEOUT_SECONDS = 10;

    private final Database database;
    private final Connection connection;
    private final Tables tables;
    private final String serviceName;
    private final Db db;
    private final ServiceContextRepository repository;

    private StateAccess(Database database, Connection connection, Tables tables, String serviceName) {
        this.database = database;
        this.connection = connection;
        this.tables = tables;
        this.serviceName = serviceName;
        this.db = new Db(new OneConnection(connection), STATEMENT_TIMEOUT_SECONDS);
        this.repository = new ServiceContextRepository(db, tables);
    }

    /**
     * Connects and checks that the library's tables are there.
     *
     * @param database    where to connect
     * @param serviceName the service whose state is read
     * @param tablePrefix the prefix of the library's tables
     * @return the open access; the caller closes it
     * @throws CliFailure when the database does not exist, cannot be reached, or has no library tables
     */
    public static StateAccess open(Database database, String serviceName, String tablePrefix) {
        StateAccess access = new StateAccess(database, connect(database), new Tables(tablePrefix), serviceName);
        try {
            access.probe(access.tables.serviceContext());
            return access;
        } catch (RuntimeException e) {
            access.close();
            throw e;
        }
    }

    /** Returns the database this access reads. */
    public Database database() {
        return database;
    }

    /** Returns this access's one connection as a DataSource, for the readers of other modules (notifications). */
    public DataSource dataSource() {
        return db.dataSource();
    }

    /**
     * Reads the state of the service as of now.
     *
     * @return the status; version 0 and off when the service has no row yet
     */
    public MaintenanceStatus status() {
        try {
            return statusOf(repository.read(serviceName), Instant.now());
        } catch (SQLException e) {
            throw failure("read the maintenance state", tables.serviceContext(), e);
        }
    }

    /**
     * Reads the service's live instances through the library's own repository, as the admin endpoint shows them:
     * the current version is the newest of the state's and of any instance's.
     *
     * @return the instances; none when no instance of the service runs
     */
    public ClusterValue instances() {
        probe(tables.serviceInstance());
        Instant now = Instant.now();
        long current;
        List<ServiceInstance> live;
        try {
            current = repository.read(serviceName).version();
        } catch (SQLException e) {
            throw failure("read the maintenance state", tables.serviceContext(), e);
        }
        try {
            live = new ArrayList<>(new InstanceRepository(db, tables).live(serviceName, now));
        } catch (SQLException e) {
            throw failure("read the instances", tables.serviceInstance(), e);
        }
        for (ServiceInstance i : live) {
            current = Math.max(current, i.stateVersion());
        }
        // The CLI is no instance: the table is read as it is, and what it holds is what there is.
        return new ClusterValue(serviceName, current, live, now, true);
    }

    /**
     * Returns the names of the services recorded in this database, sorted.
     *
     * @return the names
     */
    public List<String> services() {
        try {
            return db.with(c -> db.list(c, "SELECT service_name FROM " + tables.serviceContext()
                    + " ORDER BY service_name", rs -> rs.getString(1)));
        } catch (SQLException e) {
            throw failure("read the service names", tables.serviceContext(), e);
        }
    }

    /**
     * Applies a change with the library's own repository: one transaction, the row locked, the version checked,
     * the history row appended.
     *
     * @param change the change
     * @return the status right after it
     * @throws VersionConflictException when an expected version is given and the state has moved on
     * @throws IllegalArgumentException when the change is refused (an end in the past)
     */
    public MaintenanceStatus apply(MaintenanceChange change) {
        // The database keeps milliseconds; so does every timestamp written here.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        validate(change, now);
        try {
            return statusOf(repository.apply(serviceName, change, now), Instant.now());
        } catch (SQLException e) {
            throw failure("change the maintenance state", tables.serviceContext(), e);
        }
    }

    /**
     * Checks a change against the clock before anything is written: an expected end or a window end must lie
     * in the future.
     *
     * @param change the change
     * @param now    the time to check against
     * @throws IllegalArgumentException naming the field otherwise
     */
    public static void validate(MaintenanceChange change, Instant now) {
        StateTransitions.validate(change, now);
    }

    /**
     * Reads the newest history entries first.
     *
     * @param limit how many, at most
     * @return the entries
     */
    public List<HistoryEntry> history(int limit) {
        try {
            return repository.history(serviceName, limit);
        } catch (SQLException e) {
            throw failure("read the maintenance history", tables.history(), e);
        }
    }

    /**
     * Reads the service's recorded migration windows, newest first.
     *
     * @param limit how many, at most
     * @return the windows
     */
    public List<MigrationRecord> windows(int limit) {
        probe(tables.migrationWindow());
        try {
            return new MigrationStore(db, tables).recent(serviceName, limit, Instant.now()).stream()
                    .map(MigrationStore.StoredWindow::record).toList();
        } catch (RuntimeException e) {
            throw failure("read the migration windows", tables.migrationWindow(), e);
        }
    }

    /**
     * Reads one recorded migration window of the service.
     *
     * @param id the window's id
     * @return the window, or empty
     */
    public Optional<MigrationRecord> window(String id) {
        probe(tables.migrationWindow());
        try {
            return new MigrationStore(db, tables).find(serviceName, id, Instant.now())
                    .map(MigrationStore.StoredWindow::record);
        } catch (RuntimeException e) {
            throw failure("read the migration windows", tables.migrationWindow(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing was left to commit; the connection is gone either way.
        }
    }

    /**
     * Opens a full service (its own small pool and refresher) for what needs one: a migration window, or a
     * subcommand an application adds. Checks first that the database exists; creates the library's tables only
     * when asked.
     *
     * @param database        where to connect
     * @param serviceName     the service
     * @param tablePrefix     the prefix of the library's tables
     * @param refreshInterval how often the service refreshes
     * @param createSchema    whether missing library tables are created
     * @return the running service; the caller closes it
     */
    public static MaintenanceService openService(Database database, String serviceName, String tablePrefix,
            Duration refreshInterval, boolean createSchema) {
        Tables tables = new Tables(tablePrefix);
        try (StateAccess probe = new StateAccess(database, connect(database), tables, serviceName)) {
            if (!createSchema) {
                probe.probe(tables.serviceContext());
                probe.probe(tables.migrationWindow());
            }
        }
        MaintenanceService service;
        try {
            service = Maintenance.newBuilder()
                    .jdbcUrl(database.connectUrl(), database.user(), database.password())
                    .serviceName(serviceName)
                    .tablePrefix(tablePrefix)
                    // Creating is idempotent: tables that are there are left as they are.
                    .schemaMode(createSchema ? SchemaMode.CREATE : SchemaMode.NONE)
                    .connectionTimeout(Duration.ofSeconds(5))
                    .refreshInterval(refreshInterval)
                    .build();
        } catch (MaintenanceException e) {
            throw new CliFailure("cannot " + (createSchema ? "create or read the library's tables" : "read the "
                    + "maintenance state") + " in " + database.display() + ": " + StoreFailures.describe(e), e);
        }
        try {
            if (service.status().lastRefreshed() == null) {
                // The first read failed (the builder degrades quietly): read again to report why.
                service.refresh();
            }
            return service;
        } catch (MaintenanceException e) {
            service.close();
            throw new CliFailure("cannot read the maintenance state in " + database.display() + ": "
                    + StoreFailures.describe(e), e);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /**
     * Returns the SQL that creates the library's tables on a database: the library's own DDL.
     *
     * @param dialect     the kind of database
     * @param tablePrefix the prefix of the table names
     * @return the statements, each ending with a semicolon
     */
    public static String ddl(Schema.Dialect dialect, String tablePrefix) {
        return Schema.ddl(dialect, new Tables(tablePrefix));
    }

    // ---- connecting and classifying failures

    private static Connection connect(Database database) {
        try {
            return database.connect();
        } catch (SQLException e) {
            throw unreachable(database, e);
        }
    }

    private static CliFailure unreachable(Database database, SQLException e) {
        String where = database.display();
        String hint = database.source() == Database.Source.DEFAULT ? "; " + defaultHint()
                : "; check the URL, the server and the credentials (" + database.source().label() + ")";
        if ((e.getErrorCode() == 90146 || "90146".equals(e.getSQLState())) && database.h2File() != null) {
            return new CliFailure("no database at " + database.h2File() + ".mv.db (" + database.source().label()
                    + (database.source() == Database.Source.DEFAULT ? "" : " " + database.maskedUrl())
                    + "): nothing was created" + hint, e);
        }
        if (isMissingDatabase(e)) {
            return new CliFailure("database not found: " + where + ": " + StoreFailures.rootMessage(e) + hint, e);
        }
        if (StoreFailures.kind(e) == StoreFailures.Kind.AUTHENTICATION) {
            return new CliFailure("the database refused the credentials at " + where + ": "
                    + StoreFailures.rootMessage(e) + hint, e);
        }
        return new CliFailure("cannot connect to " + where + ": " + StoreFailures.rootMessage(e) + hint, e);
    }

    /** Fails naming the table when it is missing; any other error is reported as it is. */
    private void probe(String table) {
        try {
            db.with(c -> db.first(c, "SELECT 1 FROM " + table + " WHERE 1 = 0", rs -> 1));
        } catch (SQLException e) {
            throw failure("read " + table, table, e);
        }
    }

    private CliFailure failure(String action, String table, Throwable e) {
        StoreFailures.Kind kind = StoreFailures.kind(e);
        if (kind == StoreFailures.Kind.SCHEMA_MISSING) {
            String hint = database.source() == Database.Source.DEFAULT ? defaultHint()
                    : "point at the application's database with --jdbc-url or " + MaintenanceCli.JDBC_URL_ENV
                            + " (and --table-prefix if it uses one); the application creates the tables when it "
                            + "starts, or apply the SQL that 'schema --print' shows";
            return new CliFailure("no Intermission tables in " + database.display() + " (looked for " + table
                    + (tables.prefix().isEmpty() ? "" : ", prefix '" + tables.prefix() + "'") + "): " + hint, e);
        }
        if (kind == StoreFailures.Kind.UNREACHABLE && sqlCause(e) != null) {
            return unreachable(database, sqlCause(e));
        }
        return new CliFailure("cannot " + action + " in " + database.display() + ": " + StoreFailures.describe(e),
                e);
    }

    private static String defaultHint() {
        return "no --jdbc-url or " + MaintenanceCli.JDBC_URL_ENV + " was given, so this is the default database; "
                + "point at the application's database with one of them";
    }

    private static boolean isMissingDatabase(SQLException e) {
        String state = e.getSQLState();
        // PostgreSQL: 3D000 invalid catalog name; MySQL and MariaDB: error 1049, unknown database.
        return "3D000".equals(state) || e.getErrorCode() == 1049;
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** The first line of the deepest cause. */
    static String rootLine(Throwable e) {
        return StoreFailures.rootMessage(e);
    }

    /** The status an application instance would show for this row at this instant (fresh: it was just read). */
    private static MaintenanceStatus statusOf(StateRow row, Instant now) {
        Mode effective = row.mode();
        String effectiveMessage = row.message();
        Instant effectiveSince = row.since();
        Instant effectiveUntil = row.until();
        ScheduledWindow window = row.window() != null && row.window().end().isAfter(now) ? row.window() : null;
        if (window != null && window.isActiveAt(now) && window.mode().compareTo(row.mode()) > 0) {
            effective = window.mode();
            effectiveMessage = window.message();
            effectiveSince = window.start();
            effectiveUntil = window.end();
        }
        return new StatusValue(row.serviceName(), row.mode(), row.message(), row.since(), row.until(),
                row.version(), row.changedBy(), row.changedAt(), window, effective, effectiveMessage, effectiveSince,
                effectiveUntil, false, false, now, now);
    }

    /** A DataSource that hands out the one connection, and never closes it (the access does). */
    private static final class OneConnection implements DataSource {

        private final Connection connection;

        OneConnection(Connection connection) {
            this.connection = new KeptConnection(connection);
        }

        @Override
        public Connection getConnection() {
            return connection;
        }

        @Override
        public Connection getConnection(String username, String password) {
            return connection;
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // no log
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // connected already
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("no parent logger");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper of " + type.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
