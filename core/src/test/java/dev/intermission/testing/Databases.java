package dev.intermission.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Real databases for tests: H2 in memory, one embedded PostgreSQL server per test JVM (started on first use,
 * about 4 s, stopped at exit), and MariaDB where a server is reachable.
 */
public final class Databases {

    /** The environment variable naming a MariaDB/MySQL JDBC URL (with user and password) for tests. */
    public static final String MARIADB_URL_ENV = "INTERMISSION_TEST_MARIADB_URL";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private Databases() {
    }

    /** Returns a fresh, empty H2 in-memory database that lives until the JVM exits. */
    public static DataSource newH2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(newH2Url());
        ds.setUser("sa");
        return ds;
    }

    /** Returns a JDBC URL of a fresh, empty H2 in-memory database that lives until the JVM exits. */
    public static String newH2Url() {
        return "jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    }

    /** Returns the shared embedded PostgreSQL server, starting it on first use. */
    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return postgres;
    }

    /** Creates a fresh database on the shared PostgreSQL server and returns its JDBC URL (user postgres). */
    public static String newPostgresDatabase() {
        String name = "t" + COUNTER.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = postgres().getPostgresDatabase().getConnection()) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return postgres().getJdbcUrl("postgres", name);
    }

    /** Returns a DataSource on a fresh PostgreSQL database. */
    public static DataSource newPostgres() {
        return postgres().getDatabase("postgres", newPostgresDatabase().replaceAll(".*/([^?]+).*", "$1"));
    }

    /**
     * Returns the MariaDB/MySQL URL from {@value #MARIADB_URL_ENV}, or {@code null} when it is not set.
     *
     * @throws IllegalStateException when it is set but the server cannot be reached (a broken CI set-up must fail)
     */
    public static String mariaDbUrl() {
        String url = System.getenv(MARIADB_URL_ENV);
        if (url == null || url.isBlank()) {
            return null;
        }
        try (Connection c = DriverManager.getConnection(url)) {
            if (!c.isValid(5)) {
                throw new SQLException("connection not valid");
            }
            return url;
        } catch (SQLException e) {
            throw new IllegalStateException(MARIADB_URL_ENV + " is set but the server cannot be reached: "
                    + e.getMessage(), e);
        }
    }

    /** Returns a table prefix unique to this JVM, for sharing one database between tests. */
    public static String uniquePrefix() {
        return "t" + COUNTER.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 6) + "_";
    }
}
