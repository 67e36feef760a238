package dev.intermission.notify;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.SQLException;
import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.mariadb.jdbc.MariaDbDataSource;

import dev.intermission.testing.Databases;

/**
 * The notification contract on MariaDB or MySQL, where a server is reachable: set
 * {@value Databases#MARIADB_URL_ENV} to a JDBC URL with user and password (the CI script starts one). The database
 * is shared, so every table of a test has a prefix of its own. Without a server, every test here reports itself
 * skipped.
 */
class MariaDbNotificationTest extends NotificationContract {

    private static String url;
    private String prefix;

    @BeforeAll
    static void findServer() {
        url = Databases.mariaDbUrl();
        if (url == null) {
            System.err.println("*** MariaDB notification tests SKIPPED: " + Databases.MARIADB_URL_ENV
                    + " is not set (the CI script sets it) ***");
        }
    }

    @Override
    protected DataSource newDatabase() {
        assumeTrue(url != null, "MariaDB notification test SKIPPED: set " + Databases.MARIADB_URL_ENV);
        prefix = Databases.uniquePrefix();
        try {
            return new MariaDbDataSource(url);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected String prefix() {
        return prefix;
    }
}
