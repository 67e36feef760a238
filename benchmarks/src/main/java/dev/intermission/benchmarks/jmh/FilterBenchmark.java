package dev.intermission.benchmarks.jmh;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.servlet.MaintenanceFilter;

/**
 * The whole {@link MaintenanceFilter#doFilter} on the paths that reach the application, with a stub request
 * (the fields the filter reads, nothing else) and a chain that does nothing: what the filter adds to every
 * request before the container's own costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterBenchmark {

    private MaintenanceService off;
    private MaintenanceService full;
    private MaintenanceFilter offFilter;
    private MaintenanceFilter fullFilter;
    private StubRequest orders;
    private StubRequest health;
    private HttpServletResponse response;

    /** Starts the services (one off, one in full maintenance) and their filters. */
    @Setup
    public void setUp() {
        off = Maintenance.newBuilder().jdbcUrl("jdbc:h2:mem:jmh_filter_off;DB_CLOSE_DELAY=-1", "sa", "").build();
        full = Maintenance.newBuilder().jdbcUrl("jdbc:h2:mem:jmh_filter_full;DB_CLOSE_DELAY=-1", "sa", "").build();
        full.enable(Mode.FULL, "Benchmark", "benchmark");
        offFilter = new MaintenanceFilter(off, Gates.typical());
        fullFilter = new MaintenanceFilter(full, Gates.typical());
        orders = new StubRequest("GET", "/api/orders/42");
        health = new StubRequest("GET", "/health");
        response = new HttpServletResponseWrapper(unsupported(HttpServletResponse.class));
    }

    /** Stops the services. */
    @TearDown
    public void tearDown() {
        off.close();
        full.close();
    }

    /** Maintenance off: the request goes down the chain. */
    @Benchmark
    public void doFilter_passThrough_maintenanceOff(Blackhole bh) throws Exception {
        orders.reset();
        offFilter.doFilter(orders, response, (req, res) -> bh.consume(req));
    }

    /** Full maintenance, the allow-listed {@code /health}: the request goes down the chain. */
    @Benchmark
    public void doFilter_allowedPath_maintenanceFull(Blackhole bh) throws Exception {
        health.reset();
        fullFilter.doFilter(health, response, (req, res) -> bh.consume(req));
    }

    @SuppressWarnings("unchecked")
    private static <T> T unsupported(Class<T> type) {
        return (T) Proxy.newProxyInstance(FilterBenchmark.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A request answering what the filter reads; anything else fails loudly. */
    static final class StubRequest extends HttpServletRequestWrapper {
        private final String method;
        private final String path;
        private Object applied;

        StubRequest(String method, String path) {
            super(unsupported(HttpServletRequest.class));
            this.method = method;
            this.path = path;
        }

        void reset() {
            applied = null;
        }

        @Override
        public DispatcherType getDispatcherType() {
            return DispatcherType.REQUEST;
        }

        @Override
        public Object getAttribute(String name) {
            return applied;
        }

        @Override
        public void setAttribute(String name, Object value) {
            applied = value;
        }

        @Override
        public String getServletPath() {
            return path;
        }

        @Override
        public String getPathInfo() {
            return null;
        }

        @Override
        public String getMethod() {
            return method;
        }

        @Override
        public String getRemoteAddr() {
            return "203.0.113.7";
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return Collections.emptyEnumeration();
        }

        @Override
        public boolean isAsyncStarted() {
            return false;
        }
    }
}
