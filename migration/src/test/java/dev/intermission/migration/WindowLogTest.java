package dev.intermission.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.testing.Databases;
import dev.intermission.testing.LogCapture;

/** The log tells a window's story: each step that runs is one line, in order, naming the window and service. */
class WindowLogTest {

    private static final String RUNNER = "dev.intermission.migration.internal.WindowRunner";

    private static DataSource database(String kind) {
        return kind.equals("h2") ? Databases.newH2() : Databases.newPostgres();
    }

    /** The window's lines at INFO and above, with the window's id replaced by {@code ID}. */
    private static List<String> story(LogCapture log, String windowId) {
        List<String> lines = new ArrayList<>();
        for (String line : log.lines()) {
            if (!line.startsWith("DEBUG") && !line.startsWith("FINE")) {
                lines.add(line.replace(windowId, "ID"));
            }
        }
        return lines;
    }

    private static void assertStory(List<String> expected, List<String> actual) {
        assertEquals(expected.size(), actual.size(), () -> "one line per step: " + String.join("\n", actual));
        for (int i = 0; i < expected.size(); i++) {
            String line = actual.get(i);
            assertTrue(Pattern.compile(expected.get(i)).matcher(line).find(),
                    "line " + (i + 1) + " should match /" + expected.get(i) + "/: " + String.join("\n", actual));
        }
        assertEquals(actual.size(), actual.stream().distinct().count(), () -> "no line twice: " + actual);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aWindowThatSucceeds_logsOneInfoLinePerStep_inOrder(String kind) {
        DataSource ds = database(kind);
        MigrationHook hook = new MigrationHook() { };
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(ds)
                .refreshInterval(Duration.ofMillis(50)).build();
             LogCapture log = LogCapture.of(RUNNER)) {
            MigrationResult result = MigrationWindow.newBuilder(service, new SqlMigrator(ds)
                            .add("1", "CREATE TABLE items (id INT)").add("2", "ALTER TABLE items ADD name VARCHAR(20)"))
                    .propagationMargin(Duration.ofMillis(1)).addHook(hook).actor("deploy").build().run();

            assertEquals(MigrationOutcome.SUCCEEDED, result.outcome(), String.valueOf(result.error()));
            String w = "^INFO Migration window ID of 'default' ";
            assertStory(List.of(
                    w + "took the migration lock \\(lease until \\S+, renewed while it runs\\)$",
                    w + "started by deploy: 2 pending, version none to 2$",
                    w + "switched maintenance on \\(full, version \\d+\\)$",
                    w + "(waited a refresh interval plus 1 ms for version \\d+ to propagate|propagated version \\d+ "
                            + "to \\d+ instance)",
                    w + "drained: no request or job in flight on (this instance|\\d+ instance)",
                    w + "ran 1 before-migrate hook\\(s\\)$",
                    w + "migrating 2 migration\\(s\\), version none to 2$",
                    w + "validated the schema at version 2$",
                    w + "ran 1 after-migrate hook\\(s\\)$",
                    w + "reopened the service: maintenance off \\(version \\d+\\)$",
                    w + "succeeded: 2 applied, now at version 2$"), story(log, result.windowId()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aWindowThatFails_logsTheFailureOnce_andWhyMaintenanceStaysOn(String kind) {
        DataSource ds = database(kind);
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(ds)
                .refreshInterval(Duration.ofMillis(50)).build();
             LogCapture log = LogCapture.of(RUNNER)) {
            MigrationResult result = MigrationWindow.newBuilder(service, new SqlMigrator(ds)
                            .add("1", "CREATE TABLE items (id INT)").add("2", "ALTER TABLE no_such_table ADD x INT"))
                    .propagationMargin(Duration.ofMillis(1)).actor("deploy").build().run();

            assertEquals(MigrationOutcome.FAILED, result.outcome());
            String w = "^INFO Migration window ID of 'default' ";
            assertStory(List.of(
                    w + "took the migration lock",
                    w + "started by deploy: 2 pending",
                    w + "switched maintenance on \\(full, version \\d+\\)$",
                    w + "(waited a refresh interval|propagated version \\d+ to)",
                    w + "drained",
                    w + "migrating 2 migration\\(s\\)",
                    "^SEVERE Migration window ID of 'default' failed in MIGRATE: V2 failed: [^()]*$",
                    w + "left maintenance on \\(full, version \\d+\\) since it failed"), story(log, result.windowId()));
            assertTrue(log.lines().stream().noneMatch(l -> l.startsWith("INFO") && l.contains("reopened")));
        }
    }
}
