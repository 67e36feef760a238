package dev.intermission.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.intermission.InvalidValueException;
import dev.intermission.cli.internal.Database;
import dev.intermission.internal.Schema;

/** How the CLI shows and opens the database it was given. */
class DatabaseTest {

    private static Database db(String url) {
        return Database.of(url, null, "pw", Database.Source.OPTION);
    }

    @Test
    void display_hidesPasswordsInEveryUrlForm() {
        assertEquals("jdbc:postgresql://db:5432/app?user=ops&password=***&ssl=true",
                db("jdbc:postgresql://db:5432/app?user=ops&password=hunter2&ssl=true").display());
        assertEquals("jdbc:h2:mem:x;USER=sa;PASSWORD=***", db("jdbc:h2:mem:x;USER=sa;PASSWORD=hunter2").display());
        assertEquals("jdbc:mariadb://ops:***@db/app", db("jdbc:mariadb://ops:hunter2@db/app").display());
        assertEquals("jdbc:postgresql://db/app as ops",
                Database.of("jdbc:postgresql://db/app", "ops", "hunter2", Database.Source.OPTION).display());
        assertEquals("jdbc:postgresql://db/app as ops",
                Database.of("jdbc:postgresql://db/app", "ops", "hunter2", Database.Source.OPTION).toString());
    }

    @Test
    void aDriversMessageThatQuotesThePassword_isPrintedWithThePasswordHidden() {
        // MariaDB's driver takes user:password@ for part of the host, and says so with the password in it.
        CliRunner.Result inUrl = CliRunner.run("--jdbc-url", "jdbc:mariadb://ops:hunter2@127.0.0.1:1/app", "status",
                "--json");
        assertEquals(1, inUrl.exit(), inUrl.toString());
        assertFalse(inUrl.out().contains("hunter2") || inUrl.err().contains("hunter2"), inUrl.toString());
        assertTrue(inUrl.err().startsWith("error: cannot connect to jdbc:mariadb://ops:***@127.0.0.1:1/app"),
                inUrl.toString());
        assertEquals(Database.of("jdbc:mariadb://127.0.0.1:1/app", "ops", "s3cret-pw", Database.Source.OPTION)
                .hide("Access denied for ops (using password 's3cret-pw') at jdbc:mariadb://127.0.0.1:1/app"),
                "Access denied for ops (using password '***') at jdbc:mariadb://127.0.0.1:1/app");
        assertEquals("refused: jdbc:h2:tcp://db/x;PASSWORD=*** (password ***)",
                db("jdbc:h2:tcp://db/x;PASSWORD=hunter2").hide("refused: jdbc:h2:tcp://db/x;PASSWORD=hunter2"
                        + " (password hunter2)"));
    }

    @Test
    void aUrlThatIsNoJdbcUrl_isRefusedWithItsPasswordHidden() {
        CliRunner.Result r = CliRunner.run("--jdbc-url", "mysql://ops:hunter2@db/app", "status");
        assertEquals(2, r.exit(), r.toString());
        assertFalse(r.out().contains("hunter2") || r.err().contains("hunter2"), r.toString());
        assertTrue(r.err().contains("mysql://ops:***@db/app"), r.toString());
    }

    @Test
    void h2File_resolvedAgainstTheWorkingDirectoryOrHome() {
        String cwd = System.getProperty("user.dir");
        assertEquals(Path.of(cwd, "data", "intermission").toString(),
                db("jdbc:h2:file:./data/intermission;AUTO_SERVER=TRUE").h2File());
        assertEquals(Path.of(cwd, "data", "x").toString(), db("jdbc:h2:./data/x").h2File());
        assertEquals(Path.of(System.getProperty("user.home"), "db").toString(), db("jdbc:h2:~/db").h2File());
        assertEquals("/srv/app/db", db("jdbc:h2:file:/srv/app/db").h2File());
        assertNull(db("jdbc:h2:mem:x").h2File());
        assertNull(db("jdbc:h2:tcp://localhost/~/x").h2File());
        assertNull(db("jdbc:postgresql://db/app").h2File());
        assertEquals("jdbc:h2:file:./data/db (" + Path.of(cwd, "data", "db") + ")",
                db("jdbc:h2:file:./data/db").display());
    }

    @Test
    void connectUrl_opensAnEmbeddedFileOnlyIfItExistsAndLeavesCompactingToTheApplication() {
        assertEquals("jdbc:h2:file:/srv/db;AUTO_SERVER=TRUE;IFEXISTS=TRUE;MAX_COMPACT_TIME=0",
                db("jdbc:h2:file:/srv/db;AUTO_SERVER=TRUE").connectUrl());
        assertEquals("jdbc:h2:file:/srv/db;IFEXISTS=FALSE;MAX_COMPACT_TIME=0",
                db("jdbc:h2:file:/srv/db;IFEXISTS=FALSE").connectUrl());
        assertEquals("jdbc:h2:file:/srv/db;MAX_COMPACT_TIME=50;IFEXISTS=TRUE",
                db("jdbc:h2:file:/srv/db;MAX_COMPACT_TIME=50").connectUrl());
        assertEquals("jdbc:h2:mem:x", db("jdbc:h2:mem:x").connectUrl());
        assertEquals("jdbc:postgresql://db/app", db("jdbc:postgresql://db/app").connectUrl());
    }

    @Test
    void of_notAJdbcUrl_refusedNamingTheSource() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> Database.of("postgres://db/app?password=x", null, null, Database.Source.ENVIRONMENT));
        assertEquals(MaintenanceCli.JDBC_URL_ENV, e.field());
        assertEquals("postgres://db/app", e.value());
    }

    @Test
    void dialect_fromTheUrl() {
        assertEquals(Schema.Dialect.H2, db("jdbc:h2:mem:x").dialect());
        assertEquals(Schema.Dialect.POSTGRESQL, db("jdbc:postgresql://db/app").dialect());
        assertEquals(Schema.Dialect.MYSQL, db("jdbc:mariadb://db/app").dialect());
        assertEquals(Schema.Dialect.MYSQL, db("jdbc:mysql://db/app").dialect());
        assertNull(db("jdbc:sqlite:app.db").dialect());
    }
}
