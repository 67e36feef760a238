package dev.intermission.benchmarks.cli;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * The floor under the CLI's start-up on a database: a JVM that opens one connection with the driver the CLI uses
 * for that URL (instantiated directly, as the CLI does), runs {@code SELECT 1}, prints the answer and closes; no
 * code of the library runs. Whatever a JVM command that reads the database takes, it takes at least this.
 */
public final class ConnectOnly {

    private ConnectOnly() {
    }

    /**
     * Connects and queries once.
     *
     * @param args the JDBC URL, then the user
     * @throws Exception when the connection or the query fails
     */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String type = url.startsWith("jdbc:h2:") ? "org.h2.Driver"
                : url.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver"
                : "org.mariadb.jdbc.Driver";
        Driver driver = (Driver) Class.forName(type).getDeclaredConstructor().newInstance();
        Properties properties = new Properties();
        properties.setProperty("user", args[1]);
        try (Connection connection = driver.connect(url, properties);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 1")) {
            rs.next();
            System.out.println(rs.getInt(1));
        }
    }
}
