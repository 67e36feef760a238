package dev.intermission.benchmarks.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import jakarta.servlet.Filter;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.benchmarks.support.BenchServer;
import dev.intermission.benchmarks.support.EmbeddedPg;
import dev.intermission.benchmarks.support.Machine;
import dev.intermission.benchmarks.support.Results;
import dev.intermission.benchmarks.support.Stats;
import dev.intermission.benchmarks.support.Wrk;
import dev.intermission.servlet.MaintenanceFilter;
import dev.intermission.servlet.MaintenanceFilterConfig;
import dev.intermission.testing.CountingDataSource;

/**
 * HTTP load, side by side in one run: embedded Jetty serving a small response (a) bare, (b) behind
 * Intermission's filter with maintenance off, (c) behind the classic filter that reads the flag from the
 * database on every request, and (d) behind Intermission's filter in full maintenance (the 503 path); (b), (c)
 * and (d) each on H2 and on PostgreSQL. Rounds alternate between the variants (the order rotates every round)
 * after one warm-up round; the report gives medians and ratios to the bare server.
 *
 * <p>Database statements are counted at the database for PostgreSQL ({@code pg_stat_statements}, per
 * database) and at the JDBC layer for the in-process H2 (every {@code execute*} call through the pool).
 *
 * <p>System properties: {@code http.rounds} (5), {@code http.seconds} (10), {@code http.warmupSeconds} (10),
 * {@code http.threads} (2), {@code http.connections} (32), {@code results.dir}.
 */
public final class HttpLoadBenchmark {

    private static final String PATH = "/api/hello";
    private static final String SERVICE = "bench";

    private HttpLoadBenchmark() {
    }

    /** One server under test. */
    private record Variant(String id, String group, String database, String label, BenchServer server,
            int expectedStatus, LongSupplier statements, String countedAt) {
    }

