package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.intermission.Maintenance;

/** Runs the CLI through its embeddable entry point and captures what it printed. */
final class CliRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One invocation's exit status and output. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }

        /** Parses standard output as JSON. */
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }
    }

    private CliRunner() {
    }

    static Result run(MaintenanceCli cli, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Result(exit, out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"),
                err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    static Result run(Map<String, String> env, String... args) {
        return run(new MaintenanceCli(), env, args);
    }

    static Result run(String... args) {
        return run(Map.of(), args);
    }

    /** Creates the library's tables the way an application does when it starts. */
    static void createTables(String url, String user) {
        Maintenance.newBuilder().jdbcUrl(url, user, null).build().close();
    }

    /** A usage error or refused value: exit 2, the reason on the first line, no stack trace. */
    static void assertUsageError(Result r, String... expected) {
        assertEquals(MaintenanceCli.EXIT_USAGE, r.exit(), r.toString());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("error: "), r.toString());
        for (String e : expected) {
            assertTrue(first.contains(e), "'" + e + "' in the first line: " + r);
        }
        assertTrue(r.err().contains("Usage: intermission"), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
    }

    /** A failure: exit 1, one line on standard error, nothing on standard output. */
    static void assertFailure(Result r, String... expected) {
        assertEquals(MaintenanceCli.EXIT_FAILURE, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), "one line: " + r);
        assertTrue(r.err().startsWith("error: "), r.toString());
        for (String e : expected) {
            assertTrue(r.err().contains(e), "'" + e + "' in: " + r);
        }
        assertEquals("", r.out(), r.toString());
    }
}
