package dev.intermission.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.intermission.cli.MaintenanceCli;

/**
 * Runs every command the REST, CLI and runbook pages show, against a real server (embedded Jetty with the admin
 * endpoint, and the filter in front of a small application) and a fresh H2 database per page, and checks the
 * output the page shows.
 */
class ConsoleExamplesTest {

    private static ConsoleExamples.Report run(String page) throws IOException {
        try (SampleServer server = SampleServer.start()) {
            ConsoleExamples examples = new ConsoleExamples(Map.of(
                    "URL", server.url(),
                    "TOKEN", SampleServer.TOKEN,
                    "SECRET", SampleServer.BYPASS_SECRET,
                    MaintenanceCli.JDBC_URL_ENV, server.jdbcUrl(),
                    MaintenanceCli.JDBC_USER_ENV, "sa",
                    MaintenanceCli.JDBC_PASSWORD_ENV, ""),
                    (args, out, err, env) -> new MaintenanceCli().run(args, out, err, env),
                    server::refresh);
            return examples.run(DocsPaths.docs().resolve(page));
        }
    }

    private static void assertAllMatch(ConsoleExamples.Report report, int atLeast) {
        assertEquals(List.of(), report.failures(), String.join("\n\n", report.failures()));
        assertTrue(report.commands() >= atLeast, "only " + report.commands() + " commands ran");
        assertTrue(report.checked() > 0, "no output was checked");
    }

    @Test
    void restApiPage_everyCurlAnswersAsShown() throws IOException {
        assertAllMatch(run("rest-api.md"), 15);
    }

    @Test
    void cliPage_everyCommandPrintsAsShown() throws IOException {
        assertAllMatch(run("cli.md"), 10);
    }

    @Test
    void runbookPage_everyCommandAnswersAsShown() throws IOException {
        assertAllMatch(run("runbook.md"), 5);
    }

    @Test
    void securityPage_everyRequestIsTreatedAsShown() throws IOException {
        assertAllMatch(run("security.md"), 14);
    }

    @Test
    void compare_wildcardsAndJson() {
        assertTrue(ConsoleExamples.textMatches("version <n>, at <time>", "version 3, at 2030-01-01T00:00:00Z"));
        assertFalse(ConsoleExamples.textMatches("version <n>", "revision 3"));
        assertEquals(null, ConsoleExamples.compare("{\"a\": \"<any>\", \"b\": 1}", "{\"a\":null,\"b\":1}"));
        assertTrue(ConsoleExamples.compare("{\"a\": 1}", "{\"a\":1,\"b\":2}") != null, "extra members differ");
        assertTrue(ConsoleExamples.compare("HTTP/1.1 503\nRetry-After: <s>", "HTTP/1.1 200\nRetry-After: 5\n\n")
                != null, "status differs");
    }

    @Test
    void compare_aLineOfThreeDotsStandsForAnyLines() {
        assertEquals(null, ConsoleExamples.compare("a\n...\nz", "a\nb\nc\nz"));
        assertEquals(null, ConsoleExamples.compare("...\nz", "z"));
        assertTrue(ConsoleExamples.compare("a\n...\nz", "a\nb") != null, "the last line must match");
    }

    @Test
    void jq_readsAPathOfNamesAndIndexes() {
        assertEquals("w1\n", ConsoleExamples.jq(".windows[0].id", "{\"windows\":[{\"id\":\"w1\"}]}"));
        assertEquals("2\n", ConsoleExamples.jq(".version", "{\"version\":2}"));
    }

    @Test
    void commandLineOutput_namesTheDatabaseThePageSet(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("page.md");
        Files.writeString(page, String.join("\n", "```console",
                "$ export INTERMISSION_JDBC_URL=jdbc:postgresql://db.internal:5432/orders",
                "$ export INTERMISSION_JDBC_USER=orders_admin",
                "$ intermission status",
                "database: jdbc:postgresql://db.internal:5432/orders as orders_admin",
                "```", ""));
        ConsoleExamples examples = new ConsoleExamples(Map.of("URL", "http://h",
                MaintenanceCli.JDBC_URL_ENV, "jdbc:h2:mem:t1", MaintenanceCli.JDBC_USER_ENV, "sa"),
                (args, out, err, env) -> {
                    // The command line always talks to the test's database, whatever the page exported.
                    out.println("database: " + env.get(MaintenanceCli.JDBC_URL_ENV) + " as "
                            + env.get(MaintenanceCli.JDBC_USER_ENV));
                    return 0;
                }, () -> { });
        ConsoleExamples.Report report = examples.run(page);
        assertEquals(List.of(), report.failures());
        assertEquals(1, report.checked());
    }

    @Test
    void words_splitLikeAShell() {
        ConsoleExamples examples = new ConsoleExamples(Map.of("URL", "http://h", "UNTIL", "2030-01-01T00:00:00Z"),
                (args, out, err, env) -> 0, () -> { });
        assertEquals(List.of("curl", "-d", "{\"until\": \"2030-01-01T00:00:00Z\"}", "http://h/x"),
                examples.words("curl -d '{\"until\": \"'\"$UNTIL\"'\"}' $URL/x   # comment"));
        assertEquals(List.of("a b", "c\"d"), examples.words("\"a b\" c\\\"d"));
    }

    /** Where the pages are. */
    static final class DocsPaths {
        private DocsPaths() {
        }

        static Path docs() {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (dir.resolve("docs/pom.xml").toFile().isFile()) {
                    return dir.resolve("docs");
                }
            }
            throw new IllegalStateException("cannot find docs/");
        }
    }
}
