package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher beside the runnable jar ({@code target/intermission}): its first run writes the class-data-sharing
 * archive, later runs use it, a jar newer than the archive has it written again, and every run answers as the
 * jar does, with nothing on standard error.
 */
class LauncherIT {

    @TempDir
    Path dir;

    @BeforeAll
    static void packaged() {
        Assumptions.assumeTrue(System.getProperty("intermission.cli.jar") != null, "runs after the jar is packaged");
    }

    private record Answer(int exit, String out, String err) {
    }

    private Answer run(Path launcher, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("INTERMISSION_") || k.equals("JAVA_OPTS"));
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "finished");
        return new Answer(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void firstRunWritesTheArchive_laterRunsUseIt_aNewerJarHasItWrittenAgain() throws Exception {
        Path jar = Path.of(System.getProperty("intermission.cli.jar"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path copy = Files.copy(jar, bin.resolve("intermission-cli.jar"));
        Path launcher = Files.copy(jar.resolveSibling("intermission"), bin.resolve("intermission"),
                StandardCopyOption.COPY_ATTRIBUTES);
        Path archive = bin.resolve("intermission-cli.jsa");
        String url = "jdbc:h2:file:" + dir.resolve("app");
        CliRunner.createTables(url, "sa");

        Answer first = run(launcher, Map.of(), "--jdbc-url", url, "--user", "sa", "status");
        assertEquals(0, first.exit(), first.toString());
        assertEquals("", first.err());
        assertTrue(first.out().startsWith("database:    " + url + " as sa"), first.out());
        assertTrue(Files.isRegularFile(archive), "the first run wrote the archive");

        Answer second = run(launcher, Map.of(), "--jdbc-url", url, "--user", "sa", "status");
        assertEquals(first, second, "the same answer with the archive");

        Answer off = run(launcher, Map.of("INTERMISSION_CDS", "off"), "--jdbc-url", url, "--user", "sa", "status");
        assertEquals(first, off, "the same answer without it");

        FileTime written = Files.getLastModifiedTime(archive);
        Files.setLastModifiedTime(copy, FileTime.fromMillis(written.toMillis() + 60_000));
        Answer afterUpdate = run(launcher, Map.of(), "--jdbc-url", url, "--user", "sa", "status");
        assertEquals(first, afterUpdate);
        assertTrue(Files.getLastModifiedTime(archive).compareTo(written) > 0, "written again for the newer jar");

        Answer usage = run(launcher, Map.of(), "--jdbc-url", url, "status", "--bogus");
        assertEquals(MaintenanceCli.EXIT_USAGE, usage.exit(), usage.toString());
        assertTrue(usage.err().startsWith("error: unknown option '--bogus'"), usage.err());
    }
}
