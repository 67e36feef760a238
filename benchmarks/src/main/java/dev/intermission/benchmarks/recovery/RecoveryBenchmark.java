package dev.intermission.benchmarks.recovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.postgresql.ds.PGSimpleDataSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.benchmarks.support.Machine;
import dev.intermission.benchmarks.support.Results;
import dev.intermission.benchmarks.support.Stats;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Recovery after a database outage: two instances A and B (each a {@link MaintenanceService} with the library's own
 * pool on a JDBC URL, every default but the refresh interval) on one embedded PostgreSQL. Each outage stops the
 * server (fault {@code stop}: its connections are closed, new ones refused) or cuts a TCP relay between the
 * instances and the server ({@code cut}: every connection dropped, new ones refused), holds it until both instances
 * report the state stale plus a random 0.5 to 2 s, and ends it. From the moment the database answers again
 * ({@code T0}: the server's start has returned, or the relay accepts again), an operator changes the state through
 * a connection of its own (no pool: it writes as soon as the database accepts); an instance has recovered once its
 * status is not stale and holds that change. Recovery = that moment minus {@code T0}, reported in refresh
 * intervals.
 *
 * <p>System properties: {@code recovery.outages} (10 per interval), {@code recovery.intervals} (comma-separated
 * milliseconds, default {@code 1000,200}), {@code recovery.fault} ({@code stop} or {@code cut}, default
 * {@code stop}), {@code recovery.pool} ({@code own}: the library's own pool on the JDBC URL, the default;
 * {@code unpooled}: a DataSource that opens a connection for every use, to tell the pool's share of the time from
 * the refresher's), {@code recovery.seed} (11), {@code results.dir}.
 */
public final class RecoveryBenchmark {

    private static final long GIVE_UP_NANOS = 60_000_000_000L;
    private static final String SERVICE = "bench";

    private RecoveryBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args none
     * @throws Exception when the server cannot start or an instance never recovers
     */
    public static void main(String[] args) throws Exception {
        int outages = Integer.getInteger("recovery.outages", 10);
        String fault = System.getProperty("recovery.fault", "stop");
        if (!fault.equals("stop") && !fault.equals("cut")) {
            throw new IllegalArgumentException("recovery.fault: stop or cut, was '" + fault + "'");
        }
        String pool = System.getProperty("recovery.pool", "own");
        if (!pool.equals("own") && !pool.equals("unpooled")) {
            throw new IllegalArgumentException("recovery.pool: own or unpooled, was '" + pool + "'");
        }
        List<Long> intervals = new ArrayList<>();
        for (String s : System.getProperty("recovery.intervals", "1000,200").split(",")) {
            intervals.add(Long.parseLong(s.trim()));
        }
        Random random = new Random(Long.getLong("recovery.seed", 11));
        Map<String, Object> machine = Machine.describe();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("fault", fault);
        result.put("pool", pool);
        result.put("outagesPerInterval", outages);
        StringBuilder md = new StringBuilder();
        md.append("| fault | pool | refresh interval | outages | recovery p50 | p100 | p50 in intervals "
                + "| p100 in intervals | p100 <= 2 intervals | not stale (p50 / p100) | change seen (p50 / p100) |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|\n");
        try (Restartable pg = Restartable.start()) {
            for (long intervalMillis : intervals) {
                Map<String, Object> series = series(pg, fault, pool, Duration.ofMillis(intervalMillis), outages,
                        random, md);
                result.put("interval" + intervalMillis + "ms", series);
            }
        }
        result.put("machine", machine);
        result.put("loadAverageAfter", Machine.loadAverage());
        System.out.print(md);
        String name = "recovery-" + fault + (pool.equals("own") ? "" : "-" + pool);
        Files.writeString(Results.dir().resolve(name + ".md"), md.toString());
        System.out.println("wrote " + Results.write(name, result));
    }

    private static Map<String, Object> series(Restartable pg, String fault, String pool, Duration interval,
            int outages, Random random, StringBuilder md) throws Exception {
        String database = pg.createDatabase();
        double ms = interval.toMillis();
        List<Double> recovered = new ArrayList<>();
        List<Double> notStale = new ArrayList<>();
        List<Double> changeSeen = new ArrayList<>();
        List<Map<String, Object>> samples = new ArrayList<>();
        try (Relay relay = new Relay(pg.port())) {
            // The instances reach the database through the relay (a no-op for the 'stop' fault).
            String url = "jdbc:postgresql://localhost:" + relay.port() + "/" + database;
            PGSimpleDataSource direct = new PGSimpleDataSource();
            direct.setURL("jdbc:postgresql://localhost:" + pg.port() + "/" + database);
            direct.setUser("postgres");
            direct.setConnectTimeout(1);
            try (MaintenanceService a = instance(pool, url, interval, "a");
                 MaintenanceService b = instance(pool, url, interval, "b");
                 MaintenanceService operator = Maintenance.newBuilder().dataSource(direct).serviceName(SERVICE)
                         .refreshInterval(Duration.ofSeconds(10)).listenForChanges(false).instanceId("operator")
                         .build()) {
                List<MaintenanceService> instances = List.of(a, b);
                awaitFresh(instances, operator.status().version());
                for (int n = 1; n <= outages; n++) {
                    // The outage: until both instances say stale, then a little longer.
                    if (fault.equals("stop")) {
                        pg.down();
                    } else {
                        relay.cut();
                    }
                    long stopped = System.nanoTime();
                    for (MaintenanceService s : instances) {
                        await(() -> s.status().stale(), "instance never noticed outage " + n);
                    }
                    long extra = 500 + random.nextInt(1500);
                    Thread.sleep(extra);
                    if (fault.equals("stop")) {
                        pg.up();
                    } else {
                        relay.restore();
                    }
                    long t0 = System.nanoTime();
                    double outageMillis = (t0 - stopped) / 1e6;

                    // The operator's change, as soon as the database takes it (its own connection, no pool).
                    long committed;
                    long target;
                    while (true) {
                        try {
                            boolean on = n % 2 == 1;
                            MaintenanceStatus after = on ? operator.enable(Mode.READ_ONLY, "after outage " + n, "bench")
                                    : operator.disable("bench");
                            committed = System.nanoTime();
                            target = after.version();
                            break;
                        } catch (RuntimeException e) {
                            if (System.nanoTime() - t0 > GIVE_UP_NANOS) {
                                throw e;
                            }
                            Thread.sleep(5);
                        }
                    }
                    long[] freshAt = new long[2];
                    long[] seenAt = new long[2];
                    long[] bothAt = new long[2];
                    while (bothAt[0] == 0 || bothAt[1] == 0) {
                        long now = System.nanoTime();
                        for (int i = 0; i < 2; i++) {
                            MaintenanceStatus s = instances.get(i).status();
                            if (freshAt[i] == 0 && !s.stale()) {
                                freshAt[i] = now;
                            }
                            if (seenAt[i] == 0 && s.version() >= target) {
                                seenAt[i] = now;
                            }
                            if (bothAt[i] == 0 && !s.stale() && s.version() >= target) {
                                bothAt[i] = now;
                            }
                        }
                        if (now - t0 > GIVE_UP_NANOS) {
                            throw new IllegalStateException("outage " + n + ": an instance never recovered");
                        }
                        Thread.sleep(1);
                    }
                    for (int i = 0; i < 2; i++) {
                        double r = (bothAt[i] - t0) / 1e6;
                        recovered.add(r);
                        notStale.add((freshAt[i] - t0) / 1e6);
                        changeSeen.add((seenAt[i] - t0) / 1e6);
                        Map<String, Object> sample = new LinkedHashMap<>();
                        sample.put("outage", n);
                        sample.put("instance", i == 0 ? "a" : "b");
                        sample.put("outageMillis", outageMillis);
                        sample.put("changeCommittedAfterMillis", (committed - t0) / 1e6);
                        sample.put("notStaleAfterMillis", (freshAt[i] - t0) / 1e6);
                        sample.put("changeSeenAfterMillis", (seenAt[i] - t0) / 1e6);
                        sample.put("recoveredAfterMillis", r);
                        sample.put("recoveredInIntervals", r / ms);
                        samples.add(sample);
                    }
                    System.out.printf(Locale.ROOT, "interval %4.0f ms, outage %2d (%5.0f ms, %s): change committed "
                            + "+%4.0f ms; recovered A +%5.0f ms (%.2f intervals), B +%5.0f ms (%.2f intervals)%n",
                            ms, n, outageMillis, fault, (committed - t0) / 1e6, (bothAt[0] - t0) / 1e6,
                            (bothAt[0] - t0) / 1e6 / ms, (bothAt[1] - t0) / 1e6, (bothAt[1] - t0) / 1e6 / ms);
                    // A quiet moment before the next outage.
                    Thread.sleep(Math.max(300, 2 * interval.toMillis()));
                }
            }
        }
        double p50 = Stats.percentile(recovered, 50);
        double p100 = Stats.max(recovered);
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("refreshIntervalMillis", ms);
        series.put("outages", outages);
        series.put("samples", recovered.size());
        series.put("p50Millis", p50);
        series.put("p100Millis", p100);
        series.put("p50Intervals", p50 / ms);
        series.put("p100Intervals", p100 / ms);
        series.put("p100WithinTwoIntervals", p100 <= 2 * ms);
        series.put("notStaleP50Millis", Stats.percentile(notStale, 50));
        series.put("notStaleP100Millis", Stats.max(notStale));
        series.put("changeSeenP50Millis", Stats.percentile(changeSeen, 50));
        series.put("changeSeenP100Millis", Stats.max(changeSeen));
        series.put("details", samples);
        md.append(String.format(Locale.ROOT, "| %s | %s | %.0f ms | %d | %.0f ms | %.0f ms | %.2f | %.2f | %s "
                + "| %.0f / %.0f ms | %.0f / %.0f ms |%n", fault, pool, ms, outages, p50, p100, p50 / ms, p100 / ms,
                p100 <= 2 * ms ? "yes" : "no", Stats.percentile(notStale, 50), Stats.max(notStale),
                Stats.percentile(changeSeen, 50), Stats.max(changeSeen)));
        return series;
    }

    /** An instance on the relay's URL: through the library's own pool, or a connection opened for every use. */
    private static MaintenanceService instance(String pool, String url, Duration interval, String id) {
        Maintenance.Builder builder = Maintenance.newBuilder().serviceName(SERVICE).refreshInterval(interval)
                .instanceId(id);
        if (pool.equals("own")) {
            builder.jdbcUrl(url, "postgres", null);
        } else {
            PGSimpleDataSource unpooled = new PGSimpleDataSource();
            unpooled.setURL(url);
            unpooled.setUser("postgres");
            unpooled.setConnectTimeout(1);
            builder.dataSource(unpooled);
        }
        return builder.build();
    }

    private static void awaitFresh(List<MaintenanceService> instances, long version) throws InterruptedException {
        for (MaintenanceService s : instances) {
            await(() -> !s.status().stale() && s.status().version() >= version, "instance never fresh");
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String failure)
            throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > GIVE_UP_NANOS) {
                throw new IllegalStateException(failure);
            }
            Thread.sleep(2);
        }
    }

    /** An embedded PostgreSQL server that stops and starts again on the same port and data directory. */
    private static final class Restartable implements AutoCloseable {
        private final Path dataDir;
        private final int port;
        private EmbeddedPostgres server;
        private int databases;

        private Restartable(Path dataDir, int port) {
            this.dataDir = dataDir;
            this.port = port;
        }

        static Restartable start() throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Restartable pg = new Restartable(Files.createTempDirectory("intermission-recovery-pg"), port);
            pg.up();
            return pg;
        }

        int port() {
            return port;
        }

        void up() throws IOException {
            server = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                    .start();
        }

        void down() throws IOException {
            server.close();
            server = null;
        }

        String createDatabase() throws Exception {
            String name = "recovery" + (++databases);
            try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return name;
        }

        @Override
        public void close() throws IOException {
            if (server != null) {
                down();
            }
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * A TCP relay on a fixed local port to the server: {@link #cut()} drops every relayed connection and stops
     * listening (new connections are refused), {@link #restore()} listens again on the same port.
     */
    private static final class Relay implements AutoCloseable {
        private final int target;
        private final int port;
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        private volatile ServerSocket server;

        Relay(int target) throws IOException {
            this.target = target;
            ServerSocket s = listen(0);
            this.port = s.getLocalPort();
            accept(s);
        }

        int port() {
            return port;
        }

        private static ServerSocket listen(int port) throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return s;
        }

        private void accept(ServerSocket s) {
            server = s;
            Thread t = new Thread(() -> {
                while (!s.isClosed()) {
                    try {
                        Socket client = s.accept();
                        Socket upstream;
                        try {
                            upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                        } catch (IOException e) {
                            client.close();
                            continue;
                        }
                        sockets.add(client);
                        sockets.add(upstream);
                        pump(client, upstream);
                        pump(upstream, client);
                    } catch (IOException e) {
                        // closed: cut
                    }
                }
            }, "relay-accept");
            t.setDaemon(true);
            t.start();
        }

        private void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[16384];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // ended or cut
                } finally {
                    close(from);
                    close(to);
                    sockets.remove(from);
                    sockets.remove(to);
                }
            }, "relay-pump");
            t.setDaemon(true);
            t.start();
        }

        void cut() {
            close(server);
            for (Socket s : sockets) {
                close(s);
            }
            sockets.clear();
        }

        void restore() {
            try {
                accept(listen(port));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + port + " again", e);
            }
        }

        private static void close(AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // already closed
            }
        }

        @Override
        public void close() {
            cut();
        }
    }
}
