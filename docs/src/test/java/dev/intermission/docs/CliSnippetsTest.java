package dev.intermission.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.cli.CliContext;
import dev.intermission.cli.MaintenanceCli;
import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.testing.Databases;
import picocli.CommandLine.Command;

/** The Java code of docs/cli.md, line for line, run on H2. */
class CliSnippetsTest {

    /** An application's main that also serves as its operator tool. */
    static final class App {
        // tag::embed[]
        public static void main(String[] args) {
            if (args.length > 0 && args[0].equals("maintenance")) {      // java -jar app.jar maintenance status
                System.exit(maintenance(Arrays.copyOfRange(args, 1, args.length)));
            }
            // ... otherwise start the server
        }

        static int maintenance(String[] args) {
            return new MaintenanceCli().run(args, System.out, System.err, System.getenv());
        }
        // end::embed[]
    }

    // tag::subcommand[]
    @Command(name = "windows", description = "List the recent migration windows.")
    static final class WindowsCommand implements Callable<Integer> {
        private final CliContext context;

        WindowsCommand(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (MaintenanceService service = context.openService()) {
                for (MigrationRecord w : MigrationHistory.of(service).recent(10)) {
                    context.out().println(w.startedAt() + " " + w.outcome() + " " + w.versionBefore()
                            + " -> " + w.versionAfter() + " by " + w.actor());
                }
            }
            return MaintenanceCli.EXIT_OK;
        }
    }
    // end::subcommand[]

    @Test
    void embeddedMain_runsTheCommandLine() {
        String url = Databases.newH2Url();
        // The application has run once: its tables are there (the command line never creates them).
        Maintenance.newBuilder().jdbcUrl(url, "sa", "").build().close();
        String printed = CapturedOut.of(() -> assertEquals(MaintenanceCli.EXIT_OK,
                App.maintenance(new String[] {"--jdbc-url", url, "--user", "sa", "--actor", "alice", "enable"})));
        assertEquals(List.of("database: " + url + " as sa", "maintenance on (full) for 'default', version 1"),
                printed.lines().toList());
    }

    @Test
    void commandLine_refusesADatabaseWithoutTheTables_andCreatesNothing() throws Exception {
        String url = Databases.newH2Url();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new MaintenanceCli().run(new String[] {"--jdbc-url", url, "--user", "sa", "status"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
        assertEquals(MaintenanceCli.EXIT_FAILURE, status);
        assertEquals("", out.toString(StandardCharsets.UTF_8), "the reason goes to standard error");
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: no Intermission tables in " + url),
                err.toString(StandardCharsets.UTF_8));
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             ResultSet tables = c.getMetaData().getTables(null, null, "SERVICE_CONTEXT", null)) {
            assertFalse(tables.next(), "no table was created");
        }
    }

    @Test
    void extraSubcommand_readsTheWindows() {
        String url = Databases.newH2Url();
        try (MaintenanceService service = Maintenance.newBuilder().jdbcUrl(url, "sa", "")
                .refreshInterval(Duration.ofMillis(100)).build()) {
            MigrationWindow.newBuilder(service, FlywayMigrator.newBuilder()
                    .dataSource(Databases.newH2()).locations("classpath:db/migration").build())
                    .propagationMargin(Duration.ofMillis(10)).actor("deploy").build().run();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // tag::subcommand-register[]
        MaintenanceCli cli = new MaintenanceCli().addSubcommand(WindowsCommand::new);
        // end::subcommand-register[]
        int status = cli.run(new String[] {"windows"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(MaintenanceCli.JDBC_URL_ENV, url,
                        MaintenanceCli.JDBC_USER_ENV, "sa"));
        assertEquals(MaintenanceCli.EXIT_OK, status, err.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.strip().endsWith("SUCCEEDED null -> 2 by deploy"), printed);
    }
}