    /**
     * Runs the benchmark.
     *
     * @param args none
     * @throws Exception when a server cannot start or wrk fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("http.rounds", 5);
        int seconds = Integer.getInteger("http.seconds", 10);
        int warmupSeconds = Integer.getInteger("http.warmupSeconds", 10);
        Wrk wrk = new Wrk(Integer.getInteger("http.threads", 2), Integer.getInteger("http.connections", 32));

        Map<String, Object> machineBefore = Machine.describe();
        List<AutoCloseable> closeables = new ArrayList<>();
        EmbeddedPg pg = EmbeddedPg.start();
        closeables.add(pg);
        try {
            List<Variant> variants = setUp(pg, closeables);
            check(variants);
            System.out.printf(Locale.ROOT, "%d variants, %d rounds of %d s after a %d s warm-up round; wrk %s%n",
                    variants.size(), rounds, seconds, warmupSeconds,
                    String.join(" ", wrk.command(seconds, "<url>")));

            for (Variant v : variants) {
                Wrk.Run run = wrk.run(warmupSeconds, v.server().url(PATH));
                System.out.printf(Locale.ROOT, "warm-up %-12s %10.0f req/s%n", v.id(), run.requestsPerSecond());
            }
            Map<String, List<Map<String, Object>>> samples = new LinkedHashMap<>();
            variants.forEach(v -> samples.put(v.id(), new ArrayList<>()));
            Random shuffle = new Random(20261122L);
            for (int round = 0; round < rounds; round++) {
                // A fresh, seeded order every round: no variant always follows the same neighbour (a rotation
                // kept the 503 variant right after the classic PostgreSQL one, which loads the machine).
                List<Variant> order = new ArrayList<>(variants);
                Collections.shuffle(order, shuffle);
                for (Variant v : order) {
                    long before = v.statements().getAsLong();
                    long t0 = System.nanoTime();
                    Wrk.Run run = wrk.run(seconds, v.server().url(PATH));
                    long t1 = System.nanoTime();
                    long after = v.statements().getAsLong();
                    double elapsed = (t1 - t0) / 1e9;
                    double qps = (after - before) / elapsed;
                    Map<String, Object> sample = new LinkedHashMap<>();
                    sample.put("round", round + 1);
                    sample.put("requestsPerSecond", run.requestsPerSecond());
                    sample.put("p99Millis", run.p99Millis());
                    sample.put("requests", run.requests());
                    sample.put("non2xx", run.non2xx());
                    sample.put("socketErrors", run.socketErrors());
                    sample.put("statements", after - before);
                    sample.put("elapsedSeconds", elapsed);
                    sample.put("statementsPerSecond", qps);
                    sample.put("statementsPerRequest",
                            run.requests() == 0 ? 0 : (after - before) / (double) run.requests());
                    samples.get(v.id()).add(sample);
                    System.out.printf(Locale.ROOT, "round %d %-12s %10.0f req/s  p99 %7.2f ms  %9.1f statements/s"
                                    + "  non-2xx %d  socket errors %d%n", round + 1, v.id(), run.requestsPerSecond(),
                            run.p99Millis(), qps, run.non2xx(), run.socketErrors());
                }
            }
            Map<String, Object> result = summarize(variants, samples, rounds);
            Map<String, Object> breakdown = new LinkedHashMap<>();
            for (String db : List.of("im_off", "classic", "im_full")) {
                breakdown.put(db, pg.statementBreakdown(db));
            }
            result.put("postgresStatements", breakdown);
            result.put("machine", machineBefore);
            result.put("loadAverageAfter", Machine.loadAverage());
            result.put("settings", Map.of("rounds", rounds, "seconds", seconds, "warmupSeconds", warmupSeconds,
                    "wrk", String.join(" ", wrk.command(seconds, "<url>")), "path", PATH));
            System.out.println("wrote " + Results.write("http", result));
        } finally {
            for (int i = closeables.size() - 1; i >= 0; i--) {
                try {
                    closeables.get(i).close();
                } catch (Exception e) {
                    System.err.println("close failed: " + e);
                }
            }
        }
    }

    private static List<Variant> setUp(EmbeddedPg pg, List<AutoCloseable> closeables) throws Exception {
        MaintenanceFilterConfig config = MaintenanceFilterConfig.newBuilder()
                .allowPaths("/health", "/static/**")
                .adminPath("/service-context")
                .bypassSecret("benchmark-bypass-secret-0123456789")
                .build();
        List<Variant> variants = new ArrayList<>();

        variants.add(new Variant("a-bare", "a", "-", "bare Jetty", server(null, closeables), 200, () -> 0, "-"));

        // H2, in process: counted at the JDBC layer.
        CountingDataSource imOffH2 = counting(h2Pool("im_off", 2, closeables));
        MaintenanceService offH2 = service(imOffH2, closeables);
        variants.add(new Variant("b-h2", "b", "H2", "Intermission, maintenance off",
                server(new MaintenanceFilter(offH2, config), closeables), 200, imOffH2::executions, "JDBC"));
        CountingDataSource classicH2 = counting(h2Pool("classic", 10, closeables));
        createClassicTable(classicH2);
        variants.add(new Variant("c-h2", "c", "H2", "classic filter, one query per request",
                server(new ClassicMaintenanceFilter(classicH2, SERVICE), closeables), 200, classicH2::executions,
                "JDBC"));
        CountingDataSource imFullH2 = counting(h2Pool("im_full", 2, closeables));
        MaintenanceService fullH2 = service(imFullH2, closeables);
        fullH2.enable(Mode.FULL, "Benchmark maintenance", "benchmark");
        variants.add(new Variant("d-h2", "d", "H2", "Intermission, maintenance full (503)",
                server(new MaintenanceFilter(fullH2, config), closeables), 503, imFullH2::executions, "JDBC"));

        // PostgreSQL: counted at the database.
        String imOff = "im_off";
        MaintenanceService offPg = service(pg.createDatabase(imOff), closeables);
        variants.add(new Variant("b-pg", "b", "PostgreSQL", "Intermission, maintenance off",
                server(new MaintenanceFilter(offPg, config), closeables), 200, () -> pg.statements(imOff),
                "pg_stat_statements"));
        String classic = "classic";
        HikariDataSource classicPg = pgPool(pg.createDatabase(classic), closeables);
        createClassicTable(classicPg);
        variants.add(new Variant("c-pg", "c", "PostgreSQL", "classic filter, one query per request",
                server(new ClassicMaintenanceFilter(classicPg, SERVICE), closeables), 200,
                () -> pg.statements(classic), "pg_stat_statements"));
        String imFull = "im_full";
        MaintenanceService fullPg = service(pg.createDatabase(imFull), closeables);
        fullPg.enable(Mode.FULL, "Benchmark maintenance", "benchmark");
        variants.add(new Variant("d-pg", "d", "PostgreSQL", "Intermission, maintenance full (503)",
                server(new MaintenanceFilter(fullPg, config), closeables), 503, () -> pg.statements(imFull),
                "pg_stat_statements"));
        return variants;
    }

    private static BenchServer server(Filter filter, List<AutoCloseable> closeables) throws Exception {
        BenchServer server = BenchServer.start(filter);
        closeables.add(server);
        return server;
    }

    private static MaintenanceService service(DataSource dataSource, List<AutoCloseable> closeables) {
        MaintenanceService service = Maintenance.newBuilder().dataSource(dataSource).serviceName(SERVICE).build();
        closeables.add(service);
        return service;
    }

    /** The library's own pool, as an application configures it with a JDBC URL (two connections, 1 s refresh). */
    private static MaintenanceService service(String jdbcUrl, List<AutoCloseable> closeables) {
        MaintenanceService service = Maintenance.newBuilder().jdbcUrl(jdbcUrl, "postgres", null)
                .serviceName(SERVICE).build();
        closeables.add(service);
        return service;
    }

