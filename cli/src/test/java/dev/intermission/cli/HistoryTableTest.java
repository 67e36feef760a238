package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.cli.CliRunner.Result;
import dev.intermission.testing.Databases;

/** {@code history}: an aligned table within 120 columns, everything with {@code --wide}. */
class HistoryTableTest {

    private String url;

    @BeforeEach
    void database() {
        url = Databases.newH2Url();
        CliRunner.createTables(url, "sa");
    }

    private Result cli(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(new String[] {"--jdbc-url", url, "--user", "sa"}, 0, all, 0, 4);
        System.arraycopy(args, 0, all, 4, args.length);
        return CliRunner.run(all);
    }

    @Test
    void history_newestFirstAlignedAndWithin120Columns() {
        String longMessage = "The database is being upgraded to the new schema; we expect to be back shortly, "
                + "thank you for your patience while we finish";
        String longActor = "deployment-pipeline-of-the-billing-team";
        assertEquals(0, cli("--actor", "a", "enable").exit());
        assertEquals(0, cli("--actor", "b", "disable").exit());
        assertEquals(0, cli("--actor", longActor, "enable", "--read-only", "--message", longMessage, "--for", "2h")
                .exit());
        Instant start = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        assertEquals(0, cli("schedule", "set", "--start", start.toString(), "--end",
                start.plus(Duration.ofHours(1)).toString(), "--message", "Planned").exit());

        Result r = cli("history");

        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("database: " + url + " as sa", lines.get(0));
        assertEquals("service:  default", lines.get(1));
        List<String> table = lines.subList(2, lines.size());
        assertEquals(5, table.size(), r.out());
        for (String line : table) {
            assertTrue(line.length() <= 120, line.length() + " columns: " + line);
        }
        String header = table.get(0);
        int at = header.indexOf("AT");
        int action = header.indexOf("ACTION");
        int mode = header.indexOf("MODE");
        int detail = header.indexOf("DETAIL");
        for (String row : table.subList(1, table.size())) {
            assertEquals(' ', row.charAt(at - 1), "aligned: " + row);
            assertTrue(Character.isDigit(row.charAt(at)), "time in the AT column: " + row);
            assertTrue(row.charAt(action - 1) == ' ' && row.charAt(action) != ' ', "aligned: " + row);
            assertTrue(row.charAt(mode - 1) == ' ' && row.charAt(mode) != ' ', "aligned: " + row);
        }
        assertTrue(table.get(1).matches(" *4  \\S+Z  schedule +full .*window " + start + " to .*"),
                "the window's mode, not the manual one: " + table.get(1));
        assertTrue(table.get(2).matches(" *3  .* enable +read-only +deployment-pi\\.\\.\\.  cli +The database is .*\\.\\.\\."),
                table.get(2));
        assertTrue(table.get(3).matches(" *2  .* disable +off +b +cli *"), table.get(3));
        assertTrue(detail > 0);
    }

    @Test
    void historyWide_showsEverythingWithTheAddress() {
        String longMessage = "m".repeat(300);
        try (MaintenanceService s = Maintenance.newBuilder().jdbcUrl(url, "sa", null).build()) {
            s.apply(MaintenanceChange.enable(Mode.FULL).message(longMessage).actor("console-user")
                    .origin(Origin.HTTP).clientAddress("203.0.113.9").build());
        }
        Result r = cli("history", "--wide");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("ADDRESS"), r.out());
        assertTrue(r.out().contains("203.0.113.9"), r.out());
        assertTrue(r.out().contains(longMessage), r.out());
        assertTrue(r.out().contains(" http "), r.out());
    }

    @Test
    void history_empty_saysSo() {
        Result r = cli("history");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().endsWith("no changes recorded for 'default'\n"), r.out());
    }

    @Test
    void historyJson_endpointShapeWithTheDatabase() {
        cli("--actor", "a", "enable", "--read-only");
        Result r = cli("history", "--json", "--limit", "5");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(url + " as sa", r.json().get("database").asText());
        assertEquals("read-only", r.json().get("entries").get(0).get("mode").asText());
        assertEquals("CLI", r.json().get("entries").get(0).get("origin").asText());
    }
}
