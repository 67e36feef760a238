package dev.intermission.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;

import org.jdbi.v3.core.Jdbi;

import dev.intermission.Action;
import dev.intermission.HistoryEntry;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceException;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.ScheduledWindow;
import dev.intermission.VersionConflictException;
import dev.intermission.cli.MaintenanceCli;
import dev.intermission.internal.StateRow;
import dev.intermission.internal.StateTransitions;
import dev.intermission.internal.Tables;
import dev.intermission.internal.migration.MigrationStore;
import dev.intermission.migration.MigrationRecord;

/**
 * Every read and write of the library's tables that the CLI makes, in one shot on one connection: no pool, no
 * refresh thread, and nothing created. Opening checks that the database exists and holds the library's tables,
 * and says where it looked when it does not.
 *
 * <p>This is the one class to switch when core offers a one-shot state store; nothing else in the CLI reads or
 * writes the tables. Until then it reads and writes with the same SQL as the library's own repository, and
 * computes the next state with the library's own transitions.
 */
public final class StateAccess implements AutoCloseable {

    private static final String STATE_COLUMNS = "service_name, mode, message, since, expected_end, changed_by, "
            + "changed_at, version, window_start, window_end, window_mode, window_message";
    private static final String HISTORY_COLUMNS = "service_name, version, action, previous_mode, new_mode, message, "
            + "expected_end, window_start, window_end, window_mode, window_message, actor, origin, client_address, "
            + "changed_at";
    private static final int QUERY_TIMEOUT_SECONDS = 10;
    private static final int MAX_ATTEMPTS = 5;
    /** How many other service names a note about an unknown service lists. */
    private static final int MAX_SERVICES_LISTED = 10;

    private final Database database;
    private final Connection connection;
    private final Tables tables;
    private final String serviceName;

