package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.intermission.cli.internal.Database;
import dev.intermission.testing.Databases;

/**
 * Runs the runbook's recovery from a half-applied migration (docs/runbook.md) on PostgreSQL and MariaDB, command
 * for command, and compares what the command line prints with the page. The page's H2 sequence runs in the docs
 * module against the example server; these blocks are fenced {@code console postgresql} and
 * {@code console mariadb}.
 */
class RunbookRecoveryTest {

    private static final Pattern BLOCK = Pattern.compile("```console (\\w+)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern WILDCARD = Pattern.compile("<[a-z][a-z ]*>");

    @Test
    void postgres_recoverySequenceOfThePage_printsAsShown() throws IOException {
        String url = Databases.newPostgresDatabase();
        runBlocks("postgresql", url, "postgres", "", "");
    }

    @Test
    void mariaDb_recoverySequenceOfThePage_printsAsShown() throws IOException {
        String url = Databases.mariaDbUrl();
        if (url == null) {
            System.err.println("*** MariaDB runbook test SKIPPED: " + Databases.MARIADB_URL_ENV
                    + " is not set (the CI script sets it) ***");
        }
        assumeTrue(url != null, "MariaDB test SKIPPED: set " + Databases.MARIADB_URL_ENV);
        runBlocks("mariadb", url, null, null, Databases.uniquePrefix());
    }

    private static void runBlocks(String database, String url, String user, String password, String prefix)
            throws IOException {
        Path page = docs().resolve("runbook.md");
        Matcher m = BLOCK.matcher(Files.readString(page));
        Session session = new Session(url, user, password, prefix);
        int blocks = 0;
        while (m.find()) {
            if (m.group(1).equals(database)) {
                session.run(m.group(2));
                blocks++;
            }
        }
        assertTrue(blocks > 0, "no 'console " + database + "' block in " + page);
        assertEquals(List.of(), session.failures, String.join("\n\n", session.failures));
        assertTrue(session.commands >= 4, "only " + session.commands + " commands ran");
    }

    /** One page's commands against one database: exported variables, the last exit status, the failures. */
    private static final class Session {
        private final String url;
        private final String user;
        private final String password;
        private final String prefix;
        private final Map<String, String> exported = new LinkedHashMap<>();
        private final List<String> failures = new ArrayList<>();
        private int lastExit;
        private int commands;

        Session(String url, String user, String password, String prefix) {
            this.url = url;
            this.user = user;
            this.password = password;
            this.prefix = prefix;
        }

        void run(String block) {
            List<String> lines = new ArrayList<>(block.lines().toList());
            int i = 0;
            while (i < lines.size()) {
                String command = lines.get(i++).substring(2);
                while (command.endsWith("\\") && i < lines.size()) {
                    command = command.substring(0, command.length() - 1) + " " + lines.get(i++).strip();
                }
                List<String> expected = new ArrayList<>();
                while (i < lines.size() && !lines.get(i).startsWith("$ ")) {
                    expected.add(lines.get(i++));
                }
                String actual = execute(command.strip());
                if (actual != null && !matches(expected, actual.lines().toList())) {
                    failures.add("$ " + command + "\n--- page\n" + String.join("\n", expected) + "\n--- printed\n"
                            + actual);
                }
            }
        }

        private String execute(String command) {
            if (command.startsWith("export ")) {
                String[] kv = command.substring("export ".length()).split("=", 2);
                exported.put(kv[0], kv[1].replace("\"", ""));
                return null;
            }
            if (command.equals("echo $?")) {
                return lastExit + "\n";
            }
            if (!command.startsWith("intermission ")) {
                throw new IllegalStateException("not a command this test runs: " + command);
            }
            commands++;
            List<String> args = new ArrayList<>(List.of("--table-prefix", prefix.isEmpty() ? "" : prefix));
            if (prefix.isEmpty()) {
                args.clear();
            }
            for (String word : command.substring("intermission ".length()).split("\\s+")) {
                args.add(word.replace("classpath:db/", "classpath:db/runbook/").replace("\"", ""));
            }
            Map<String, String> env = new LinkedHashMap<>();
            env.put(MaintenanceCli.JDBC_URL_ENV, url);
            if (user != null) {
                env.put(MaintenanceCli.JDBC_USER_ENV, user);
            }
            if (password != null) {
                env.put(MaintenanceCli.JDBC_PASSWORD_ENV, password);
            }
            Map<String, String> flyway = new LinkedHashMap<>(Map.of(
                    "flyway.locations", "classpath:db/runbook/migration",
                    "flyway.table", prefix + "flyway_schema_history",
                    "flyway.placeholders.p", prefix));
            if (!prefix.isEmpty()) {
                // A database shared with other tests holds their tables: start below V1 as an empty one would.
                flyway.put("flyway.baselineOnMigrate", "true");
                flyway.put("flyway.baselineVersion", "0");
            }
            MaintenanceCli cli = new MaintenanceCli().flywayConfiguration(flyway);
            CliRunner.Result r = CliRunner.run(cli, env, args.toArray(String[]::new));
            lastExit = r.exit();
            String shown = Database.of(url, user, password, Database.Source.ENVIRONMENT).display();
            String pageDatabase = exported.get(MaintenanceCli.JDBC_URL_ENV) + " as "
                    + exported.get(MaintenanceCli.JDBC_USER_ENV);
            String printed = (r.out() + r.err()).replace(shown, pageDatabase).replace("db/runbook/", "db/");
            if (!prefix.isEmpty()) {
                printed = printed.replace(prefix, "").replace(prefix.toUpperCase(Locale.ROOT), "");
            }
            return printed;
        }
    }

    /** Whether printed lines match the page's: {@code <name>} stands for any text, a line {@code ...} for any lines. */
    static boolean matches(List<String> expected, List<String> actual) {
        return matches(expected, 0, actual, 0);
    }

    private static boolean matches(List<String> expected, int e, List<String> actual, int a) {
        if (e == expected.size()) {
            return a == actual.size();
        }
        if (expected.get(e).strip().equals("...")) {
            for (int skip = a; skip <= actual.size(); skip++) {
                if (matches(expected, e + 1, actual, skip)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size() && lineMatches(expected.get(e), actual.get(a))
                && matches(expected, e + 1, actual, a + 1);
    }

    static boolean lineMatches(String expectedLine, String actual) {
        String expected = expectedLine.strip();
        StringBuilder regex = new StringBuilder();
        Matcher w = WILDCARD.matcher(expected);
        int last = 0;
        while (w.find()) {
            regex.append(Pattern.quote(expected.substring(last, w.start()))).append(".*?");
            last = w.end();
        }
        regex.append(Pattern.quote(expected.substring(last)));
        return actual.strip().matches(regex.toString()) || actual.strip().equals(expected);
    }

    @Test
    void matches_wildcardsAndSkippedLines() {
        assertTrue(lineMatches("window <id> started", "window 1234-ab started"));
        assertTrue(!lineMatches("version <n>", "revision 3"));
        assertTrue(matches(List.of("a", "...", "z"), List.of("a", "b", "c", "z")));
        assertTrue(!matches(List.of("a", "...", "z"), List.of("a", "b")));
    }

    private static Path docs() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (dir.resolve("docs/runbook.md").toFile().isFile()) {
                return dir.resolve("docs");
            }
        }
        throw new IllegalStateException("cannot find docs/runbook.md");
    }
}
