package dev.intermission.cli.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.intermission.MaintenanceStatus;
import dev.intermission.Origin;
import dev.intermission.cli.MaintenanceCli;
import dev.intermission.internal.Checks;
import dev.intermission.internal.Db;
import dev.intermission.internal.Json;
import dev.intermission.internal.OwnPool;
import dev.intermission.internal.ServiceContextRepository;
import dev.intermission.internal.StateRow;
import dev.intermission.internal.StoreFailures;
import dev.intermission.internal.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code repair}: rewrites a missing or corrupt state row from the history's last entry, through the library's
 * own repository, as the next version recorded in the history; says so, and writes nothing, when the row is fine.
 */
@Command(name = "repair", sortOptions = false,
        description = {"Rewrite a missing or corrupt state row (deleted, or an unknown mode written by hand) from "
                + "the history's last entry, as the next version, recorded in the history.",
            "Writes nothing when the row is fine."})
final class RepairCommand implements Callable<Integer> {

    private static final int STATEMENT_TIMEOUT_SECONDS = 10;

    @Option(names = "--json", description = "Print JSON: 'database', 'repaired', 'found' (what was wrong, or null), "
            + "then the status fields of 'status --json'.")
    boolean json;

    private final Commands.Root root;

    RepairCommand(Commands.Root root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        String[] checked = new String[1];
        Options.apply("--actor", () -> checked[0] = Checks.actor(root.actor()));
        String actor = checked[0];
        ServiceContextRepository.Repair repair;
        MaintenanceStatus status;
        // Opening the access checks that the database and the library's tables are there, and says where it looked.
        try (StateAccess access = root.access()) {
            Database database = access.database();
            try (OwnPool pool = OwnPool.open(database.connectUrl(), database.user(), database.password(), 2,
                    Duration.ofSeconds(5), "intermission-cli")) {
                ServiceContextRepository repository = new ServiceContextRepository(
                        new Db(pool.dataSource(), STATEMENT_TIMEOUT_SECONDS), new Tables(root.tablePrefix()));
                repair = repository.repair(root.serviceName(), actor, Origin.CLI,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS));
            } catch (SQLException e) {
                throw new CliFailure("cannot repair the maintenance state in " + database.display() + ": "
                        + StoreFailures.describe(e), e);
            }
            status = access.status();
        }
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("repaired", repair.found() != null);
            body.put("found", repair.found());
            body.putAll(Json.status(status));
            root.printJson(body);
            return MaintenanceCli.EXIT_OK;
        }
        root.printDatabase("database: ");
        StateRow row = repair.row();
        if (repair.found() == null) {
            root.out().println("nothing to repair for '" + status.serviceName() + "': " + (row.version() == 0
                    ? "no change recorded yet" : "the stored state is valid at version " + row.version()));
        } else {
            root.out().println("repaired '" + status.serviceName() + "': " + Text.oneLine(repair.found()));
            root.out().println("kept the history's last state, " + row.mode().externalName()
                    + (row.message() == null ? "" : " \"" + Text.oneLine(row.message()) + "\"") + ", as version "
                    + row.version() + " (in the history as a repair by " + Text.oneLine(actor) + ")");
        }
        return MaintenanceCli.EXIT_OK;
    }
}
