package dev.intermission.benchmarks.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;


/** Writes a benchmark's results as JSON into the results folder ({@code -Dresults.dir}, default target/results). */
public final class Results {

    private Results() {
    }

    /**
     * Returns the results folder, creating it.
     *
     * @return the folder
     */
    public static Path dir() {
        Path dir = Path.of(System.getProperty("results.dir", "target/results"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }

    /**
     * Writes one result file.
     *
     * @param name   the file name without extension
     * @param result a tree of maps, lists and values
     * @return the file written
     */
    public static Path write(String name, Object result) {
        Path file = dir().resolve(name + ".json");
        try {
            Files.writeString(file, new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules().writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
