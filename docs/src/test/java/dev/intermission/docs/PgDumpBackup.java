package dev.intermission.docs;

// tag::pg-dump-hook[]
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.intermission.migration.MigrationContext;
import dev.intermission.migration.MigrationHook;
import dev.intermission.migration.MigrationPhase;

/**
 * Backs up the application's tables with pg_dump before a window migrates, and restores them with pg_restore
 * when a step fails after migrating began. The library's own tables are left out of the dump, so a restore never
 * rolls back the maintenance state, its history or the record of the window itself.
 */
public final class PgDumpBackup implements MigrationHook {

    /**
     * The library's tables: intermission_* covers the version of its tables and the notification tables. Put your
     * table prefix in front of each when you configured one.
     */
    private static final List<String> LIBRARY_TABLES = List.of("service_context", "service_context_history",
            "service_instance", "migration_window", "migration_lock", "intermission_*");

    private final String database;    // postgresql://user@host:5432/orders; the password from ~/.pgpass or PGPASSWORD
    private final Path directory;     // where the dumps go

    public PgDumpBackup(String database, Path directory) {
        this.database = database;
        this.directory = directory;
    }

    @Override
    public void beforeMigrate(MigrationContext context) throws Exception {
        run(dumpCommand(context));                      // a failure here fails the window before anything migrates
    }

    @Override
    public void onFailure(MigrationContext context, MigrationPhase phase, Throwable error) throws Exception {
        if (phase.compareTo(MigrationPhase.MIGRATE) >= 0) {   // the schema may have changed: put it back
            run(restoreCommand(context));
        }
    }

    public List<String> dumpCommand(MigrationContext context) {
        List<String> command = new ArrayList<>(List.of("pg_dump", "--format=custom",
                "--file=" + dumpFile(context), "--dbname=" + database));
        LIBRARY_TABLES.forEach(table -> command.add("--exclude-table=" + table));
        return command;
    }

    public List<String> restoreCommand(MigrationContext context) {
        return List.of("pg_restore", "--clean", "--if-exists", "--single-transaction",
                "--dbname=" + database, dumpFile(context).toString());
    }

    private Path dumpFile(MigrationContext context) {
        return directory.resolve(context.serviceName() + "-" + context.windowId() + ".dump");
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command.get(0) + " exited with " + process.exitValue());
        }
    }
}
// end::pg-dump-hook[]