    private static CountingDataSource counting(DataSource dataSource) {
        return new CountingDataSource(dataSource);
    }

    private static HikariDataSource h2Pool(String name, int size, List<AutoCloseable> closeables) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(size);
        config.setPoolName("h2-" + name);
        HikariDataSource pool = new HikariDataSource(config);
        closeables.add(pool);
        return pool;
    }

    /** The application's pool in the classic design: HikariCP with its defaults (ten connections). */
    private static HikariDataSource pgPool(String jdbcUrl, List<AutoCloseable> closeables) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername("postgres");
        config.setPoolName("pg-classic");
        HikariDataSource pool = new HikariDataSource(config);
        closeables.add(pool);
        return pool;
    }

    private static void createClassicTable(DataSource dataSource) throws Exception {
        try (var c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute(ClassicMaintenanceFilter.DDL);
            s.execute("INSERT INTO service_context (service_name, maintenance) VALUES ('" + SERVICE + "', false)");
        }
    }

    /** Fails fast when a server does not answer as its variant expects. */
    private static void check(List<Variant> variants) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (Variant v : variants) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(v.server().url(PATH)))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != v.expectedStatus()) {
                throw new IllegalStateException(v.id() + ": expected " + v.expectedStatus() + ", got "
                        + response.statusCode() + ": " + response.body());
            }
        }
    }

    private static Map<String, Object> summarize(List<Variant> variants,
            Map<String, List<Map<String, Object>>> samples, int rounds) {
        List<Map<String, Object>> bare = samples.get("a-bare");
        double bareRps = Stats.median(values(bare, "requestsPerSecond"));
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        md.append("| variant | database | statements counted at | median req/s | ratio to (a) | median p99 (ms) "
                + "| median statements/s | statements per request |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|\n");
        for (Variant v : variants) {
            List<Map<String, Object>> s = samples.get(v.id());
            double rps = Stats.median(values(s, "requestsPerSecond"));
            List<Double> perRoundRatio = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                perRoundRatio.add(((Number) s.get(r).get("requestsPerSecond")).doubleValue()
                        / ((Number) bare.get(r).get("requestsPerSecond")).doubleValue());
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", v.id());
            row.put("variant", v.group());
            row.put("database", v.database());
            row.put("label", v.label());
            row.put("statementsCountedAt", v.countedAt());
            row.put("medianRequestsPerSecond", rps);
            row.put("ratioToBare", rps / bareRps);
            row.put("medianOfPerRoundRatios", Stats.median(perRoundRatio));
            row.put("minRequestsPerSecond", Stats.min(values(s, "requestsPerSecond")));
            row.put("maxRequestsPerSecond", Stats.max(values(s, "requestsPerSecond")));
            row.put("medianP99Millis", Stats.median(values(s, "p99Millis")));
            row.put("medianStatementsPerSecond", Stats.median(values(s, "statementsPerSecond")));
            row.put("medianStatementsPerRequest", Stats.median(values(s, "statementsPerRequest")));
            row.put("rounds", s);
            rows.add(row);
            md.append(String.format(Locale.ROOT, "| (%s) %s | %s | %s | %.0f | %.3f | %.2f | %.2f | %s |%n", v.group(),
                    v.label(), v.database(), v.countedAt(), rps, rps / bareRps,
                    (double) row.get("medianP99Millis"), (double) row.get("medianStatementsPerSecond"),
                    v.database().equals("-") ? "-" : String.format(Locale.ROOT, "%.5f",
                            (double) row.get("medianStatementsPerRequest"))));
        }
        System.out.print(md);
        try {
            Files.writeString(Results.dir().resolve("http.md"), md.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("variants", rows);
        return result;
    }

    private static List<Double> values(List<Map<String, Object>> samples, String key) {
        return samples.stream().map(m -> ((Number) m.get(key)).doubleValue()).toList();
    }
}
