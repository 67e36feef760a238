package dev.intermission.flyway.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Guards this module's point: the adapter's tests here run on Flyway 11, not on the build's default Flyway, and on
 * the adapter as built for users, not on a copy compiled here.
 */
class OldestFlywayTest {

    @Test
    void classPath_holdsFlyway11AndItsPostgresModule() throws IOException {
        assertTrue(flywayVersion().startsWith("11."), "flyway-core on the class path is " + flywayVersion());
        String modulePath = locationOf("org/flywaydb/database/postgresql/PostgreSQLDatabaseType.class");
        assertTrue(modulePath.contains("flyway-database-postgresql-" + flywayVersion()), modulePath);
    }

    @Test
    void adapter_comesFromTheBuiltArtifact() {
        String adapter = locationOf("dev/intermission/flyway/FlywayMigrator.class");

        assertTrue(adapter.contains("/flyway/target/"), adapter);
    }

    private static String flywayVersion() throws IOException {
        try (InputStream in = Flyway.class.getResourceAsStream("/org/flywaydb/core/internal/version.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    private static String locationOf(String resource) {
        return String.valueOf(OldestFlywayTest.class.getClassLoader().getResource(resource));
    }
}
