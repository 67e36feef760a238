package dev.intermission.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docs/containers.md shows what the container tests deploy: every file it shows stands verbatim in the file the
 * tests use, and every jar list is exactly what {@code mvn package} of its pom put into WEB-INF/lib.
 */
class ContainersDocTest {

    private static final Path PAGE = Build.root().resolve("docs/containers.md");
    /** A fenced block and the marker line before it, if any. */
    private static final Pattern BLOCK = Pattern.compile("(?:<!-- (file|jars): (\\S+) -->\\n)?```(\\w*)\\n(.*?)```",
            Pattern.DOTALL);

    private record Block(String kind, String target, String language, String text) {
    }

    private static List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files2.read(PAGE));
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2), m.group(3), m.group(4)));
        }
        return blocks;
    }

    @Test
    void everyFileShown_standsVerbatimInTheFileTheTestsUse() {
        List<String> wrong = new ArrayList<>();
        int files = 0;
        for (Block b : blocks()) {
            if (!"file".equals(b.kind())) {
                continue;
            }
            files++;
            Path file = Build.root().resolve(b.target());
            if (!Files.isRegularFile(file)) {
                wrong.add(b.target() + ": no such file");
            } else if (!containsVerbatim(Files2.read(file), b.text())) {
                wrong.add(b.target() + ": the page's block is not in the file, line for line:\n" + b.text());
            }
        }
        assertTrue(files >= 10, "the page shows the poms, web.xml, context.xml, jetty-env.xml and jetty.xml");
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyJarList_isWhatMvnPackageOfItsPomPutIntoWebInfLib() {
        Set<Use> listed = EnumSet.noneOf(Use.class);
        for (Block b : blocks()) {
            if (!"jars".equals(b.kind())) {
                continue;
            }
            Use use = Use.valueOf(b.target().toUpperCase(java.util.Locale.ROOT));
            listed.add(use);
            Set<String> shown = new TreeSet<>(b.text().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
            assertEquals(jarNames(Build.webappLibs(use)), shown, "the jar list of " + use + " on the page");
        }
        assertEquals(EnumSet.allOf(Use.class), listed, "a list for every use");
    }

    @Test
    void everyBlockButTheCommand_isCheckedAgainstAFile() {
        List<String> unchecked = new ArrayList<>();
        for (Block b : blocks()) {
            if (b.kind() == null && !b.language().equals("sh")) {
                unchecked.add(b.text().lines().findFirst().orElse(""));
            }
        }
        assertEquals(List.of(), unchecked, "blocks without a <!-- file: --> or <!-- jars: --> marker");
    }

    @Test
    void thePomsOfTheJarLists_nameThisVersionOfTheLibrary() {
        for (Use use : Use.values()) {
            String pom = Files2.read(Build.webappLibsPom(use));
            Matcher m = Pattern.compile("<artifactId>(intermission-[a-z]+)</artifactId>\\s*<version>([^<]+)</version>")
                    .matcher(pom);
            int found = 0;
            while (m.find()) {
                found++;
                assertEquals(Build.intermissionVersion(), m.group(2), use + ": " + m.group(1));
            }
            assertTrue(found > 0, use + " names the library");
        }
    }

    private static Set<String> jarNames(Path dir) {
        try (Stream<Path> jars = Files.list(dir)) {
            return new TreeSet<>(jars.map(p -> p.getFileName().toString()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the block's lines stand in the file one after the other, each exactly, but for one indentation the
     * file adds to all of them (a block shows part of a file without its outer indentation).
     */
    static boolean containsVerbatim(String file, String block) {
        List<String> lines = file.lines().toList();
        List<String> shown = block.lines().toList();
        for (int start = 0; start + shown.size() <= lines.size(); start++) {
            String first = lines.get(start);
            String indent = first.substring(0, Math.max(0, first.length() - shown.get(0).length()));
            if (!first.endsWith(shown.get(0)) || !indent.isBlank()) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < shown.size() && all; i++) {
                String expected = shown.get(i).isEmpty() ? "" : indent + shown.get(i);
                all = lines.get(start + i).stripTrailing().equals(expected.stripTrailing());
            }
            if (all) {
                return true;
            }
        }
        return false;
    }
}
