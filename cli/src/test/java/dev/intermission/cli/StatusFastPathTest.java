package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.intermission.cli.CliRunner.Result;
import dev.intermission.testing.Databases;
import picocli.CommandLine.Command;

/**
 * {@code status} answers the same whether it runs on its short path (plain arguments, no picocli model) or through
 * the full command line (here forced by an application's own subcommand): output, exit status, errors.
 */
class StatusFastPathTest {

    private String url;

    @BeforeEach
    void database() {
        url = Databases.newH2Url();
        CliRunner.createTables(url, "sa");
    }

    /** A subcommand of the application's own: the full command line then builds every command. */
    @Command(name = "ping", description = "Answers pong.")
    static final class Ping implements Callable<Integer> {
        @Override
        public Integer call() {
            return 0;
        }
    }

    private void assertSame(String... args) {
        Result fast = CliRunner.run(new MaintenanceCli(), Map.of(), args);
        Result full = CliRunner.run(new MaintenanceCli().addSubcommand(context -> new Ping()), Map.of(), args);
        assertEquals(full.exit(), fast.exit(), fast + "\n" + full);
        assertEquals(full.out().replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "<time>")
                        .replaceAll("in \\S+\\)", "in <d>)"),
                fast.out().replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "<time>").replaceAll("in \\S+\\)", "in <d>)"));
        assertEquals(full.err(), fast.err());
    }

    @Test
    void plainStatus_sameAnswerOnBothPaths() {
        CliRunner.run(new MaintenanceCli(), Map.of(), "--jdbc-url", url, "--user", "sa", "--actor", "bob", "enable",
                "--message", "Back soon", "--for", "1h");

        assertSame("--jdbc-url", url, "--user", "sa", "status");
        assertSame("--jdbc-url=" + url, "--user=sa", "status", "--json");
        assertSame("--jdbc-url", url, "--user", "sa", "status", "--check");
        assertSame("status", "--jdbc-url", url, "--user", "sa", "--service", "billing");
    }

    @Test
    void errors_sameOnBothPaths() {
        assertSame("--jdbc-url", url, "--user", "sa", "status", "--service", "not a name");
        assertSame("--jdbc-url", "jdbc:h2:file:" + System.getProperty("java.io.tmpdir") + "/no-such-db-here",
                "status");
        assertSame("--jdbc-url", url, "--jdbc-url", url, "status");
        assertSame("--jdbc-url", url, "status", "--bogus");
        assertSame("status");
    }

    @Test
    void verbose_stillQuietOnSuccess() {
        Result r = CliRunner.run(new MaintenanceCli(), Map.of(), List.of("--jdbc-url", url, "--user", "sa", "-v",
                "status").toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("database:    " + url), r.out());
    }
}
