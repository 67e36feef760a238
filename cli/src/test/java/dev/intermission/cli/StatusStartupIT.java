package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a plain {@code status} run of the jar loads, read from the JVM's own class-loading log: none of the work
 * that a short command cannot afford at start (a generated proxy class, picocli's command model, Flyway, Jackson,
 * {@code java.util.logging} when nothing logs), and no class of the library compiled with string concatenation
 * that generates classes at its first use.
 */
class StatusStartupIT {

    @TempDir
    Path dir;

    @BeforeAll
    static void packaged() {
        Assumptions.assumeTrue(System.getProperty("intermission.cli.jar") != null, "runs after the jar is packaged");
    }

    @Test
    void status_loadsNoProxyNoCommandModelNoFlywayNoJacksonAndStartsNoLogging() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("app") + ";AUTO_SERVER=TRUE";
        CliRunner.createTables(url, "sa");
        Path log = dir.resolve("classes.txt");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load:file=" + log, "-jar", RunnableJarIT.jar().toString(), "--jdbc-url", url,
                "--user", "sa", "status");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("INTERMISSION_") || k.equals("JAVA_OPTS"));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "finished");
        assertEquals(0, p.exitValue(), Files.readString(err));
        assertEquals("", Files.readString(err), "nothing on standard error");
        assertTrue(Files.readString(out).contains("maintenance: off"), Files.readString(out));

        List<String> loaded = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            String[] words = line.split(" ");
            if (words.length > 1) {
                loaded.add(words[1]);
            }
        }
        assertTrue(loaded.contains("org.h2.Driver"), "the log lists the classes loaded: " + loaded.size());
        List<String> unwanted = loaded.stream()
                .filter(c -> c.contains("$Proxy") || c.equals("picocli.CommandLine")
                        || c.startsWith("picocli.CommandLine$Model$CommandSpec") || c.startsWith("org.flywaydb.")
                        || c.startsWith("com.fasterxml.") || c.equals("java.util.logging.LogManager"))
                .toList();
        assertEquals(List.of(), unwanted, "classes a plain status does not need");
    }

    @Test
    void theLibrarysClasses_useNoInvokedynamicStringConcatenation() throws IOException {
        List<String> offending = new ArrayList<>();
        try (JarFile jar = new JarFile(RunnableJarIT.jar().toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (e.getName().startsWith("dev/intermission/") && e.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(e)) {
                        String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                        if (constants.contains("makeConcatWithConstants")) {
                            offending.add(e.getName());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), offending, "classes whose first string concatenation generates classes");
    }
}
