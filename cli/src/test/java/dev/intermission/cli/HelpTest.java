package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.intermission.cli.CliRunner.Result;

/** {@code --help} and {@code help}: exit 0 with the full usage, needing no database. */
class HelpTest {

    private static final List<String> EVERY_COMMAND = List.of("Usage: intermission [", "Usage: intermission status",
            "Usage: intermission enable", "Usage: intermission disable", "Usage: intermission history",
            "Usage: intermission schedule [", "Usage: intermission schedule set", "Usage: intermission schedule cancel",
            "Usage: intermission migrate [", "Usage: intermission migrate history", "Usage: intermission migrate show",
            "Usage: intermission schema");

    private static void assertEveryCommand(Result r) {
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err());
        for (String usage : EVERY_COMMAND) {
            assertTrue(r.out().contains(usage), usage + " in:\n" + r.out());
        }
    }

    @Test
    void helpOption_exit0WithTheUsageOfEveryCommand() {
        assertEveryCommand(CliRunner.run("--help"));
        assertEveryCommand(CliRunner.run("-h"));
    }

    @Test
    void helpCommand_exit0WithTheUsageOfEveryCommand() {
        Result r = CliRunner.run("help");
        assertEveryCommand(r);
        assertTrue(r.out().contains("Exit status: 0 success; 1 failure"), r.out());
        assertTrue(r.out().contains("3 maintenance is on (status --check)"), r.out());
        assertTrue(r.out().contains("--check"), r.out());
        assertTrue(r.out().contains("--wide"), r.out());
    }

    @Test
    void helpForOneCommand_showsItAndWhatIsUnderIt() {
        Result enable = CliRunner.run("help", "enable");
        assertEquals(0, enable.exit(), enable.toString());
        assertTrue(enable.out().startsWith("Usage: intermission enable"), enable.out());
        assertTrue(enable.out().contains("--read-only"), enable.out());
        assertFalse(enable.out().contains("Usage: intermission status"), enable.out());
        Result migrate = CliRunner.run("migrate", "--help");
        assertEquals(0, migrate.exit(), migrate.toString());
        assertTrue(migrate.out().contains("Usage: intermission migrate show"), migrate.out());
        Result nested = CliRunner.run("help", "schedule", "set");
        assertTrue(nested.out().startsWith("Usage: intermission schedule set"), nested.out());
        Result afterOptions = CliRunner.run("status", "--json", "--help");
        assertEquals(0, afterOptions.exit(), afterOptions.toString());
        assertTrue(afterOptions.out().startsWith("Usage: intermission status"), afterOptions.out());
    }

    @Test
    void helpAfterACommandThatHoldsOthers_showsIt() {
        Result migrate = CliRunner.run("migrate", "help");
        assertEquals(0, migrate.exit(), migrate.toString());
        assertTrue(migrate.out().startsWith("Usage: intermission migrate"), migrate.out());
        assertTrue(migrate.out().contains("Usage: intermission migrate show"), migrate.out());
        Result set = CliRunner.run("--service", "shop", "schedule", "help", "set");
        assertEquals(0, set.exit(), set.toString());
        assertTrue(set.out().startsWith("Usage: intermission schedule set"), set.out());
    }

    @Test
    void helpForAnUnknownCommand_usageError() {
        CliRunner.assertUsageError(CliRunner.run("help", "frobnicate"), "COMMAND: no command 'frobnicate'");
    }
}
