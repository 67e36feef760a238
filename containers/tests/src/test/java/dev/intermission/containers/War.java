package dev.intermission.containers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One WAR: the webapp's own content, the WEB-INF/lib of its {@link Use} (as {@code mvn package} of its pom made
 * it, less the jars a set-up does without: {@link #without}), its case files (web.xml, context.xml,
 * jetty-env.xml) from src/test/webapps, and the JDBC driver when the container does not provide it. The case files
 * hold the addresses the documentation shows ({@code localhost:5432}); {@link #replace} swaps them for the test's
 * databases when the WAR is written.
 */
final class War {

    private final Use use;
    private final Map<String, Path> files = new LinkedHashMap<>();
    private final Map<String, String> replacements = new LinkedHashMap<>();
    private final List<String> leftOut = new ArrayList<>();
    private Path driver;

    private War(Use use) {
        this.use = use;
    }

    static War of(Use use) {
        return new War(use);
    }

    Use use() {
        return use;
    }

    /** Adds a case file, {@code source} relative to src/test/webapps. */
    War file(String pathInWar, String source) {
        Path path = Build.sources().resolve(source);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no case file " + path);
        }
        files.put(pathInWar, path);
        return this;
    }

    /** Leaves out of WEB-INF/lib the jars of its {@link Use} whose names start with one of these prefixes. */
    War without(String... jarNamePrefixes) {
        leftOut.addAll(List.of(jarNamePrefixes));
        return this;
    }

    /** Puts a JDBC driver into WEB-INF/lib. */
    War driver(Path jar) {
        this.driver = jar;
        return this;
    }

    /** Replaces a text in the case files when the WAR is written. */
    War replace(String text, String replacement) {
        replacements.put(text, replacement);
        return this;
    }

    /** The source of a case file, as the documentation shows it. */
    Path source(String pathInWar) {
        return files.get(pathInWar);
    }

    /** Writes the WAR file. */
    void writeTo(Path war) {
        Map<String, byte[]> entries = new TreeMap<>();
        addTree(entries, Build.webapp(), "");
        addTree(entries, Build.webappLibs(use), "WEB-INF/lib/");
        entries.keySet().removeIf(name -> name.startsWith("WEB-INF/lib/")
                && leftOut.stream().anyMatch(prefix -> name.startsWith("WEB-INF/lib/" + prefix)));
        if (driver != null) {
            entries.put("WEB-INF/lib/" + driver.getFileName(), bytes(driver));
        }
        files.forEach((name, source) -> {
            String text = Files2.read(source);
            for (Map.Entry<String, String> r : replacements.entrySet()) {
                text = text.replace(r.getKey(), r.getValue());
            }
            entries.put(name, text.getBytes(StandardCharsets.UTF_8));
        });
        Files2.createDirectories(war.getParent());
        Path partial = war.resolveSibling(war.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(java.util.zip.Deflater.BEST_SPEED);      // mostly jars, compressed already
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // Appears whole, so a container scanning its webapps directory never reads half a WAR.
            Files.move(partial, war, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addTree(Map<String, byte[]> entries, Path dir, String prefix) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                entries.put(prefix + dir.relativize(p).toString().replace('\\', '/'), bytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
