package dev.intermission.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.boot.app.TestApplication;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An application whose Spring MVC dispatcher servlet is not at the root ({@code spring.mvc.servlet.path}): its
 * Actuator endpoints are under that path, and still pass the filter during maintenance, as the page promises.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:starter-servlet-path;DB_CLOSE_DELAY=-1",
            "intermission.service-name=servlet-path-app",
            "spring.mvc.servlet.path=/app",
            "management.endpoint.health.probes.enabled=true"})
class DispatcherServletPathTest {

    @LocalServerPort
    int port;

    @Autowired
    MaintenanceService service;

    @AfterEach
    void switchOff() {
        service.disable("test");
    }

    @Test
    void duringMaintenance_actuatorUnderTheDispatcherServletPath_passes_andTheApplicationIsRefused() {
        Http http = new Http(port);
        assertEquals(200, http.get("/app/hello").statusCode());
        service.enable(Mode.FULL, "Upgrading", "test");
        assertEquals(503, http.get("/app/hello").statusCode());
        HttpResponse<String> health = http.get("/app/actuator/health/readiness");
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
    }
}
