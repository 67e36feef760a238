package dev.intermission.flyway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flyway's missing-module failures, as Flyway words them, turned into the artifact the application must add. */
class DatabaseModulesTest {

    private static final String VERSION = DatabaseModules.flywayVersion();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "PostgreSQL 17.11, flyway-database-postgresql",
            "MySQL 8.4, flyway-mysql",
            "MariaDB 11.4, flyway-mysql",
            "Microsoft SQL Server 16.0, flyway-sqlserver",
            "Oracle 23.0, flyway-database-oracle",
            "CockroachDB 24.1, flyway-database-cockroachdb"})
    void unsupportedDatabase_namesTheModuleOfThatDatabase(String database, String artifact) {
        Optional<String> message = DatabaseModules.explain(new FlywayException("Unsupported Database: " + database));

        assertEquals(Optional.of("Flyway " + VERSION + " cannot migrate " + database + " without its database "
                + "module: add org.flywaydb:" + artifact + ":" + VERSION + " to the application, in the same version "
                + "as flyway-core"), message);
    }

    @Test
    void noPluginForUrl_namesTheModuleWithoutRepeatingTheUrl() {
        Optional<String> message = DatabaseModules.explain(new FlywayException("No Flyway database plugin found to "
                + "handle jdbc:mariadb://db:3306/app?password=secret. See https://example.invalid for troubleshooting"));

        assertEquals(Optional.of("Flyway " + VERSION + " cannot migrate a mariadb database without its database "
                + "module: add org.flywaydb:flyway-mysql:" + VERSION + " to the application, in the same version as "
                + "flyway-core"), message);
    }

    @Test
    void unknownDatabase_saysToAddItsModuleWithoutGuessingAnArtifact() {
        String message = DatabaseModules.explain(new FlywayException("Unsupported Database: Acme DB 1.0"))
                .orElseThrow();

        assertTrue(message.contains("cannot migrate Acme DB 1.0 without its database module: add the Flyway "
                + "database module for it to the application"), message);
    }

    @Test
    void causeChain_foundBeneathAWrapper() {
        RuntimeException wrapped = new RuntimeException("migration failed",
                new FlywayException("Unsupported Database: PostgreSQL 18.1"));

        assertTrue(DatabaseModules.explain(wrapped).orElseThrow().contains("flyway-database-postgresql"));
    }

    @Test
    void otherFailures_leftAsFlywayWordedThem() {
        assertEquals(Optional.empty(), DatabaseModules.explain(new FlywayException("Validate failed: Migrations "
                + "have failed validation")));
        assertEquals(Optional.empty(), DatabaseModules.explain(new FlywayException((String) null)));
    }
}
