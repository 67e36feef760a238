package dev.intermission.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Creates and upgrades the library's tables with its own Flyway migrations, in their own location and their
 * own history table, so the application's Flyway history is never touched.
 */
public final class Schema {

    /** Where the library's migrations live on the classpath. */
    public static final String LOCATION = "classpath:dev/intermission/schema";

    private Schema() {
    }

    /** Applies the library's pending migrations. */
    public static void migrate(DataSource dataSource, Tables tables) {
        Flyway.configure(Schema.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(tables.schemaHistory())
                .placeholders(Map.of("prefix", tables.prefix(), "timestamp", timestampType(dataSource)))
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .cleanDisabled(true)
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    /** Returns the column type for UTC timestamps with millisecond precision on the database behind the source. */
    static String timestampType(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return isMySqlFamily(c) ? "DATETIME(3)" : "TIMESTAMP(3)";
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database product: " + e.getMessage(), e);
        }
    }

    /** Returns whether the connection is to MySQL or MariaDB. */
    public static boolean isMySqlFamily(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        return product.contains("mysql") || product.contains("mariadb");
    }
}
