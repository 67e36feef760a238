package dev.intermission.flyway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.intermission.testing.Databases;

/**
 * An application on PostgreSQL without {@code flyway-database-postgresql}: every call fails with a message that
 * names the artifact to add and the Flyway version to match, not with Flyway's "Unsupported Database". Runs in a
 * child JVM whose class path is this one's without the module.
 */
class NoDatabaseModuleTest {

    @TempDir
    Path dir;

    @Test
    void postgresWithoutItsModule_everyCallNamesTheArtifactToAdd() throws Exception {
        String version = flywayVersion();

        List<String> lines = runChild(Databases.newPostgresDatabase(), "dataSource");

        String start = "Flyway " + version + " cannot migrate ";
        String advice = " without its database module: add org.flywaydb:flyway-database-postgresql:" + version
                + " to the application, in the same version as flyway-core";
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertLine(lines.get(0), "plan: IllegalStateException: " + start, advice);
        assertLine(lines.get(1), "migrate: MigrationFailedException: " + start, advice + " (applied 0)");
        assertLine(lines.get(2), "validate: IllegalStateException: " + start, advice);
    }

    @Test
    void postgresUrlWithoutItsModule_buildNamesTheArtifactToAdd() throws Exception {
        String version = flywayVersion();

        List<String> lines = runChild(Databases.newPostgresDatabase(), "url");

        assertEquals(List.of("build: IllegalStateException: Flyway " + version + " cannot migrate a postgresql "
                + "database without its database module: add org.flywaydb:flyway-database-postgresql:" + version
                + " to the application, in the same version as flyway-core"), lines);
    }

    private static String flywayVersion() throws IOException {
        try (InputStream in = Flyway.class.getResourceAsStream("/org/flywaydb/core/internal/version.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    private static void assertLine(String line, String start, String end) {
        assertTrue(line.startsWith(start) && line.endsWith(end), line);
        String database = line.substring(start.length(), line.length() - end.length());
        assertTrue(database.matches("PostgreSQL [0-9.]+"), line);
    }

    private List<String> runChild(String url, String connections) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("flyway-database-postgresql")
                        && !entry.contains("flyway-database-cockroachdb"))
                .collect(Collectors.joining(File.pathSeparator));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = dir.resolve("child-stdout.txt");
        Path err = dir.resolve("child-stderr.txt");
        Process child = new ProcessBuilder(java, "-cp", classPath, NoDatabaseModuleMain.class.getName(), url,
                "postgres", connections)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child did not finish");
        assertEquals(0, child.exitValue(), Files.readString(err));
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }
}
