package dev.intermission.flyway;

import java.util.Map;

import org.postgresql.ds.PGSimpleDataSource;

import dev.intermission.migration.MigrationFailedException;
import dev.intermission.migration.SchemaMigrator;

/**
 * The child process of {@link NoDatabaseModuleTest}, started without Flyway's PostgreSQL module: plans, migrates
 * and validates on the PostgreSQL database named by its arguments (JDBC URL, user, then {@code dataSource} or
 * {@code url} for how Flyway gets its connections), and prints one line per call: {@code plan: <type>: <message>};
 * a build that fails prints its line and stops.
 */
public final class NoDatabaseModuleMain {

    private NoDatabaseModuleMain() {
    }

    public static void main(String[] args) {
        String url = args[0];
        String user = args[1];
        FlywayMigrator.Builder builder = FlywayMigrator.newBuilder().locations("classpath:db/app-v1");
        if (args[2].equals("dataSource")) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(url);
            dataSource.setUser(user);
            builder.dataSource(dataSource);
        } else {
            builder.configuration(Map.of("flyway.url", url, "flyway.user", user));
        }
        SchemaMigrator migrator;
        try {
            migrator = builder.build();
        } catch (RuntimeException e) {
            System.out.println("build: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        report("plan", migrator::plan);
        report("migrate", migrator::migrate);
        report("validate", migrator::validate);
    }

    private static void report(String call, Runnable action) {
        try {
            action.run();
            System.out.println(call + ": succeeded");
        } catch (MigrationFailedException e) {
            System.out.println(call + ": " + e.getClass().getSimpleName() + ": " + e.getMessage() + " (applied "
                    + e.applied().size() + ")");
        } catch (RuntimeException e) {
            System.out.println(call + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
