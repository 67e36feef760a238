package dev.intermission.servlet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import dev.intermission.InFlightRequests;
import dev.intermission.MaintenanceService;
import dev.intermission.servlet.testing.Container;
import dev.intermission.servlet.testing.Containers;
import dev.intermission.servlet.testing.EchoServlet;
import dev.intermission.servlet.testing.RawHttp;
import dev.intermission.servlet.testing.RunningApp;
import dev.intermission.servlet.testing.WebApp;

/**
 * A running application with the maintenance filter in front of echo servlets: {@code /health},
 * {@code /static/*}, {@code /service-context/*}, {@code /api/*} and the default servlet {@code /}.
 */
final class FilterFixture implements AutoCloseable {

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    final RunningApp app;
    final MaintenanceService service;
    private final boolean closeService;

    private FilterFixture(RunningApp app, MaintenanceService service, boolean closeService) {
        this.app = app;
        this.service = service;
        this.closeService = closeService;
    }

    /** The echo servlets every fixture serves. */
    static WebApp standardApp(String contextPath) {
        return WebApp.at(contextPath)
                .servlet("health", new EchoServlet("health"), "/health")
                .servlet("static", new EchoServlet("static"), "/static/*")
                .servlet("admin", new EchoServlet("admin"), "/service-context/*")
                .servlet("api", new EchoServlet("api"), "/api/*")
                .servlet("default", new EchoServlet("default"), "/");
    }

    /** Deploys the filter built in code on a service the test owns (closed with the fixture). */
    static FilterFixture inCode(Container container, String contextPath, MaintenanceService service,
            MaintenanceFilterConfig config, Consumer<WebApp> extra) {
        WebApp app = standardApp(contextPath).filter("maintenance", new MaintenanceFilter(service, config), "/*");
        extra.accept(app);
        return new FilterFixture(Containers.start(container, app), service, true);
    }

    /**
     * Deploys the filter as {@code web.xml} would (by class, configured by init-params); the service is the one
     * the filter publishes in the ServletContext (built by the filter itself when the params name a database).
     */
    static FilterFixture byInitParams(Container container, String contextPath, Map<String, String> params,
            Consumer<WebApp> extra) {
        WebApp app = standardApp(contextPath).filter("maintenance", MaintenanceFilter.class, params, "/*");
        extra.accept(app);
        RunningApp running = Containers.start(container, app);
        if (!running.available()) {
            running.close();
            throw new IllegalStateException("the application did not start on " + container);
        }
        MaintenanceService service = (MaintenanceService) running.servletContext()
                .getAttribute(MaintenanceFilter.SERVICE_ATTRIBUTE);
        return new FilterFixture(running, service, false);
    }

    InFlightRequests inFlight() {
        return (InFlightRequests) app.servletContext().getAttribute(MaintenanceFilter.IN_FLIGHT_ATTRIBUTE);
    }

    /** Sends a request with HttpClient; headers are name, value pairs. */
    HttpResponse<String> send(String method, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(20))
                .method(method, method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("x"));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, headers);
    }

    /** Sends a raw request; the target is prefixed with the context path unless it is absolute-form. */
    RawHttp.Response raw(String method, String target, String... headerLines) {
        String full = target.startsWith("http://") ? target : app.contextPath() + target;
        return RawHttp.send(app.port(), method, full, headerLines);
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            if (closeService && service != null) {
                service.close();
            }
        }
    }
}
