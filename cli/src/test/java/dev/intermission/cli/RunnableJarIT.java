package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.testing.Databases;

/**
 * The runnable jar as operators run it, in its own JVM: bundled drivers, exit codes through {@code System.exit},
 * a quiet standard error, and Ctrl-C during {@code migrate}.
 */
class RunnableJarIT {

    /** A generous bound on one run, so a hung process fails the test instead of the build. */
    private static final Duration BOUND = Duration.ofMinutes(2);
    private static final AtomicInteger FOLDERS = new AtomicInteger();

    @TempDir
    Path dir;

    private String url;

    @BeforeAll
    static void packaged() {
        // Failsafe runs this after 'package' and names the jar; a surefire run picked by a broad -Dtest skips it.
        Assumptions.assumeTrue(System.getProperty("intermission.cli.jar") != null, "runs after the jar is packaged");
    }

    @BeforeEach
    void database() {
        url = "jdbc:h2:file:" + dir.resolve("app") + ";AUTO_SERVER=TRUE";
        CliRunner.createTables(url, "sa");
    }

    static Path jar() {
        String jar = System.getProperty("intermission.cli.jar");
        assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "the runnable jar is built: " + jar);
        return Path.of(jar);
    }

    /** A process of the jar, its output read as it comes. */
    static final class Run {
        final Process process;
        final List<String> out = new CopyOnWriteArrayList<>();
        final List<String> err = new CopyOnWriteArrayList<>();
        private final List<Thread> readers = new ArrayList<>();

        Run(List<String> args) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", jar().toString()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().keySet().removeIf(k -> k.startsWith("INTERMISSION_"));
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            readers.add(read(process.getInputStream(), out));
            readers.add(read(process.getErrorStream(), err));
        }

        private static Thread read(InputStream stream, List<String> lines) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(read failed: " + e.getMessage() + ")");
                }
            });
            t.setDaemon(true);
            t.start();
            return t;
        }

        /** Waits until a line of standard output matches. */
        void awaitOut(Predicate<String> line) throws InterruptedException {
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (out.stream().noneMatch(line)) {
                if (!process.isAlive() && out.stream().noneMatch(line)) {
                    Thread.sleep(100);
                    if (out.stream().noneMatch(line)) {
                        fail("the process ended first: " + this);
                    }
                }
                if (System.nanoTime() > deadline) {
                    fail("no such line within " + BOUND + ": " + this);
                }
                Thread.sleep(10);
            }
        }

        /** Sends SIGINT, as Ctrl-C in a terminal does. */
        void interrupt() throws IOException, InterruptedException {
            assertFalse(ignoresCtrlC(), "the command ignores SIGINT, as every process does that a shell starts in "
                    + "the background without job control (nohup, 'cmd &' in a script): run the build in the "
                    + "foreground to test Ctrl-C");
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor());
        }

        /** Whether the process was started with SIGINT ignored (Linux's process status says; false elsewhere). */
        private boolean ignoresCtrlC() throws IOException {
            Path status = Path.of("/proc", Long.toString(process.pid()), "status");
            if (!Files.isReadable(status)) {
                return false;
            }
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 1)) != 0;
                }
            }
            return false;
        }

        int exit() throws InterruptedException {
            if (!process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("still running after " + BOUND + ": " + this);
            }
            for (Thread reader : readers) {
                reader.join(BOUND.toMillis());
            }
            return process.exitValue();
        }

        @Override
        public String toString() {
            return "\n--- out\n" + String.join("\n", out) + "\n--- err\n" + String.join("\n", err);
        }
    }

    private Run jar(String... args) {
        List<String> all = new ArrayList<>(List.of("--jdbc-url", url, "--user", "sa"));
        all.addAll(List.of(args));
        return new Run(all);
    }

    private Run finished(String... args) throws InterruptedException {
        Run run = jar(args);
        run.exit();
        return run;
    }

    /** A folder of application migrations. */
    private String migrations(String... scripts) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("migrations-" + FOLDERS.incrementAndGet()));
        for (int i = 0; i < scripts.length; i++) {
            Files.writeString(folder.resolve("V" + (i + 1) + "__step_" + (i + 1) + ".sql"), scripts[i]);
        }
        return "filesystem:" + folder;
    }

    private MaintenanceService open() {
        return Maintenance.newBuilder().jdbcUrl(url, "sa", null).build();
    }

    private int flywayRows() {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" "
                     + "WHERE \"success\" AND \"type\" IN ('SQL', 'JDBC')")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    // ---- the jar

    @Test
    void jar_bundlesTheThreeDriversAndFlywaysDatabasePlugins() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            assertEquals("dev.intermission.cli.MaintenanceCli", jar.getManifest().getMainAttributes()
                    .getValue("Main-Class"));
            String drivers = new String(jar.getInputStream(jar.getEntry("META-INF/services/java.sql.Driver"))
                    .readAllBytes(), StandardCharsets.UTF_8);
            for (String driver : List.of("org.h2.Driver", "org.postgresql.Driver", "org.mariadb.jdbc.Driver")) {
                assertTrue(drivers.contains(driver), driver + " in " + drivers);
            }
            ZipEntry plugins = jar.getEntry("META-INF/services/org.flywaydb.core.extensibility.Plugin");
            String listed = new String(jar.getInputStream(plugins).readAllBytes(), StandardCharsets.UTF_8);
            for (String plugin : List.of("PostgreSQLDatabaseType", "MySQLDatabaseType", "MariaDBDatabaseType")) {
                assertTrue(listed.contains(plugin), plugin + " in " + listed);
            }
        }
    }

    // ---- a quiet, scriptable command line

    @Test
    void successfulCommands_printNothingOnStandardError() throws Exception {
        Instant start = Instant.now().plus(Duration.ofDays(1));
        List<Run> runs = List.of(
                finished("status"),
                finished("enable", "--message", "Upgrading", "--for", "30m"),
                finished("status", "--json"),
                finished("history"),
                finished("schedule", "set", "--start", start.toString(), "--end", start.plusSeconds(600).toString()),
                finished("schedule", "cancel"),
                finished("disable"),
                finished("migrate", "--dry-run", "--location", migrations("CREATE TABLE a (id INT);")),
                finished("migrate", "--location", migrations("CREATE TABLE b (id INT);"), "--refresh-interval",
                        "100ms"),
                finished("migrate", "history"),
                finished("schema", "--print"),
                finished("help"));
        for (Run run : runs) {
            assertEquals(0, run.process.exitValue(), run.toString());
            assertEquals(List.of(), run.err, "nothing on standard error: " + run);
            assertFalse(run.out.isEmpty(), run.toString());
        }
        assertTrue(String.join("\n", runs.get(8).out).contains("migration succeeded"), runs.get(8).toString());
        assertEquals(1, flywayRows());
    }

    @Test
    void verbose_showsTheLibrarysLog() throws Exception {
        Run run = finished("migrate", "--verbose", "--location", migrations("CREATE TABLE c (id INT);"),
                "--refresh-interval", "100ms");
        assertEquals(0, run.process.exitValue(), run.toString());
        assertTrue(run.err.stream().anyMatch(l -> l.startsWith("INFO ")), "the library's INFO lines: " + run);
    }

    @Test
    void exitCodes_reachTheShell() throws Exception {
        Run off = finished("status", "--check");
        assertEquals(MaintenanceCli.EXIT_OK, off.process.exitValue(), off.toString());
        assertEquals(0, finished("enable").process.exitValue());
        Run on = finished("status", "--check");
        assertEquals(MaintenanceCli.EXIT_MAINTENANCE_ON, on.process.exitValue(), on.toString());
        assertEquals(List.of(), on.err);
        Run usage = finished("enable", "--for", "soon");
        assertEquals(MaintenanceCli.EXIT_USAGE, usage.process.exitValue(), usage.toString());
        assertTrue(usage.err.get(0).startsWith("error: --for: must be a duration"), usage.toString());
        Run help = new Run(List.of("--help"));
        assertEquals(0, help.exit(), help.toString());
        assertEquals(List.of(), help.err);
    }

    @Test
    void failure_oneLineFirstAndNoStackTraceUnlessVerbose() throws Exception {
        Path missing = dir.resolve("nowhere").resolve("app");
        Run run = new Run(List.of("--jdbc-url", "jdbc:h2:file:" + missing, "status"));
        assertEquals(MaintenanceCli.EXIT_FAILURE, run.exit(), run.toString());
        assertEquals(1, run.err.size(), run.toString());
        assertTrue(run.err.get(0).startsWith("error: no database at " + missing + ".mv.db"), run.toString());
        assertFalse(Files.exists(missing.getParent()), "nothing created");

        Run failedMigration = finished("migrate", "--location", migrations("CREATE TABLE d (id INT);",
                "INSERT INTO no_such_table VALUES (1);"), "--refresh-interval", "100ms");
        assertEquals(MaintenanceCli.EXIT_FAILURE, failedMigration.process.exitValue(), failedMigration.toString());
        assertEquals(1, failedMigration.err.size(), "one line, no stack trace: " + failedMigration);
        assertTrue(failedMigration.err.get(0).startsWith("error: migration failed: "), failedMigration.toString());

        Run verbose = new Run(List.of("--jdbc-url", "jdbc:h2:file:" + missing, "status", "--verbose"));
        assertEquals(MaintenanceCli.EXIT_FAILURE, verbose.exit(), verbose.toString());
        assertTrue(verbose.err.get(0).startsWith("error: no database at"), verbose.toString());
        assertTrue(verbose.err.stream().anyMatch(l -> l.startsWith("\tat ")), verbose.toString());
    }

    @Test
    void postgres_statusAndMigrateThroughTheBundledDriverAndPlugin() throws Exception {
        String pg = Databases.newPostgresDatabase();
        CliRunner.createTables(pg, "postgres");
        Run migrate = new Run(List.of("--jdbc-url", pg, "--user", "postgres", "migrate", "--location",
                migrations("CREATE TABLE e (id INT);"), "--refresh-interval", "100ms"));
        assertEquals(0, migrate.exit(), migrate.toString());
        assertEquals(List.of(), migrate.err);
        Run status = new Run(List.of("--jdbc-url", pg, "--user", "postgres", "status"));
        assertEquals(0, status.exit(), status.toString());
        assertTrue(status.out.get(0).startsWith("database:    " + pg), status.toString());
        assertTrue(status.out.contains("maintenance: off"), status.toString());
    }

    // ---- Ctrl-C during migrate

    @Test
    void ctrlC_beforeMigrating_stopsTheWindowThereSaysSoAndAppliesNothing() throws Exception {
        // Another instance still serving a request holds the window before it migrates: Ctrl-C arrives there.
        MaintenanceService busy = Maintenance.newBuilder().jdbcUrl(url, "sa", null)
                .refreshInterval(Duration.ofMillis(100)).build();
        busy.addInFlightRequests(() -> 1);
        Run run;
        try {
            run = jar("migrate", "--location", migrations("CREATE TABLE f (id INT);"), "--refresh-interval", "5s");
            run.awaitOut(l -> l.startsWith("migration window ") && l.contains(" started by "));
            run.interrupt();
        } finally {
            busy.close();   // its request ends: the window goes on, and stops before migrating as Ctrl-C asked
        }

        assertEquals(MaintenanceCli.EXIT_FAILURE, run.exit(), run.toString());
        assertTrue(run.err.get(0).startsWith("interrupted: the window stops before migrating (nothing applied); "
                + "maintenance stays on"), run.toString());
        assertTrue(run.err.stream().anyMatch(l -> l.startsWith("error: migration failed: interrupted by the "
                + "operator (Ctrl-C) before migrating")), run.toString());
        assertFalse(String.join("\n", run.out).contains("migrating:"), run.toString());
        assertTrue(flywayRows() <= 0, "nothing applied");
        try (MaintenanceService service = open()) {
            MigrationRecord window = MigrationHistory.of(service).recent(1).get(0);
            assertEquals(MigrationOutcome.FAILED, window.outcome(), window.toString());
            assertEquals(List.of(), window.applied());
            assertEquals(Mode.FULL, service.status().mode(), "stays on, as it said");
        }
    }

    @Test
    void ctrlC_whileMigrating_theMigrationsFinishAndTheWindowReopens() throws Exception {
        Run run = jar("migrate", "--location", migrations("CREATE ALIAS SLEEP FOR 'java.lang.Thread.sleep';\n"
                + "CALL SLEEP(3000);\nCREATE TABLE g (id INT);"), "--refresh-interval", "100ms");
        run.awaitOut(l -> l.startsWith("migrating: 1 pending"));

        run.interrupt();

        assertEquals(MaintenanceCli.EXIT_OK, run.exit(), run.toString());
        assertTrue(run.err.get(0).startsWith("interrupted: the migrations are running and will finish"),
                run.toString());
        assertTrue(run.out.stream().anyMatch(l -> l.startsWith("migration succeeded")), run.toString());
        assertEquals(1, run.err.size(), run.toString());
        assertEquals(1, flywayRows());
        assertTrue(run.out.get(run.out.size() - 1).equals("maintenance off"), run.toString());
        try (MaintenanceService service = open()) {
            assertEquals(MigrationOutcome.SUCCEEDED, MigrationHistory.of(service).recent(1).get(0).outcome());
            assertEquals(Mode.OFF, service.status().mode(), "reopened");
        }
    }
}
