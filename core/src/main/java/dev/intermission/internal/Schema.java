package dev.intermission.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.intermission.MaintenanceException;
import dev.intermission.SchemaMode;

/**
 * The library's own tables, without a migration tool: plain DDL per database, shipped as resources
 * ({@code dev/intermission/schema/<dialect>.sql}), and a recorded schema version so a later release can upgrade
 * them. Creation is idempotent ({@code CREATE TABLE IF NOT EXISTS}), so instances starting together are safe.
 *
 * <p>The script creates the tables of version 1 and then upgrades them, one block per later version, with
 * statements that change nothing when run again ({@code ADD COLUMN IF NOT EXISTS}; on MySQL, which lacks it, a
 * column already there is skipped): the same script creates new tables and upgrades those of earlier releases.
 */
public final class Schema {

    /** The version of the tables this release creates and needs: 2 added a scheduled window's notice time. */
    public static final int VERSION = 2;
    /** The columns added after version 1, each as {@code table base name, column}, checked by validation. */
    private static final List<List<String>> ADDED_COLUMNS = List.of(
            List.of("service_context", "window_notice"), List.of("service_context_history", "window_notice"));
    /** The component name under which the version is recorded. */
    static final String COMPONENT = "intermission";

    private static final System.Logger LOG = System.getLogger(Schema.class.getName());

    /** The databases whose DDL the library ships. */
    public enum Dialect {
        /** H2 2.x. */
        H2("h2", "H2"),
        /** PostgreSQL 12 and later. */
        POSTGRESQL("postgresql", "PostgreSQL"),
        /** MySQL 8 and MariaDB 10.5 and later. */
        MYSQL("mysql", "MySQL/MariaDB");

        private final String id;
        private final String label;

        Dialect(String id, String label) {
            this.id = id;
            this.label = label;
        }

        /**
         * Returns the database's name as a person reads it ({@code H2}, {@code PostgreSQL}, {@code MySQL/MariaDB}).
         *
         * @return the name
         */
        public String label() {
            return label;
        }

        /**
         * Returns the dialect's name as users write it ({@code h2}, {@code postgresql}, {@code mysql}).
         *
         * @return the name
         */
        public String id() {
            return id;
        }

        /**
         * Returns the dialect of a connection's database.
         *
         * @param c the connection
         * @return the dialect; PostgreSQL's DDL for databases it does not know
         * @throws SQLException when the metadata cannot be read
         */
        public static Dialect of(Connection c) throws SQLException {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("mysql") || product.contains("mariadb")) {
                return MYSQL;
            }
            return product.contains("h2") ? H2 : POSTGRESQL;
        }

