package dev.intermission.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intermission.migration.MigrationOutcome;
import dev.intermission.testing.LogCapture;

/** The example's settings say what they accept, and its home directory is created only where it says so. */
class ExampleSettingsTest {

    private static final String TOKEN = "example-admin-token-0123456789";

    @TempDir
    Path dir;

    private Map<String, String> env(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("INTERMISSION_HOME", home.toString());
        env.put("INTERMISSION_ADMIN_TOKEN", TOKEN);
        return env;
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "1", "0", "on", "y"})
    void migrateOnStart_otherThanTrueOrFalse_isRefusedNamingTheSetting(String value) {
        Map<String, String> env = env(dir);
        env.put("INTERMISSION_MIGRATE_ON_START", value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExampleConfig.fromEnvironment(env));
        assertEquals("INTERMISSION_MIGRATE_ON_START: must be true or false (in any case), was '" + value + "'",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", " True ", "false", "FALSE", "False"})
    void migrateOnStart_trueOrFalse_inAnyCase(String value) {
        Map<String, String> env = env(dir);
        env.put("INTERMISSION_MIGRATE_ON_START", value);
        assertEquals(Boolean.parseBoolean(value.trim()), ExampleConfig.fromEnvironment(env).migrateOnStart());
    }

    @Test
    void homeThatDoesNotExist_isCreatedAtStart_andSaidSoInOneInfoLine() throws Exception {
        Path home = dir.resolve("fresh-home");
        ExampleConfig config = ExampleConfig.fromEnvironment(env(home)).withPort(0);
        assertFalse(Files.exists(home), "reading the settings creates nothing");
        try (LogCapture log = LogCapture.of(ExampleApp.class);
             ExampleApp app = ExampleServer.newServer(config)) {
            assertEquals(MigrationOutcome.SUCCEEDED, app.startupMigration().orElseThrow().join().outcome());
            assertTrue(Files.isDirectory(home));
            assertTrue(Files.isRegularFile(ExampleConfig.defaultDatabaseFile(home)));
            List<String> created = log.linesContaining("INTERMISSION_HOME");
            assertEquals(List.of("INFO Created INTERMISSION_HOME " + home + ": it did not exist; the default "
                    + "database lives under it, in data/"), created, log.lines()::toString);
        }
        try (LogCapture log = LogCapture.of(ExampleApp.class);
             ExampleApp again = ExampleServer.newServer(ExampleConfig.fromEnvironment(env(home)).withPort(0))) {
            again.startupMigration().orElseThrow().join();
            assertEquals(List.of(), log.linesContaining("Created"), "an existing home is not news");
        }
    }

    @Test
    void homeWhoseParentDoesNotExist_isRefused_andNothingIsCreated() {
        Path home = dir.resolve("typo").resolve("home");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExampleConfig.fromEnvironment(env(home)));
        assertTrue(e.getMessage().startsWith("INTERMISSION_HOME: neither it nor its parent directory exists"),
                e.getMessage());
        assertFalse(Files.exists(home.getParent()));
    }
}