    private StateAccess(Database database, Connection connection, Tables tables, String serviceName) {
        this.database = database;
        this.connection = connection;
        this.tables = tables;
        this.serviceName = serviceName;
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
        Connection connection = connect(database);
        StateAccess access = new StateAccess(database, connection, new Tables(tablePrefix), serviceName);
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

    /**
     * Reads the state of the service as of now.
     *
     * @return the status; version 0 and off when the service has no row yet
     */
    public MaintenanceStatus status() {
        StateRow row = query("read the maintenance state", "SELECT " + STATE_COLUMNS + " FROM " + tables.serviceContext()
                + " WHERE service_name = ?", rs -> rs.next() ? stateRow(rs) : StateRow.initial(serviceName));
        return statusOf(row, Instant.now());
    }

    /**
     * Returns the names of the services recorded in this database, sorted, at most a few.
     *
     * @return the names
     */
    public List<String> services() {
        return query("read the service names", "SELECT service_name FROM " + tables.serviceContext()
                + " ORDER BY service_name", rs -> {
                    List<String> names = new ArrayList<>();
                    while (rs.next() && names.size() < MAX_SERVICES_LISTED) {
                        names.add(rs.getString(1));
                    }
                    return names;
                }, false, MAX_SERVICES_LISTED);
    }

    /**
     * Applies a change with the library's own rules (the same transaction, version check and history row as an
     * application instance).
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
        for (int attempt = 1; ; attempt++) {
            try {
                return statusOf(inTransaction(() -> applyOnce(change, now)), Instant.now());
            } catch (SQLException e) {
                if (attempt >= MAX_ATTEMPTS || !isRetryable(e)) {
                    throw failure("change the maintenance state", tables.serviceContext(), e);
                }
            }
        }
    }

    /**
     * One attempt, as the library's own repository makes it: lock the row (creating the version-zero row of a
     * service changed for the first time), check the expected version, write the next state with the version one
     * higher, and append the history row, in one transaction.
     */
    private StateRow applyOnce(MaintenanceChange change, Instant now) throws SQLException {
        StateRow current = lockRow();
        if (current == null) {
            // A concurrent first change makes this insert fail with a unique violation; the attempt is retried.
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + tables.serviceContext()
                    + " (service_name, maintenance, mode, version) VALUES (?, ?, ?, 0)")) {
                insert.setString(1, serviceName);
                insert.setBoolean(2, false);
                insert.setString(3, Mode.OFF.name());
                insert.executeUpdate();
            }
            current = lockRow();
        }
        if (change.expectedVersion().isPresent() && change.expectedVersion().getAsLong() != current.version()) {
            throw new VersionConflictException(serviceName, change.expectedVersion().getAsLong(), current.version());
        }
        StateRow next = StateTransitions.next(current, change, now);
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + tables.serviceContext()
                + " SET maintenance = ?, mode = ?, message = ?, since = ?, expected_end = ?, changed_by = ?,"
                + " changed_at = ?, version = ?, window_start = ?, window_end = ?, window_mode = ?,"
                + " window_message = ? WHERE service_name = ? AND version = ?")) {
            update.setBoolean(1, next.mode().isMaintenance());
            update.setString(2, next.mode().name());
            text(update, 3, next.message());
            time(update, 4, next.since());
            time(update, 5, next.until());
            text(update, 6, next.changedBy());
            time(update, 7, next.changedAt());
            update.setLong(8, next.version());
            window(update, 9, next.window());
            update.setString(13, serviceName);
            update.setLong(14, current.version());
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException(tables.serviceContext() + " row of '" + serviceName
                        + "' changed under its lock");
            }
        }
        try (PreparedStatement history = connection.prepareStatement("INSERT INTO " + tables.history()
                + " (" + HISTORY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            history.setString(1, serviceName);
            history.setLong(2, next.version());
            history.setString(3, change.action().name());
            history.setString(4, current.mode().name());
            history.setString(5, next.mode().name());
            text(history, 6, next.message());
            time(history, 7, next.until());
            window(history, 8, next.window());
            history.setString(12, change.actor());
            history.setString(13, change.origin().name());
            text(history, 14, change.clientAddress());
            time(history, 15, now);
            history.executeUpdate();
        }
        return next;
    }

    private StateRow lockRow() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + STATE_COLUMNS + " FROM "
                + tables.serviceContext() + " WHERE service_name = ? FOR UPDATE")) {
            select.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            select.setString(1, serviceName);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? stateRow(rs) : null;
            }
        }
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs work in one read-committed transaction on the connection; rolls back on any failure. */
    private <T> T inTransaction(Work<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void text(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    /** Writes an instant as the UTC wall time the library stores. */
    private static void time(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP);
        } else {
            statement.setObject(index, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    /** Writes a window's four columns from {@code index} on. */
    private static void window(PreparedStatement statement, int index, ScheduledWindow w) throws SQLException {
        time(statement, index, w == null ? null : w.start());
        time(statement, index + 1, w == null ? null : w.end());
        text(statement, index + 2, w == null ? null : w.mode().name());
        text(statement, index + 3, w == null ? null : w.message());
    }

    /** Unique violations (a concurrent first change), deadlocks and serialization failures are worth a retry. */
    private static boolean isRetryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("23") || state.equals("40001") || state.equals("40P01"))) {
                    return true;
                }
            }
        }
        return false;
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
        return query("read the maintenance history", "SELECT " + HISTORY_COLUMNS + " FROM " + tables.history()
                + " WHERE service_name = ? ORDER BY version DESC", rs -> {
                    List<HistoryEntry> entries = new ArrayList<>();
                    while (entries.size() < limit && rs.next()) {
                        entries.add(historyEntry(rs));
                    }
                    return entries;
                }, true, limit);
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
            return migrationStore().recent(serviceName, limit, Instant.now()).stream()
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
            return migrationStore().find(serviceName, id, Instant.now()).map(MigrationStore.StoredWindow::record);
        } catch (RuntimeException e) {
            throw failure("read the migration windows", tables.migrationWindow(), e);
        }
    }

    private MigrationStore migrationStore() {
        return new MigrationStore(Jdbi.create(new OneConnection(connection)), tables);
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
        boolean present;
        try (StateAccess probe = new StateAccess(database, connect(database), tables, serviceName)) {
            present = probe.has(tables.serviceContext()) && probe.has(tables.migrationWindow());
            if (!present && !createSchema) {
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
                    // Tables that are there are left alone, however they were created (the application, or
                    // 'schema --print' applied by hand).
                    .createSchema(!present)
                    .connectionTimeout(Duration.ofSeconds(5))
                    .refreshInterval(refreshInterval)
                    .build();
        } catch (RuntimeException e) {
            throw new CliFailure("cannot " + (present ? "read the maintenance state" : "create the library's tables")
                    + " in " + database.display() + ": " + rootLine(e), e);
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
                    + rootLine(e), e);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /** Whether a table can be read; a missing one is {@code false}, any other failure is reported. */
    private boolean has(String table) {
        try {
            probe(table);
            return true;
        } catch (CliFailure e) {
            if (e.getCause() instanceof SQLException sql && isMissingTable(sql)) {
                return false;
            }
            throw e;
        }
    }

    // ---- the library's schema

    /**
     * Returns the SQL that creates the library's tables on a database.
     *
     * @param dialect     the kind of database
     * @param tablePrefix the prefix of the table names
     * @return the statements, each ending with a semicolon
     */
    public static String ddl(Database.Dialect dialect, String tablePrefix) {
        String timestamp = dialect == Database.Dialect.MYSQL ? "DATETIME(3)" : "TIMESTAMP(3)";
        StringBuilder sql = new StringBuilder();
        for (String script : List.of("V1__service_context.sql", "V2__migration_windows.sql")) {
            String path = "dev/intermission/schema/" + script;
            try (InputStream in = Tables.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("the library's schema " + path + " is missing from the class path");
                }
                StringBuilder text = new StringBuilder();
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    // Comments about the placeholders make no sense once they are replaced.
                    if (!(line.strip().startsWith("--") && line.contains("${"))) {
                        text.append(line).append('\n');
                    }
                }
                sql.append(text.toString().replace("${prefix}", tablePrefix).replace("${timestamp}", timestamp)
                        .strip()).append("\n\n");
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the library's schema " + path + ": " + e.getMessage(), e);
            }
        }
        return sql.toString().strip() + "\n";
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
            return new CliFailure("database not found: " + where + ": " + firstLine(e) + hint, e);
        }
        return new CliFailure("cannot connect to " + where + ": " + firstLine(e) + hint, e);
    }

    /** Fails naming the table when it is missing; any other error is reported as it is. */
    private void probe(String table) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM " + table + " WHERE 1 = 0")) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            statement.executeQuery().close();
        } catch (SQLException e) {
            throw failure("read " + table, table, e);
        }
    }

    private CliFailure failure(String action, String table, Throwable e) {
        SQLException sql = sqlCause(e);
        if (sql != null && isMissingTable(sql)) {
            String hint = database.source() == Database.Source.DEFAULT ? defaultHint()
                    : "point at the application's database with --jdbc-url or " + MaintenanceCli.JDBC_URL_ENV
                            + " (and --table-prefix if it uses one); the application creates the tables when it "
                            + "starts, or apply the SQL that 'schema --print' shows";
            return new CliFailure("no Intermission tables in " + database.display() + " (looked for "
                    + table + (tables.prefix().isEmpty() ? "" : ", prefix '" + tables.prefix() + "'") + "): " + hint,
                    e);
        }
        if (sql != null && isConnectionFailure(e)) {
            return unreachable(database, sql);
        }
        return new CliFailure("cannot " + action + " in " + database.display() + ": " + rootLine(e), e);
    }

    private static String defaultHint() {
        return "no --jdbc-url or " + MaintenanceCli.JDBC_URL_ENV + " was given, so this is the default database; "
                + "point at the application's database with one of them";
    }

    private static boolean isMissingTable(SQLException e) {
        String state = e.getSQLState();
        // H2: 42S02/42S04 (42102/42104), MySQL and MariaDB: 42S02, PostgreSQL: 42P01.
        return state != null && (state.startsWith("42S0") || state.equals("42P01"));
    }

    private static boolean isMissingDatabase(SQLException e) {
        String state = e.getSQLState();
        // PostgreSQL: 3D000 invalid catalog name; MySQL and MariaDB: 42000 with error 1049 unknown database.
        return "3D000".equals(state) || e.getErrorCode() == 1049;
    }

    private static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    static String rootLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return firstLine(root);
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.strip().lines().findFirst().orElse(message).strip();
    }

    // ---- reading rows

    private interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String action, String sql, Rows<T> rows) {
        return query(action, sql, rows, true, 0);
    }

    /** Runs one query; a missing table is reported as the first table the query names. */
    private <T> T query(String action, String sql, Rows<T> rows, boolean bindService, int maxRows) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            statement.setMaxRows(maxRows);
            if (bindService) {
                statement.setString(1, serviceName);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rows.read(rs);
            }
        } catch (SQLException e) {
            throw failure(action, sql.replaceFirst("(?s).* FROM (\\S+).*", "$1"), e);
        }
    }

    private static StateRow stateRow(ResultSet rs) throws SQLException {
        return new StateRow(rs.getString("service_name"), Mode.valueOf(rs.getString("mode")), rs.getString("message"),
                instant(rs, "since"), instant(rs, "expected_end"), rs.getString("changed_by"),
                instant(rs, "changed_at"), rs.getLong("version"), window(rs));
    }

    private static HistoryEntry historyEntry(ResultSet rs) throws SQLException {
        return new HistoryEntry(rs.getString("service_name"), rs.getLong("version"),
                Action.valueOf(rs.getString("action")), Mode.valueOf(rs.getString("previous_mode")),
                Mode.valueOf(rs.getString("new_mode")), rs.getString("message"), instant(rs, "expected_end"),
                window(rs), rs.getString("actor"), Origin.valueOf(rs.getString("origin")),
                rs.getString("client_address"), instant(rs, "changed_at"));
    }

    private static ScheduledWindow window(ResultSet rs) throws SQLException {
        Instant start = instant(rs, "window_start");
        Instant end = instant(rs, "window_end");
        String mode = rs.getString("window_mode");
        if (start == null || end == null || mode == null) {
            return null;
        }
        return new ScheduledWindow(start, end, Mode.valueOf(mode), rs.getString("window_message"));
    }

    /** Reads a UTC wall-time column, as the library stores them. */
    private static Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    /** The status an application instance would show for this row at this instant (fresh: it was just read). */
    private MaintenanceStatus statusOf(StateRow row, Instant now) {
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
        return new MaintenanceStatus(row.serviceName(), row.mode(), row.message(), row.since(), row.until(),
                row.version(), row.changedBy(), row.changedAt(), window, effective, effectiveMessage, effectiveSince,
                effectiveUntil, false, now, now);
    }

    /** A DataSource that hands out the one connection, and never closes it (the access does). */
    private static final class OneConnection implements DataSource {

        private final Connection connection;

        OneConnection(Connection connection) {
            Connection target = connection;
            this.connection = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close") && method.getParameterCount() == 0) {
                            return null;
                        }
                        try {
                            return method.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
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
