package dev.intermission.benchmarks.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.h2.jdbcx.JdbcDataSource;

import dev.intermission.Maintenance;
import dev.intermission.benchmarks.support.EmbeddedPg;
import dev.intermission.benchmarks.support.Machine;
import dev.intermission.benchmarks.support.Results;
import dev.intermission.benchmarks.support.Stats;

/**
 * How long {@code intermission status} takes against a local database (an H2 file, and an embedded PostgreSQL on
 * this machine that the benchmark starts once), as a multiple of a JVM that prints "hello" with the same jar on
 * its class path, both measured in this run, alternating, over several rounds (medians). A third program, run the
 * same way in the same rounds, is the floor under any JVM command that reads the database: {@link ConnectOnly}
 * opens one connection with the same driver and runs {@code SELECT 1}, and no code of the library runs.
 * Two ways of running: {@code java -jar intermission-cli.jar} as is, and the launcher {@code intermission} that
 * the build puts beside it (the JVM settings of a short run and a class-data-sharing archive); the baseline runs
 * the same way each time (the same JVM options and archive), so that the ratio compares like with like.
 *
 * <p>System properties: {@code cli.target} (default {@code cli/target}), {@code rounds} (default 21).
 */
public final class CliStartupBenchmark {

    private static final Pattern JVM_OPTIONS = Pattern.compile("(?m)^JVM_OPTIONS=\"([^\"]*)\"");

    private CliStartupBenchmark() {
    }