        /**
         * Parses a dialect name.
         *
         * @param text {@code h2}, {@code postgresql} (or {@code postgres}), {@code mysql} (or {@code mariadb})
         * @return the dialect, or empty
         */
        public static Optional<Dialect> parse(String text) {
            String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "h2" -> Optional.of(H2);
                case "postgresql", "postgres" -> Optional.of(POSTGRESQL);
                case "mysql", "mariadb" -> Optional.of(MYSQL);
                default -> Optional.empty();
            };
        }
    }

    private Schema() {
    }

    /**
     * Returns the DDL that creates the library's tables on a database, with the prefix filled in.
     *
     * @param dialect the database
     * @param tables  the table names
     * @return the script, statements ending with {@code ;}
     */
    public static String ddl(Dialect dialect, Tables tables) {
        return script(Schema.class, "/dev/intermission/schema/", dialect, tables.prefix());
    }

    /**
     * Reads a DDL script shipped as a resource, one per database ({@code <folder><dialect>.sql}), with the table
     * prefix filled in: the library's and its modules' tables are made the same way.
     *
     * @param owner   the class whose loader has the resource
     * @param folder  the resource folder, with a leading and trailing {@code /}
     * @param dialect the database
     * @param prefix  the table prefix
     * @return the script, statements ending with {@code ;}
     */
    public static String script(Class<?> owner, String folder, Dialect dialect, String prefix) {
        String resource = folder + dialect.id() + ".sql";
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${prefix}", prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Applies a schema mode: creates what is missing, validates, or does nothing.
     *
     * @param db     the database
     * @param tables the table names
     * @param mode   what to do
     * @throws MaintenanceException naming what is missing, when validation fails or the tables are newer
     * @throws SQLException         when the database cannot be reached
     */
    public static void ensure(Db db, Tables tables, SchemaMode mode) throws SQLException {
        if (mode == SchemaMode.NONE) {
            return;
        }
        db.with(c -> {
            Optional<Integer> version = version(db, c, tables);
            if (version.isPresent() && version.get() > VERSION) {
                throw new MaintenanceException("the tables under '" + tables.prefix() + "' are at schema version "
                        + version.get() + ", newer than this release knows (" + VERSION + "); upgrade the library");
            }
            if (version.isPresent() && version.get() == VERSION) {
                return null;
            }
            if (mode == SchemaMode.VALIDATE) {
                validate(db, c, tables, version);
                return null;
            }
            Dialect dialect = Dialect.of(c);
            // PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against a concurrent creator (it can fail on a
            // duplicate type name): instances starting together take turns, and the later one finds it done.
            boolean locked = dialect == Dialect.POSTGRESQL;
            if (locked) {
                db.first(c, "SELECT pg_advisory_lock(?)", rs -> Boolean.TRUE, lockKey(tables));
            }
            try {
                Optional<Integer> now = locked ? version(db, c, tables) : version;
                if (now.isEmpty() || now.get() < VERSION) {
                    create(db, c, tables, dialect, now);
                }
            } finally {
                if (locked) {
                    if (!c.getAutoCommit()) {
                        c.rollback(); // after a failure, so that the unlock runs; after success, nothing to undo
                    }
                    db.first(c, "SELECT pg_advisory_unlock(?)", rs -> Boolean.TRUE, lockKey(tables));
                }
            }
            return null;
        });
    }

    /** The advisory lock that serializes creating or upgrading the tables under one prefix on PostgreSQL. */
    private static long lockKey(Tables tables) {
        return 0x496E_7465_726D_0000L ^ (tables.prefix().hashCode() & 0xFFFF_FFFFL);
    }

    private static void create(Db db, Connection c, Tables tables, Dialect dialect, Optional<Integer> version)
            throws SQLException {
        for (String statement : statements(ddl(dialect, tables))) {
            try (Statement s = c.createStatement()) {
                s.execute(statement);
            } catch (SQLException e) {
                // MySQL's ADD COLUMN has no IF NOT EXISTS: a column that is there (added by another instance,
                // or by hand) is what the statement wanted.
                if (!isDuplicateColumn(e)) {
                    throw e;
                }
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
        try {
            if (version.isPresent()) {
                db.update(c, "UPDATE " + tables.schemaVersion() + " SET version = ?, installed_at = ?"
                        + " WHERE component = ? AND version < ?", VERSION, Db.time(Instant.now()), COMPONENT,
                        VERSION);
                LOG.log(System.Logger.Level.INFO, "Upgraded Intermission''s tables from schema version {0} to "
                        + "{1} on {2}", version.get(), VERSION, dialect.id());
            } else {
                db.update(c, "INSERT INTO " + tables.schemaVersion() + " (component, version, installed_at)"
                        + " VALUES (?, ?, ?)", COMPONENT, VERSION, Db.time(Instant.now()));
                LOG.log(System.Logger.Level.INFO, "Created Intermission''s tables (schema version {0}) on {1}",
                        VERSION, dialect.id());
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            if (!Db.isContention(e)) {
                throw e;
            }
            // Another instance recorded the version first: the tables are there.
        }
    }

    /**
     * Checks, writing nothing, that the tables are there with every column this release reads: recorded at an
     * earlier version (or not recorded, when applied by hand) is enough when the columns are there.
     */
    private static void validate(Db db, Connection c, Tables tables, Optional<Integer> version) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String table : List.of(tables.serviceContext(), tables.history(), tables.migrationWindow(),
                tables.migrationLock(), tables.serviceInstance())) {
            if (!answers(db, c, "SELECT 1 FROM " + table + " WHERE 1 = 0")) {
                missing.add("table " + table);
            }
        }
        if (missing.isEmpty()) {
            for (List<String> added : ADDED_COLUMNS) {
                String table = tables.prefix() + added.get(0);
                if (!answers(db, c, "SELECT " + added.get(1) + " FROM " + table + " WHERE 1 = 0")) {
                    missing.add("column " + added.get(1) + " of " + table);
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        if (version.isPresent()) {
            throw new MaintenanceException("the library's tables under '" + tables.prefix() + "' are at schema "
                    + "version " + version.get() + " (table " + tables.schemaVersion() + "); this release needs "
                    + VERSION + " (missing: " + String.join(", ", missing) + "); apply the upgrade statements "
                    + "that 'intermission schema --print' prints (after 'Schema version " + VERSION + "'), or use "
                    + "SchemaMode.CREATE");
        }
        throw new MaintenanceException("the library's tables are missing or older than schema version " + VERSION
                + " (table " + tables.schemaVersion() + "; missing: " + String.join(", ", missing) + "); create "
                + "them with the DDL that 'intermission schema --print' prints, or use SchemaMode.CREATE");
    }

    /** Runs a query that returns no row: whether the database accepts it (its tables and columns exist). */
    private static boolean answers(Db db, Connection c, String sql) throws SQLException {
        try {
            db.first(c, sql, rs -> 1);
            return true;
        } catch (SQLException e) {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            if (isMissingTable(e) || isMissingColumn(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Reads the recorded version; empty when the table or its row is missing. */
    private static Optional<Integer> version(Db db, Connection c, Tables tables) throws SQLException {
        try {
            return db.first(c, "SELECT version FROM " + tables.schemaVersion() + " WHERE component = ?",
                    rs -> rs.getInt(1), COMPONENT);
        } catch (SQLException e) {
            if (isMissingTable(e)) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Returns whether a failure says a table does not exist.
     *
     * @param e the failure
     * @return whether it is a missing table
     */
    public static boolean isMissingTable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // PostgreSQL 42P01, MySQL/MariaDB and H2 42S02 (H2 1.x 42S02, 2.x 42S02/42S04).
                if (state.equals("42P01") || state.equals("42S02") || state.equals("42S04")
                        || sql.getErrorCode() == 42102 || sql.getErrorCode() == 1146) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Returns whether a failure says a column does not exist.
     *
     * @param e the failure
     * @return whether it is a missing column
     */
    public static boolean isMissingColumn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                // PostgreSQL 42703, H2 and MySQL/MariaDB 42S22 (H2's code 42122, MySQL's 1054).
                if (state.equals("42703") || state.equals("42S22") || sql.getErrorCode() == 42122
                        || sql.getErrorCode() == 1054) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a failure says a column that a statement adds is there already. */
    private static boolean isDuplicateColumn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                // PostgreSQL 42701, H2 and MySQL/MariaDB 42S21 (H2's code 42121, MySQL's 1060).
                if (state.equals("42701") || state.equals("42S21") || sql.getErrorCode() == 42121
                        || sql.getErrorCode() == 1060) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Splits a script into statements: drops comment lines, splits at semicolons that end a line.
     *
     * @param script the script
     * @return its statements, without their semicolons
     */
    public static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (t.endsWith(";")) {
                String s = current.toString().strip();
                statements.add(s.substring(0, s.length() - 1));
                current.setLength(0);
            }
        }
        return statements;
    }
}
