package dev.intermission.benchmarks.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Writes a benchmark's results as JSON into the results folder ({@code -Dresults.dir}, default target/results). */
public final class Results {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private Results() {
    }

    /**
     * Returns the mapper that writes and reads the results files (instants as ISO-8601 text).
     *
     * @return the shared mapper
     */
    public static ObjectMapper json() {
        return JSON;
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
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
