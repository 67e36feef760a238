package dev.intermission.example.boot;

import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop on Spring Boot with Intermission: its own orders API and Flyway migrations, the starter's filter,
 * admin endpoint, Actuator endpoint and health, and Prometheus metrics. Its migrations run inside a maintenance
 * window at start-up ({@code intermission.migrations.window=true}).
 *
 * <p>The admin token is {@code INTERMISSION_ADMIN_TOKEN}; when it is not set, one is generated and printed.
 */
@SpringBootApplication
public class ShopApplication {

    /** The property holding the operators' admin token. */
    static final String TOKEN_PROPERTY = "intermission.admin.tokens.ops";

    /**
     * Starts the shop.
     *
     * @param args Spring Boot arguments, such as {@code --server.port=8081}
     */
    public static void main(String[] args) {
        String token = System.getenv("INTERMISSION_ADMIN_TOKEN");
        if ((token == null || token.isBlank()) && System.getProperty(TOKEN_PROPERTY) == null) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            System.setProperty(TOKEN_PROPERTY, generated);
            System.out.println("No INTERMISSION_ADMIN_TOKEN set; this run's admin token is: " + generated);
        }
        SpringApplication.run(ShopApplication.class, args);
    }
}
