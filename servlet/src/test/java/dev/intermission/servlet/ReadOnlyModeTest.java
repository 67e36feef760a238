package dev.intermission.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.servlet.testing.Container;
import dev.intermission.testing.Databases;

/** Read-only mode: safe methods reach the application, writes are refused; the safe methods are configurable. */
class ReadOnlyModeTest {

    @ParameterizedTest
    @EnumSource(Container.class)
    void readOnly_defaultSafeMethods_passWritesRefused(Container container) {
        MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2())
                .refreshInterval(Duration.ofHours(1)).build();
        MaintenanceFilterConfig config = MaintenanceFilterConfig.newBuilder().allowPaths("/health").build();
        try (FilterFixture f = FilterFixture.inCode(container, "", service, config, app -> { })) {
            service.enable(Mode.READ_ONLY, "Read-only while we migrate", "test");
            for (String method : new String[] {"GET", "HEAD", "OPTIONS"}) {
                HttpResponse<String> r = f.send(method, "/api/orders");
                assertEquals(200, r.statusCode(), method);
            }
            assertTrue(f.get("/api/orders").body().startsWith("served-by:api GET"));
            for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
                HttpResponse<String> r = f.send(method, "/api/orders");
                assertEquals(503, r.statusCode(), method);
                assertEquals("read-only", r.headers().firstValue("Intermission-Mode").orElse(null), method);
                assertEquals("Read-only while we migrate\n", r.body());
            }
            assertEquals(200, f.send("POST", "/health").statusCode(), "allow-listed paths take writes too");

            service.enable(Mode.FULL, null, "test");
            assertEquals(503, f.get("/api/orders").statusCode(), "FULL refuses reads");
            service.disable("test");
            assertEquals(200, f.send("DELETE", "/api/orders").statusCode(), "OFF lets everything through");
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void readOnly_safeMethodsByInitParams_onlyThoseMethodsPass(Container container) {
        Map<String, String> params = Map.of(
                MaintenanceFilterConfig.PARAM_JDBC_URL, Databases.newH2Url(),
                MaintenanceFilterConfig.PARAM_SAFE_METHODS, "GET",
                MaintenanceFilterConfig.PARAM_REFRESH_INTERVAL, "1h");
        try (FilterFixture f = FilterFixture.byInitParams(container, "/app", params, app -> { })) {
            f.service.enable(Mode.READ_ONLY, null, "test");
            assertEquals(200, f.get("/api/orders").statusCode());
            HttpResponse<String> head = f.send("HEAD", "/api/orders");
            assertEquals(503, head.statusCode());
            assertEquals("read-only", head.headers().firstValue("Intermission-Mode").orElse(null));
            assertEquals(503, f.send("OPTIONS", "/api/orders").statusCode());
            assertEquals(503, f.send("POST", "/api/orders").statusCode());
        }
    }
}
