package dev.intermission.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.h2.tools.Server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The real databases behind every container, shared by the test classes of one JVM: an H2 TCP server and an
 * embedded PostgreSQL server that asks for passwords. Each webapp gets a database of its own, owned by the user
 * {@value #USER} with the password {@value #PASSWORD}, the values the case files show.
 */
final class Databases {

    /** The database user of every case file. */
    static final String USER = "orders";
    /** The password of every case file. */
    static final String PASSWORD = "change-me";

    private static Databases shared;

    private final Server h2;
    private final EmbeddedPostgres postgres;
    private final List<Connection> keepAlive = new ArrayList<>();

    private Databases() throws IOException, SQLException {
        this.h2 = Server.createTcpServer("-tcpPort", "0", "-tcpDaemon").start();
        this.postgres = EmbeddedPostgres.builder().start();
        requirePasswords();
    }

    /** The databases of this JVM, started on first use and stopped when it exits. */
    static synchronized Databases shared() {
        if (shared == null) {
            try {
                shared = new Databases();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the databases", e);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot set up the databases", e);
            }
            Databases started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
        }
        return shared;
    }

    /** The kinds of database a case file names. */
    enum Kind { H2, POSTGRES }

    /** One database; {@link #url(int)} is its JDBC URL through a relay on the given port. */
    record Db(Kind kind, String name, int port) {

        /** The JDBC URL straight to the database, for changes made from outside the container. */
        String directUrl() {
            return url(port);
        }

        /** The JDBC URL through a relay listening on {@code relayPort}. */
        String url(int relayPort) {
            return kind == Kind.H2 ? "jdbc:h2:tcp://127.0.0.1:" + relayPort + "/mem:" + name
                    : "jdbc:postgresql://127.0.0.1:" + relayPort + "/" + name;
        }
    }

    /** Creates an empty database. */
    synchronized Db create(Kind kind, String name) {
        try {
            if (kind == Kind.H2) {
                // Lives as long as this JVM; the TCP server then opens it for remote clients.
                keepAlive.add(DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", USER,
                        PASSWORD));
                return new Db(kind, name, h2.getPort());
            }
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name + " OWNER " + USER);
            }
            return new Db(kind, name, postgres.getPort());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    /**
     * Makes PostgreSQL check passwords over TCP (it trusts everyone as set up), except for its superuser, which
     * the tests use to create databases.
     */
    private void requirePasswords() throws SQLException, IOException {
        Path dataDir;
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            var rs = s.executeQuery("SHOW data_directory");
            rs.next();
            dataDir = Path.of(rs.getString(1));
        }
        Files.writeString(dataDir.resolve("pg_hba.conf"), String.join("\n",
                "local all all trust",
                "host all postgres 127.0.0.1/32 trust",
                "host all postgres ::1/128 trust",
                "host all all 127.0.0.1/32 scram-sha-256",
                "host all all ::1/128 scram-sha-256", ""));
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        }
    }

    private synchronized void stop() {
        for (Connection c : keepAlive) {
            try {
                c.close();
            } catch (SQLException e) {
                // the JVM is exiting
            }
        }
        h2.stop();
        try {
            postgres.close();
        } catch (IOException e) {
            // the JVM is exiting
        }
    }
}
