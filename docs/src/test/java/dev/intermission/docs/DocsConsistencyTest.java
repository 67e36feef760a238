package dev.intermission.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps the README and docs honest: every Java snippet stands line for line in tested code, every snippet that
 * names its source (a {@code <!-- snippet: File#tag -->} line before it, Java or web.xml) is that source's tagged
 * region line for line, the README lists every module, and every link into docs/ resolves.
 */
class DocsConsistencyTest {

    /** The project root: the nearest directory, from the working directory up, that holds {@code docs/pom.xml}. */
    private static final Path ROOT = projectRoot();
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/pom.xml")) && Files.isRegularFile(dir.resolve("README.md"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the project root (a directory with docs/pom.xml and README.md)");
    }

    private static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
        }
        return files;
    }

    private static List<List<String>> javaSources() throws IOException {
        List<List<String>> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/"))
                    .toList()) {
                sources.add(significantLines(Files.readString(file)));
            }
        }
        return sources;
    }

    /** Trimmed, non-blank lines: indentation may differ between a snippet and its source. */
    private static List<String> significantLines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static boolean containsRun(List<String> haystack, List<String> needle) {
        return java.util.Collections.indexOfSubList(haystack, needle) >= 0;
    }

    @Test
    void everyJavaSnippet_standsInTestedCode() throws IOException {
        List<List<String>> sources = javaSources();
        List<String> orphans = new ArrayList<>();
        int snippets = 0;
        for (Path md : markdownFiles()) {
            Matcher m = JAVA_BLOCK.matcher(Files.readString(md));
            while (m.find()) {
                snippets++;
                List<String> snippet = significantLines(m.group(1));
                if (sources.stream().noneMatch(source -> containsRun(source, snippet))) {
                    orphans.add(ROOT.relativize(md) + ": " + snippet.get(0));
                }
            }
        }
        assertTrue(snippets > 0, "no Java snippets found");
        assertEquals(List.of(), orphans, "snippets not found line for line in any source file");
    }

    @Test
    void everySnippetMarker_showsItsTaggedRegionLineForLine() throws IOException {
        Pattern marker = Pattern.compile("<!-- snippet: ([^#\\s]+)#([\\w-]+) -->\\n```[a-z]*\\n(.*?)```",
                Pattern.DOTALL);
        List<String> differing = new ArrayList<>();
        int markers = 0;
        for (Path md : markdownFiles()) {
            Matcher m = marker.matcher(Files.readString(md));
            while (m.find()) {
                markers++;
                Path file = testSource(m.group(1));
                List<String> region = file == null ? null : taggedRegion(Files.readAllLines(file), m.group(2));
                if (region == null || !region.equals(significantLines(m.group(3)))) {
                    differing.add(ROOT.relativize(md) + ": " + m.group(1) + "#" + m.group(2)
                            + (region == null ? " (no such file or tag)" : ""));
                }
            }
        }
        assertTrue(markers > 0, "no snippet markers found");
        assertEquals(List.of(), differing, "snippets that differ from the tagged region they name");
    }

    /** The file of the docs' tests (sources or resources) whose path ends with the given one. */
    private static Path testSource(String name) throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve("docs/src/test"))) {
            return files.filter(p -> p.endsWith(name) && Files.isRegularFile(p)).findFirst().orElse(null);
        }
    }

    /** The significant lines between {@code tag::name[]} and {@code end::name[]}, or {@code null}. */
    private static List<String> taggedRegion(List<String> lines, String tag) {
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("tag::" + tag + "[]")) {
                start = i + 1;
            } else if (start >= 0 && lines.get(i).contains("end::" + tag + "[]")) {
                return significantLines(String.join("\n", lines.subList(start, i)));
            }
        }
        return null;
    }

    @Test
    void readme_listsEveryModule() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher modules = Pattern.compile("<module>([^<]+)</module>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (modules.find()) {
            assertTrue(readme.contains("[`" + modules.group(1) + "/`](" + modules.group(1) + "/)"),
                    "README does not list module " + modules.group(1));
        }
    }

    @Test
    void linksIntoDocs_resolve() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path md : markdownFiles()) {
            Matcher link = Pattern.compile("\\]\\(([^)#:]+\\.md)(#[^)]*)?\\)").matcher(Files.readString(md));
            while (link.find()) {
                if (!Files.exists(md.getParent().resolve(link.group(1)))) {
                    broken.add(ROOT.relativize(md) + " -> " + link.group(1));
                }
            }
        }
        assertEquals(List.of(), broken);
        assertFalse(markdownFiles().isEmpty());
    }

    @Test
    void anchorsOfLinks_nameAHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        int anchors = 0;
        for (Path md : markdownFiles()) {
            Matcher link = Pattern.compile("\\]\\(([^)#:]*\\.md)?#([^)]+)\\)").matcher(Files.readString(md));
            while (link.find()) {
                anchors++;
                Path target = link.group(1) == null ? md : md.getParent().resolve(link.group(1));
                if (Files.exists(target) && !headingAnchors(target).contains(link.group(2))) {
                    broken.add(ROOT.relativize(md) + " -> " + (link.group(1) == null ? "" : link.group(1)) + "#"
                            + link.group(2));
                }
            }
        }
        assertTrue(anchors > 0, "no anchors found");
        assertEquals(List.of(), broken, "links to headings that do not exist");
    }

    /** The anchors a Markdown renderer gives the headings of a page: lower case, punctuation dropped, dashes. */
    private static List<String> headingAnchors(Path md) throws IOException {
        List<String> anchors = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(md)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            if (!fenced && line.matches("#{1,6} .*")) {
                String text = line.replaceFirst("#{1,6} ", "").strip().toLowerCase(java.util.Locale.ROOT);
                anchors.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
