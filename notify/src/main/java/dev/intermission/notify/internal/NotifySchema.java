package dev.intermission.notify.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import dev.intermission.MaintenanceException;
import dev.intermission.SchemaMode;
import dev.intermission.internal.Db;
import dev.intermission.internal.Schema;

/**
 * The notification tables, without a migration tool: plain idempotent DDL per database, shipped as resources
 * ({@code dev/intermission/notify/schema/<dialect>.sql}), and their version recorded beside the library's own
 * (component {@value #COMPONENT}), so a later release can upgrade them.
 */
public final class NotifySchema {

    /** The version of the tables this release creates and needs. */
    public static final int VERSION = 1;
    /** The component name under which the version is recorded. */
    public static final String COMPONENT = "intermission-notify";

    private static final System.Logger LOG = System.getLogger(NotifySchema.class.getName());

    private NotifySchema() {
    }

    /**
     * Returns the DDL that creates the notification tables on a database, with the prefix filled in.
     *
     * @param dialect the database
     * @param tables  the table names
     * @return the script, statements ending with {@code ;}
     */
    public static String ddl(Schema.Dialect dialect, NotifyTables tables) {
        return Schema.script(NotifySchema.class, "/dev/intermission/notify/schema/", dialect, tables.prefix());
    }

    /**
     * Applies a schema mode to the notification tables: creates what is missing, checks they are there, or does
     * nothing. Two instances creating them at once is safe: a statement that loses the race is tried again.
     *
     * @param db     the database
     * @param tables the table names
     * @param mode   what to do
     * @throws MaintenanceException when validation fails
     * @throws SQLException         when the database cannot be reached
     */
    public static void ensure(Db db, NotifyTables tables, SchemaMode mode) throws SQLException {
        if (mode == SchemaMode.NONE) {
            return;
        }
        if (mode == SchemaMode.VALIDATE) {
            db.with(c -> {
                for (String table : List.of(tables.events(), tables.deliveries(), tables.attempts(), tables.facts())) {
                    try {
                        db.first(c, "SELECT 1 FROM " + table + " WHERE 1 = 0", rs -> 1);
                    } catch (SQLException e) {
                        if (Schema.isMissingTable(e)) {
                            throw new MaintenanceException("the notification table " + table + " is missing; create "
                                    + "the notification tables with the DDL shipped in the intermission-notify jar "
                                    + "(dev/intermission/notify/schema/), or use SchemaMode.CREATE");
                        }
                        throw e;
                    }
                }
                return null;
            });
            return;
        }
        try {
            create(db, tables);
        } catch (SQLException e) {
            // Another instance may have been creating the same tables ("already exists", a key violation in the
            // catalog): once more, a moment later, when they exist.
            try {
                Thread.sleep(100);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw e;
            }
            create(db, tables);
        }
    }

    private static void create(Db db, NotifyTables tables) throws SQLException {
        db.with(c -> {
            Schema.Dialect dialect = Schema.Dialect.of(c);
            for (String statement : Schema.statements(ddl(dialect, tables))) {
                try (Statement s = c.createStatement()) {
                    s.execute(statement);
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            recordVersion(db, c, tables, dialect);
            return null;
        });
    }

    private static void recordVersion(Db db, Connection c, NotifyTables tables, Schema.Dialect dialect)
            throws SQLException {
        try {
            if (db.first(c, "SELECT version FROM " + tables.schemaVersion() + " WHERE component = ?",
                    rs -> rs.getInt(1), COMPONENT).isPresent()) {
                return;
            }
            db.update(c, "INSERT INTO " + tables.schemaVersion() + " (component, version, installed_at)"
                    + " VALUES (?, ?, ?)", COMPONENT, VERSION, Db.time(Instant.now()));
            LOG.log(System.Logger.Level.INFO, "Created Intermission''s notification tables (version {0}) on {1}",
                    VERSION, dialect.id());
        } catch (SQLException e) {
            if (!Db.isContention(e) && !Schema.isMissingTable(e)) {
                throw e;
            }
            // Recorded by another instance first, or the library's version table is not there (schema mode NONE
            // for the core tables): the notification tables themselves exist, which is what matters here.
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        }
    }
}
