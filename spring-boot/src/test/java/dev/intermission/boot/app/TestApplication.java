package dev.intermission.boot.app;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small application as users write them: its own controllers and Flyway migrations, Actuator, and Spring
 * Security with HTTP Basic (two users: {@code alice} holds the role {@code OPS}, {@code bob} does not).
 */
@SpringBootApplication
public class TestApplication {

    /** The password of both test users. */
    public static final String PASSWORD = "password-for-tests";

    /**
     * Starts the application.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(TestApplication.class, args);
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers("/private/**").authenticated().anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults())
                .csrf(c -> c.disable());
        return http.build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}" + PASSWORD).roles("OPS").build(),
                User.withUsername("bob").password("{noop}" + PASSWORD).roles("USER").build());
    }

    /** The application's own API. */
    @RestController
    static class Orders {
        private final JdbcTemplate jdbc;

        Orders(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @GetMapping("/hello")
        String hello() {
            return "hello";
        }

        @GetMapping("/private/report")
        String report() {
            return "report";
        }

        @GetMapping("/status")
        String status() {
            return "ok";
        }

        @GetMapping("/orders/count")
        Map<String, Object> count() {
            return Map.of("count", jdbc.queryForObject("SELECT COUNT(*) FROM orders", Long.class));
        }

        /** Logs {@code alice} (role OPS) in for a session, as a form login would: the session cookie then authenticates. */
        @PostMapping("/test/session-login")
        String sessionLogin(HttpServletRequest request, HttpServletResponse response) {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("alice", null,
                    List.of(new SimpleGrantedAuthority("ROLE_OPS"))));
            new HttpSessionSecurityContextRepository().saveContext(context, request, response);
            return "logged in";
        }

        @PostMapping("/orders")
        @ResponseStatus(HttpStatus.CREATED)
        Map<String, Object> create(@RequestBody Map<String, Object> order) {
            jdbc.update("INSERT INTO orders (item) VALUES (?)", String.valueOf(order.get("item")));
            return Map.of("created", true);
        }
    }
}
