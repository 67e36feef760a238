package dev.intermission.flyway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.migration.MigrationFailedException;
import dev.intermission.testing.Databases;

/**
 * The reason of a failed migration is one complete line an operator reads: the script, the line, the database's
 * whole message and the statement, shortened; never Flyway's banner cut at its first line.
 */
class FailureTextTest {

    private final String prefix = Databases.uniquePrefix();

    @Test
    void h2_failedScript_reasonNamesScriptLineWholeMessageAndStatement() {
        String reason = failOn(Databases.newH2());

        assertEquals("V2__add_stock.sql failed at line 3: Table \"" + (prefix + "no_such_parts").toUpperCase(java.util.Locale.ROOT)
                + "\" not found (statement: ALTER TABLE " + prefix + "no_such_parts ADD COLUMN stock INT)", reason);
    }

    @Test
    void postgres_failedScript_reasonNamesScriptLineWholeMessageAndStatement() {
        String reason = failOn(Databases.newPostgres());

        assertEquals("V2__add_stock.sql failed at line 3: relation \"" + prefix + "no_such_parts\" does not exist "
                + "(statement: ALTER TABLE " + prefix + "no_such_parts ADD COLUMN stock INT)", reason);
    }

    @Test
    void h2Message_statementTakenFromTheMessageAndCodeDropped() {
        SQLException e = new SQLException("Column \"X\" not found; SQL statement:\nALTER TABLE t\n  ADD y INT [42122-224]");

        assertEquals("V4__priority.sql failed: Column \"X\" not found (statement: ALTER TABLE t ADD y INT)",
                FailureText.of("V4__priority.sql", new IllegalStateException("Migration failed", e)));
    }

    @Test
    void databaseWords_withoutConnectionNumbersSeveritiesAndPositions() {
        assertEquals("relation \"x\" does not exist", FailureText.databaseWords("ERROR: relation \"x\" does not exist"
                + "\n  Position: 13"));
        assertEquals("Table 'db.x' doesn't exist", FailureText.databaseWords("(conn=42) Table 'db.x' doesn't exist"));
    }

    @Test
    void longStatement_shortenedAtAWordWithDots() {
        String statement = "UPDATE orders SET " + "note = 'long text', ".repeat(20) + "id = id";
        String reason = FailureText.of("V5__x.sql", new SQLException("bad; SQL statement:\n" + statement));

        String quoted = reason.substring(reason.indexOf("(statement: ") + "(statement: ".length(), reason.length() - 1);
        assertTrue(quoted.length() <= FailureText.MAX_STATEMENT, quoted);
        assertTrue(quoted.startsWith("UPDATE orders SET note = 'long text',") && quoted.endsWith("..."), quoted);
    }

    @Test
    void leadingComments_leftOutOfTheStatement() {
        assertEquals("ALTER TABLE t ADD c INT", FailureText.withoutLeadingComments(
                "-- why\n/* more\n why */\nALTER TABLE t ADD c INT"));
    }

    private String failOn(DataSource dataSource) {
        FlywaySchemaMigrator migrator = (FlywaySchemaMigrator) FlywayMigrator.newBuilder()
                .dataSource(dataSource)
                .configuration(Map.of("flyway.placeholders.p", prefix, "flyway.baselineOnMigrate", "true",
                        "flyway.baselineVersion", "0"))
                .locations("classpath:db/failed-v1", "classpath:db/failed-half")
                .table(prefix + "history")
                .build();
        MigrationFailedException e = assertThrows(MigrationFailedException.class, migrator::migrate);
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }
}
