package dev.intermission.boot;

import dev.intermission.boot.app.TestApplication;
import dev.intermission.testing.Databases;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter over real HTTP on a real PostgreSQL, on a fresh database: Boot's Flyway creates the application's
 * table first, then the library creates its own.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "intermission.service-name=pg-app")
class PostgresStarterTest extends StarterHttpContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = Databases.newPostgresDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
    }
}
