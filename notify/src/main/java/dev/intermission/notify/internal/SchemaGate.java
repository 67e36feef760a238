package dev.intermission.notify.internal;

import java.sql.SQLException;

import dev.intermission.SchemaMode;
import dev.intermission.internal.Db;

/** Makes the notification tables ready once, on first use, for every part of one notifier. */
public final class SchemaGate {

    private final Db db;
    private final NotifyTables tables;
    private final SchemaMode mode;
    private volatile boolean ready;

    /**
     * Creates the gate.
     *
     * @param db     the database
     * @param tables the table names
     * @param mode   what to do with the tables
     */
    public SchemaGate(Db db, NotifyTables tables, SchemaMode mode) {
        this.db = db;
        this.tables = tables;
        this.mode = mode;
        this.ready = mode == SchemaMode.NONE;
    }

    /**
     * Makes the tables ready, unless done already.
     *
     * @throws SQLException when the database cannot be reached
     */
    public void ensure() throws SQLException {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (!ready) {
                NotifySchema.ensure(db, tables, mode);
                ready = true;
            }
        }
    }
}
