package dev.intermission.cli;

import static dev.intermission.cli.CliRunner.assertUsageError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.intermission.cli.CliRunner.Result;

/**
 * A usage error that picocli detects reads like the CLI's own: one line starting "error: " (never "error: Error:"),
 * naming the option as the operator writes it (never {@code --for=DURATION}), then the usage; exit 2.
 */
class UsageErrorMessagesTest {

    private static Result cli(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--jdbc-url", "jdbc:h2:mem:usage-errors"));
        all.addAll(List.of(args));
        return CliRunner.run(all.toArray(String[]::new));
    }

    private static void assertClean(Result r, String firstLine) {
        assertUsageError(r);
        String first = r.err().lines().findFirst().orElseThrow();
        assertEquals(firstLine, first, r.toString());
        assertFalse(first.substring("error: ".length()).toLowerCase(java.util.Locale.ROOT).startsWith("error"),
                r.toString());
    }

    @Test
    void mutuallyExclusiveOptions_namedOnceEachWithoutLabels() {
        assertClean(cli("enable", "--until", "2999-01-01T00:00:00Z", "--for", "30m"),
                "error: --until and --for cannot be used together: give only one");
    }

    @Test
    void repeatedOption_namedAndToldToGiveItOnce() {
        assertClean(cli("enable", "--for", "5m", "--for", "6m"), "error: --for: given more than once; give it once");
        assertClean(cli("history", "--limit", "3", "--limit", "4"),
                "error: --limit: given more than once; give it once");
    }

    @Test
    void missingOptionOrValue_namedWithWhatIsExpected() {
        assertClean(cli("schedule", "set", "--start", "now"), "error: missing required option: --end (TIME)");
        assertClean(cli("enable", "--for"), "error: --for: missing its value (DURATION)");
        assertClean(cli("migrate", "show"), "error: missing ID");
    }

    @Test
    void notANumber_namedAsAWholeNumber() {
        assertClean(cli("history", "--limit", "x"), "error: --limit: 'x' is not a whole number");
    }

    @Test
    void unknownWords_saidWhatTheyAre() {
        assertClean(cli("enable", "--bogus"), "error: unknown option '--bogus'");
        assertClean(cli("status", "extra"), "error: unexpected argument 'extra'");
        Result unknown = cli("nosuch");
        assertUsageError(unknown);
        String first = unknown.err().lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("error: unknown command 'nosuch'; commands: status, enable, disable, "), first);
        Result rootOption = cli("--bogus", "status");
        assertUsageError(rootOption);
        assertTrue(rootOption.err().lines().findFirst().orElseThrow().startsWith("error: unknown option '--bogus'"),
                rootOption.err());
        assertTrue(rootOption.err().contains("Usage: intermission [-hv]"), "the root's usage: " + rootOption);
    }
}
