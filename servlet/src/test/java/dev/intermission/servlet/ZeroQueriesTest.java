package dev.intermission.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.servlet.testing.Container;
import dev.intermission.testing.CountingDataSource;
import dev.intermission.testing.Databases;

/**
 * The request path never touches the database: 10,000 requests of every kind (refused as JSON, HTML and text,
 * HEAD, allow-listed, admin path, bypass header and cookie, read-only reads and writes) execute zero statements.
 *
 * <p>The refresh interval is one hour (the longest allowed), so the background refresher, whose first check comes
 * one interval after start, does not run during the count; only the requests could cause a query.
 */
class ZeroQueriesTest {

    static final String SECRET = "zero-queries-secret-0123";
    static final int REQUESTS = 10_000;

    @ParameterizedTest
    @EnumSource(Container.class)
    void requests_tenThousandOfEveryKind_zeroDatabaseQueries(Container container) {
        CountingDataSource counting = new CountingDataSource(Databases.newH2());
        MaintenanceService service = Maintenance.newBuilder().dataSource(counting)
                .refreshInterval(Maintenance.MAX_REFRESH_INTERVAL).build();
        MaintenanceFilterConfig config = MaintenanceFilterConfig.newBuilder()
                .allowPaths("/health", "/static/*")
                .adminPath("/service-context")
                .allowIps("10.0.0.0/8")
                .bypassSecret(SECRET)
                .build();
        try (FilterFixture f = FilterFixture.inCode(container, "", service, config, app -> { })) {
            service.enable(Mode.FULL, "counting", "test");
            HttpResponse<String> visit = f.get("/_intermission/bypass/" + SECRET);
            String setCookie = visit.headers().firstValue("Set-Cookie").orElseThrow();
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));

            long statementsBefore = counting.executions();
            long connectionsBefore = counting.connections();
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (int i = 0; i < REQUESTS; i++) {
                if (i == REQUESTS / 2) {
                    // Switching modes writes to the database: done outside the count.
                    long statements = counting.executions() - statementsBefore;
                    long connections = counting.connections() - connectionsBefore;
                    service.enable(Mode.READ_ONLY, "counting", "test");
                    statementsBefore = counting.executions() - statements;
                    connectionsBefore = counting.connections() - connections;
                }
                HttpResponse<String> r = switch (i % 10) {
                    case 0 -> f.get("/api/orders", "Accept", "application/json");
                    case 1 -> f.get("/", "Accept", "text/html");
                    case 2 -> f.send("POST", "/api/orders");
                    case 3 -> f.send("HEAD", "/api/orders");
                    case 4 -> f.get("/health");
                    case 5 -> f.get("/static/app.js");
                    case 6 -> f.send("POST", "/service-context/enable");
                    case 7 -> f.send("PUT", "/api/orders", "Intermission-Bypass", SECRET);
                    case 8 -> f.send("DELETE", "/api/orders", "Cookie", cookie);
                    default -> f.send("PATCH", "/api/orders", "X-Forwarded-For", "10.1.2.3",
                            "Cookie", "intermission_bypass=1.forged");
                };
                statuses.merge(r.statusCode(), 1, Integer::sum);
            }
            assertEquals(0, counting.executions() - statementsBefore, "statements executed by requests");
            assertEquals(0, counting.connections() - connectionsBefore, "connections taken by requests");
            assertEquals(REQUESTS, statuses.values().stream().mapToInt(Integer::intValue).sum());
            // FULL half: 0-3 and 9 refused, 4-8 pass; read-only half: 0, 1, 3 (reads) pass too.
            assertEquals(Map.of(200, 6_500, 503, 3_500), statuses);
            assertTrue(f.service.status().maintenance());
        }
    }
}
