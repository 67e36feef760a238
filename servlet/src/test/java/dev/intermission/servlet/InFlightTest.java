package dev.intermission.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.intermission.InFlightRequests;
import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.servlet.testing.Container;
import dev.intermission.servlet.testing.Containers;
import dev.intermission.servlet.testing.EchoServlet;
import dev.intermission.servlet.testing.RunningApp;
import dev.intermission.servlet.testing.WebApp;
import dev.intermission.testing.Databases;

/**
 * The in-flight count: up by one for every request let through, down exactly once when it ends, async requests
 * when their async cycle completes; and the filter applies once per request.
 */
class InFlightTest {

    /** Sync, failing and async servlets under {@code /jobs/*}; held async requests wait in {@code held}. */
    private static WebApp addWork(WebApp app, BlockingQueue<AsyncContext> held) {
        return app.servlet("jobs", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp)
                    throws IOException, ServletException {
                String what = req.getPathInfo();
                switch (what) {
                    case "/ok" -> resp.getWriter().write("ok");
                    case "/fail" -> throw new ServletException("failing on purpose");
                    case "/fail-runtime" -> throw new IllegalStateException("failing on purpose");
                    case "/hold" -> held.add(req.startAsync());
                    case "/race" -> {
                        AsyncContext ctx = req.startAsync();
                        ctx.start(() -> complete(ctx, "raced"));
                    }
                    case "/complete-inline" -> {
                        AsyncContext ctx = req.startAsync();
                        complete(ctx, "inline");
                    }
                    case "/dispatch" -> {
                        AsyncContext ctx = req.startAsync();
                        ctx.start(() -> ctx.dispatch("/jobs/ok"));
                    }
                    case "/restart" -> {
                        if (req.getDispatcherType() == DispatcherType.REQUEST) {
                            AsyncContext ctx = req.startAsync();
                            ctx.start(ctx::dispatch);
                        } else {
                            AsyncContext again = req.startAsync();
                            again.start(() -> complete(again, "restarted"));
                        }
                    }
                    case "/timeout" -> req.startAsync().setTimeout(50);
                    default -> resp.sendError(404);
                }
            }
        }, "/jobs/*");
    }

    private static void complete(AsyncContext ctx, String body) {
        try {
            ctx.getResponse().getWriter().write(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            ctx.complete();
        }
    }

    private static void awaitCount(IntSupplier count, int expected, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, count.getAsInt(), what);
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(RunningApp app, String path) {
        return FilterFixture.CLIENT.sendAsync(HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(60))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void exercise(RunningApp app, InFlightRequests inFlight, BlockingQueue<AsyncContext> held)
            throws Exception {
        assertEquals(0, inFlight.inFlight());

        // Held async requests stay counted until completed, each exactly once.
        List<CompletableFuture<HttpResponse<String>>> holding = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            holding.add(sendAsync(app, "/jobs/hold"));
        }
        awaitCount(held::size, 5, "held requests arrived");
        awaitCount(inFlight::inFlight, 5, "held requests counted");
        assertEquals(200, FilterFixture.CLIENT.send(HttpRequest.newBuilder(app.uri("/jobs/ok")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        awaitCount(inFlight::inFlight, 5, "a finished request no longer counted, the held ones still are");
        for (int i = 0; i < 5; i++) {
            complete(held.take(), "released");
            awaitCount(inFlight::inFlight, 4 - i, "one released");
        }
        for (CompletableFuture<HttpResponse<String>> f : holding) {
            assertEquals("released", f.get(60, TimeUnit.SECONDS).body());
        }

        // A mix of normal, failing and async requests, concurrently: all drain to zero.
        Map<String, Integer> mix = Map.of("/jobs/ok", 40, "/jobs/fail", 10, "/jobs/fail-runtime", 10,
                "/jobs/race", 30, "/jobs/complete-inline", 10, "/jobs/dispatch", 10, "/jobs/restart", 10,
                "/jobs/timeout", 5, "/api/x", 10);
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        mix.forEach((path, n) -> {
            for (int i = 0; i < n; i++) {
                all.add(sendAsync(app, path));
            }
        });
        int failures = 0;
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
            if (r.statusCode() >= 500) {
                failures++;
            } else {
                assertEquals(200, r.statusCode(), r.uri() + " " + r.body());
            }
        }
        assertEquals(25, failures, "the failing and timed-out requests fail, the others succeed");
        awaitCount(inFlight::inFlight, 0, "every request counted out exactly once");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void inFlight_normalFailingAndAsyncRequests_drainToZero(Container container) throws Exception {
        BlockingQueue<AsyncContext> held = new LinkedBlockingQueue<>();
        MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2())
                .refreshInterval(Duration.ofHours(1)).build();
        MaintenanceFilter filter = new MaintenanceFilter(service, MaintenanceFilterConfig.newBuilder().build());
        WebApp app = addWork(FilterFixture.standardApp("").filter("maintenance", filter, "/*"), held);
        try (RunningApp running = Containers.start(container, app)) {
            assertEquals(filter, running.servletContext().getAttribute(MaintenanceFilter.IN_FLIGHT_ATTRIBUTE));
            exercise(running, filter, held);
        } finally {
            service.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void inFlight_filterFromInitParams_publishedInTheServletContext(Container container) throws Exception {
        BlockingQueue<AsyncContext> held = new LinkedBlockingQueue<>();
        Map<String, String> params = Map.of(MaintenanceFilterConfig.PARAM_JDBC_URL, Databases.newH2Url(),
                MaintenanceFilterConfig.PARAM_ALLOW_PATHS, "/health");
        try (FilterFixture f = FilterFixture.byInitParams(container, "/app", params, app -> addWork(app, held))) {
            InFlightRequests inFlight = f.inFlight();
            assertTrue(inFlight instanceof MaintenanceFilter, String.valueOf(inFlight));
            exercise(f.app, inFlight, held);
            // Refused requests are never counted.
            f.service.enable(Mode.FULL, null, "test");
            assertEquals(503, f.get("/api/x").statusCode());
            assertEquals(0, inFlight.inFlight());
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void filter_forwardIncludeAndSecondMapping_appliesOncePerRequest(Container container) throws Exception {
        MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2())
                .refreshInterval(Duration.ofHours(1)).build();
        // The bypass header lets the first requests through in FULL mode and is counted (an allow-listed path would
        // not be); a second application of the filter would refuse the forward to the private servlet.
        String secret = "a-bypass-secret-long-enough-0123456789";
        MaintenanceFilter filter = new MaintenanceFilter(service,
                MaintenanceFilterConfig.newBuilder().bypassSecret(secret).build());
        EnumSet<DispatcherType> every = EnumSet.allOf(DispatcherType.class);
        WebApp app = WebApp.at("")
                .filter("maintenance", filter, every, "/*")
                .filter("maintenance-again", filter, every, "/*")
                .servlet("public", new HttpServlet() {
                    @Override
                    protected void service(HttpServletRequest req, HttpServletResponse resp)
                            throws IOException, ServletException {
                        if (req.getPathInfo().equals("/forward")) {
                            req.getRequestDispatcher("/private/secret").forward(req, resp);
                        } else {
                            resp.getWriter().write("before|");
                            req.getRequestDispatcher("/private/secret").include(req, resp);
                        }
                    }
                }, "/public/*")
                .servlet("private", new HttpServlet() {
                    @Override
                    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                        resp.getWriter().write("private inFlight=" + filter.inFlight());
                    }
                }, "/private/*")
                .servlet("default", new EchoServlet("default"), "/");
        try (RunningApp running = Containers.start(container, app)) {
            service.enable(Mode.FULL, null, "test");
            HttpResponse<String> direct = FilterFixture.CLIENT.send(
                    HttpRequest.newBuilder(running.uri("/private/secret")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, direct.statusCode());
            HttpResponse<String> forwarded = FilterFixture.CLIENT.send(
                    HttpRequest.newBuilder(running.uri("/public/forward"))
                            .header(MaintenanceFilterConfig.DEFAULT_BYPASS_HEADER, secret).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, forwarded.statusCode());
            assertEquals("private inFlight=1", forwarded.body());
            HttpResponse<String> included = FilterFixture.CLIENT.send(
                    HttpRequest.newBuilder(running.uri("/public/include"))
                            .header(MaintenanceFilterConfig.DEFAULT_BYPASS_HEADER, secret).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, included.statusCode());
            assertEquals("before|private inFlight=1", included.body());
            awaitCount(filter::inFlight, 0, "drained");
        } finally {
            service.close();
        }
    }
}
