package dev.intermission.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.servlet.testing.Container;
import dev.intermission.servlet.testing.LogCapture;
import dev.intermission.testing.Databases;

/** The request outcome listener over real HTTP: one call per request the filter decides on, on its thread. */
class OutcomeListenerTest {

    static final String SECRET = "preview-secret-0123456789";

    /** Records each outcome and the thread it was told on. */
    static final class Recorder implements RequestOutcomeListener {
        final List<RequestOutcome> outcomes = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        @Override
        public void onOutcome(RequestOutcome outcome) {
            outcomes.add(outcome);
            threads.add(Thread.currentThread());
        }

        List<RequestOutcome> drain() {
            List<RequestOutcome> copy = new ArrayList<>(outcomes);
            outcomes.clear();
            threads.clear();
            return copy;
        }
    }

    /** Writes the name of the thread serving the request, and forwards and includes when asked. */
    static final class ThreadServlet extends HttpServlet {
        static final List<Thread> SERVED = new CopyOnWriteArrayList<>();

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
            SERVED.add(Thread.currentThread());
            if (req.getParameter("forward") != null) {
                req.getRequestDispatcher("/api/forwarded").forward(req, resp);
                return;
            }
            if (req.getParameter("include") != null) {
                req.getRequestDispatcher("/api/included").include(req, resp);
            }
            resp.getWriter().write("thread");
        }
    }

    private static FilterFixture fixture(Container container, MaintenanceService service, RequestOutcomeListener l) {
        MaintenanceFilterConfig config = MaintenanceFilterConfig.newBuilder()
                .allowPaths("/health")
                .adminPath("/service-context")
                .bypassSecret(SECRET)
                .outcomeListener(l)
                .build();
        return FilterFixture.inCode(container, "", service, config,
                app -> app.servlet("thread", new ThreadServlet(), "/thread"));
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void outcomes_eachKindOfRequest_toldOncePerRequest(Container container) {
        Recorder recorder = new Recorder();
        MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2()).build();
        try (FilterFixture f = fixture(container, service, recorder)) {
            assertEquals(200, f.get("/api/x").statusCode());
            assertEquals(List.of(RequestOutcome.PASSED), recorder.drain(), "maintenance off");

            service.enable(Mode.FULL, null, "test");
            assertEquals(503, f.get("/api/x").statusCode());
            assertEquals(200, f.get("/health").statusCode());
            assertEquals(200, f.get("/service-context/status").statusCode());
            assertEquals(200, f.get("/api/x", "Intermission-Bypass", SECRET).statusCode());
            assertEquals(303, f.get("/_intermission/bypass/" + SECRET).statusCode());
            assertEquals(List.of(RequestOutcome.REFUSED, RequestOutcome.ALLOW_LISTED, RequestOutcome.ALLOW_LISTED,
                    RequestOutcome.BYPASSED, RequestOutcome.BYPASSED), recorder.drain());

            service.enable(Mode.READ_ONLY, null, "test");
            assertEquals(200, f.get("/api/x").statusCode());
            assertEquals(503, f.send("POST", "/api/x").statusCode());
            assertEquals(List.of(RequestOutcome.PASSED, RequestOutcome.REFUSED), recorder.drain());

            service.disable("test");
            assertEquals(200, f.get("/thread?forward=1").statusCode());
            assertEquals(200, f.get("/thread?include=1").statusCode());
            assertEquals(List.of(RequestOutcome.PASSED, RequestOutcome.PASSED), recorder.drain(),
                    "a forward or include is not a second request");
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void outcome_toldOnTheRequestThread(Container container) {
        Recorder recorder = new Recorder();
        MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2()).build();
        try (FilterFixture f = fixture(container, service, recorder)) {
            ThreadServlet.SERVED.clear();
            assertEquals("thread", f.get("/thread").body());
            assertEquals(1, recorder.threads.size());
            assertSame(ThreadServlet.SERVED.get(0), recorder.threads.get(0));
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void listenerThatThrows_loggedOnceAndRequestsGoOn(Container container) {
        RequestOutcomeListener failing = outcome -> {
            throw new IllegalStateException("metrics registry closed");
        };
        MaintenanceService service = Maintenance.newBuilder().dataSource(Databases.newH2()).build();
        try (LogCapture log = LogCapture.start(); FilterFixture f = fixture(container, service, failing)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, f.get("/api/x").statusCode());
            }
            service.enable(Mode.FULL, "closed", "test");
            assertEquals(503, f.get("/api/x").statusCode());
            assertEquals("closed\n", f.get("/api/x").body());
            List<LogCapture.Line> lines = log.lines(Level.WARNING, "outcome listener failed");
            assertEquals(1, lines.size(), log.lines().toString());
            assertTrue(lines.get(0).thrown() instanceof IllegalStateException);
        }
    }
}
