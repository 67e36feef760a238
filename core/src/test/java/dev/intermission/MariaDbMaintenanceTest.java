package dev.intermission;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import dev.intermission.testing.Databases;

/**
 * The contract on MariaDB or MySQL, where a server is reachable: set {@value Databases#MARIADB_URL_ENV} to a JDBC
 * URL with user and password (the CI script starts one). Without it, every test here reports itself skipped.
 */
class MariaDbMaintenanceTest extends MaintenanceContract {

    private static String url;

    @BeforeAll
    static void findServer() {
        url = Databases.mariaDbUrl();
        if (url == null) {
            System.err.println("*** MariaDB contract tests SKIPPED: " + Databases.MARIADB_URL_ENV
                    + " is not set (the CI script sets it) ***");
        }
    }

    @BeforeEach
    void requireServer() {
        assumeTrue(url != null, "MariaDB contract test SKIPPED: set " + Databases.MARIADB_URL_ENV);
    }

    @Override
    protected String jdbcUrl() {
        return url;
    }
}