    /**
     * Runs the benchmark and writes {@code cli-startup.json}.
     *
     * @param args ignored
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 21);
        Path target = Path.of(System.getProperty("cli.target", "cli/target")).toAbsolutePath();
        Path jar = target.resolve("intermission-cli.jar");
        Path launcher = target.resolve("intermission");
        Path archive = target.resolve("intermission-cli.jsa");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(launcher)) {
            throw new IllegalStateException("build the CLI first: mvn -B -q -pl cli -am package -DskipTests ("
                    + jar + ", " + launcher + ")");
        }
        Path dir = Files.createTempDirectory("cli-startup");
        String h2Url = "jdbc:h2:file:" + dir.resolve("app");
        JdbcDataSource tables = new JdbcDataSource();
        tables.setURL(h2Url);
        tables.setUser("sa");
        Maintenance.newBuilder().dataSource(tables).build().close();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String helloPath = jar + File.pathSeparator
                + Path.of(Hello.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("machine", Machine.describe());
        result.put("rounds", rounds);
        result.put("loadBefore", Machine.loadAverage());
        List<String> h2Status = List.of("--jdbc-url", h2Url, "--user", "sa", "status");
        List<String> plainStatus = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        plainStatus.addAll(h2Status);
        List<String> plainHello = List.of(java, "-cp", helloPath, Hello.class.getName());
        // The URL the CLI connects with: it opens an existing H2 file only, and does not compact it at close.
        List<String> h2Connect = List.of(h2Url + ";IFEXISTS=TRUE;MAX_COMPACT_TIME=0", "sa");
        List<String> plainConnect = new ArrayList<>(List.of(java, "-cp", helloPath, ConnectOnly.class.getName()));
        plainConnect.addAll(h2Connect);
        result.put("plain", measure("h2, java -jar", rounds, plainStatus, plainHello, plainConnect, java));
        result.put("launcher", measureLauncher("h2, launcher", rounds, launcher, archive, h2Status, h2Connect,
                helloPath, java));
        try (EmbeddedPg pg = EmbeddedPg.start()) {
            String pgUrl = pg.createDatabase("cli_startup");
            Maintenance.newBuilder().dataSource(pg.dataSource("cli_startup")).build().close();
            List<String> pgStatus = List.of("--jdbc-url", pgUrl, "--user", "postgres", "status");
            result.put("postgresqlLauncher", measureLauncher("postgresql, launcher", rounds, launcher, archive,
                    pgStatus, List.of(pgUrl, "postgres"), helloPath, java));
        }
        result.put("loadAfter", Machine.loadAverage());
        Path written = Results.write("cli-startup", result);
        System.out.println("written: " + written);
    }

    /**
     * The launcher against one database, from its first run: the archive is deleted, so that the database's first
     * {@code status} writes it as an operator's first run would; the baseline and the floor then run with that
     * archive.
     */
    private static Map<String, Object> measureLauncher(String label, int rounds, Path launcher, Path archive,
            List<String> statusArgs, List<String> connectArgs, String helloPath, String java)
            throws IOException, InterruptedException {
        Files.deleteIfExists(archive);
        List<String> status = new ArrayList<>(List.of(launcher.toString()));
        status.addAll(statusArgs);
        run(status, java); // the first run writes the archive
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the launcher wrote no archive at " + archive);
        }
        List<String> hello = new ArrayList<>(List.of(java));
        hello.addAll(jvmOptions(launcher));
        hello.add("-XX:SharedArchiveFile=" + archive);
        List<String> connect = new ArrayList<>(hello);
        hello.addAll(List.of("-cp", helloPath, Hello.class.getName()));
        connect.addAll(List.of("-cp", helloPath, ConnectOnly.class.getName()));
        connect.addAll(connectArgs);
        return measure(label, rounds, status, hello, connect, java);
    }

    private static Map<String, Object> measure(String label, int rounds, List<String> status, List<String> hello,
            List<String> connect, String java) throws IOException, InterruptedException {
        run(status, java);
        run(hello, java);
        run(connect, java);
        List<Long> statusMillis = new ArrayList<>();
        List<Long> helloMillis = new ArrayList<>();
        List<Long> connectMillis = new ArrayList<>();
        int stderrLines = 0;
        for (int i = 0; i < rounds; i++) {
            Timed s = run(status, java);
            statusMillis.add(s.millis);
            stderrLines = Math.max(stderrLines, s.stderrLines);
            helloMillis.add(run(hello, java).millis);
            connectMillis.add(run(connect, java).millis);
        }
        double s = Stats.median(statusMillis);
        double h = Stats.median(helloMillis);
        double c = Stats.median(connectMillis);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("statusCommand", String.join(" ", status));
        m.put("helloCommand", String.join(" ", hello));
        m.put("statusMedianMillis", s);
        m.put("statusMinMillis", Stats.min(statusMillis));
        m.put("helloMedianMillis", h);
        m.put("helloMinMillis", Stats.min(helloMillis));
        m.put("connectCommand", String.join(" ", connect));
        m.put("connectMedianMillis", c);
        m.put("connectMinMillis", Stats.min(connectMillis));
        m.put("ratio", Math.round(s / h * 100) / 100.0);
        m.put("connectRatio", Math.round(c / h * 100) / 100.0);
        m.put("statusOverConnect", Math.round(s / c * 100) / 100.0);
        m.put("statusStderrLines", stderrLines);
        System.out.printf("%-20s status median %5.0f ms (min %4.0f), hello median %4.0f ms (min %4.0f): ratio %.2f;"
                + " connect-only median %4.0f ms (min %4.0f): ratio %.2f, status / connect-only %.2f"
                + " (%d line(s) on stderr)%n", label, s, Stats.min(statusMillis), h, Stats.min(helloMillis), s / h,
                c, Stats.min(connectMillis), c / h, s / c, stderrLines);
        return m;
    }

    private record Timed(long millis, int stderrLines) {
    }

    private static Timed run(List<String> command, String java) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA", java);
        builder.environment().remove("JAVA_OPTS");
        long start = System.nanoTime();
        Process p = builder.start();
        byte[] err = p.getErrorStream().readAllBytes();
        int exit = p.waitFor();
        long millis = (System.nanoTime() - start) / 1_000_000;
        String stderr = new String(err, StandardCharsets.UTF_8);
        if (exit != 0) {
            throw new IllegalStateException(command + " exited with " + exit + ": " + stderr);
        }
        return new Timed(millis, (int) stderr.lines().count());
    }

    /** The JVM options the launcher gives, read from it, so that the baseline runs with exactly those. */
    private static List<String> jvmOptions(Path launcher) throws IOException {
        Matcher m = JVM_OPTIONS.matcher(Files.readString(launcher));
        if (!m.find()) {
            throw new IllegalStateException("no JVM_OPTIONS=\"...\" line in " + launcher);
        }
        return Arrays.stream(m.group(1).trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}
