package dev.intermission.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A container's own log files read as the operator would: Tomcat's catalina.out (the console, where the library's
 * lines and the container's warnings go) with localhost.DATE.log (where Tomcat puts a webapp's failed start), the
 * Jetty process's output. Lines written after a mark, and waiting for a line to appear.
 */
final class ContainerLog {

    /** A position in the log: only lines written after it are read. */
    record Mark(Map<Path, Long> offsets) {
    }

    private final Path dir;
    private final Pattern files;
    private final Path main;

    /**
     * A log of the files in {@code dir} whose names match {@code files}, the main one (the console) first.
     */
    ContainerLog(Path main, String files) {
        this.main = main;
        this.dir = main.getParent();
        this.files = Pattern.compile(files);
    }

    /** The console log (catalina.out, jetty.log). */
    Path file() {
        return main;
    }

    private List<Path> files() {
        List<Path> result = new ArrayList<>();
        result.add(main);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(p -> !p.equals(main) && files.matcher(p.getFileName().toString()).matches()).sorted()
                        .forEach(result::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return result;
    }

    /** The end of every log file now. */
    Mark mark() {
        Map<Path, Long> offsets = new HashMap<>();
        for (Path f : files()) {
            try {
                offsets.put(f, Files.exists(f) ? Files.size(f) : 0L);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Mark(offsets);
    }

    /** The start of the log. */
    static Mark start() {
        return new Mark(Map.of());
    }

    /** Every line written so far. */
    List<String> lines() {
        return linesSince(start());
    }

    /** Every line written so far that matches. */
    List<String> lines(Predicate<String> matching) {
        return linesSince(start(), matching);
    }

    /** The lines written after the mark, file by file. */
    List<String> linesSince(Mark mark) {
        List<String> lines = new ArrayList<>();
        for (Path f : files()) {
            if (!Files.exists(f)) {
                continue;
            }
            try {
                byte[] all = Files.readAllBytes(f);
                int from = (int) Math.min(mark.offsets().getOrDefault(f, 0L), all.length);
                new String(all, from, all.length - from, StandardCharsets.UTF_8).lines().forEach(lines::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }

    /** The lines written after the mark that match. */
    List<String> linesSince(Mark mark, Predicate<String> matching) {
        return linesSince(mark).stream().filter(matching).toList();
    }

    /**
     * Waits until a line written after the mark matches, and returns it.
     *
     * @throws AssertionError with the log's tail when none appears in time
     */
    String await(Mark mark, Predicate<String> matching, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : linesSince(mark)) {
                if (matching.test(line)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line " + what + " in " + dir + "; its last lines:\n" + tail(mark));
            }
            Waits.pause();
        }
    }

    /** The last 60 lines after the mark, for failure messages. */
    String tail(Mark mark) {
        List<String> lines = linesSince(mark);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
