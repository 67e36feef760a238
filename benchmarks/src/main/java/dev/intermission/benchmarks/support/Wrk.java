package dev.intermission.benchmarks.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the wrk load generator and reads its summary. */
public final class Wrk {

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("^\\s*99(?:\\.000)?%\\s+([0-9.]+)(us|ms|s|m|h)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern TOTAL = Pattern.compile("([0-9]+) requests in ([0-9.]+)(us|ms|s|m|h)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)");

    private final String executable;
    private final int threads;
    private final int connections;

    /**
     * Creates a runner.
     *
     * @param threads     wrk's {@code -t}
     * @param connections wrk's {@code -c}
     */
    public Wrk(int threads, int connections) {
        this.executable = find();
        this.threads = threads;
        this.connections = connections;
    }

    private static String find() {
        for (String candidate : List.of("/usr/bin/wrk", "/usr/local/bin/wrk")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("wrk not found: install it (apt-get install -y wrk) or run benchmarks/run.sh "
                + "as root, which installs it");
    }

    /**
     * Returns the command line for a run, as documented.
     *
     * @param seconds the duration
     * @param url     the target
     * @return the command
     */
    public List<String> command(int seconds, String url) {
        return List.of(executable, "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency", url);
    }

    /**
     * Runs wrk once and waits for it.
     *
     * @param seconds the duration
     * @param url     the target
     * @return the summary
     * @throws IOException          when wrk cannot be started or fails
     * @throws InterruptedException when interrupted while waiting
     */
    public Run run(int seconds, String url) throws IOException, InterruptedException {
        List<String> command = command(seconds, url);
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        int exit = process.waitFor();
        String text = new String(out, StandardCharsets.UTF_8);
        if (exit != 0) {
            throw new IOException("wrk exited with " + exit + ":\n" + text);
        }
        return parse(text);
    }

    /**
     * Reads wrk's output.
     *
     * @param text the output of {@code wrk --latency}
     * @return the summary
     * @throws IllegalArgumentException when the output has no requests-per-second or 99th percentile line
     */
    public static Run parse(String text) {
        Matcher rps = RPS.matcher(text);
        Matcher p99 = P99.matcher(text);
        Matcher total = TOTAL.matcher(text);
        if (!rps.find() || !p99.find() || !total.find()) {
            throw new IllegalArgumentException("unexpected wrk output:\n" + text);
        }
        Matcher non2xx = NON_2XX.matcher(text);
        long non2xxCount = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
        Matcher errors = SOCKET_ERRORS.matcher(text);
        long socketErrors = 0;
        if (errors.find()) {
            for (int i = 1; i <= 4; i++) {
                socketErrors += Long.parseLong(errors.group(i));
            }
        }
        return new Run(Double.parseDouble(rps.group(1)), toMillis(p99.group(1), p99.group(2)),
                Long.parseLong(total.group(1)), toMillis(total.group(2), total.group(3)) / 1000.0, non2xxCount,
                socketErrors, text);
    }

    private static double toMillis(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "us" -> v / 1000.0;
            case "ms" -> v;
            case "s" -> v * 1000.0;
            case "m" -> v * 60_000.0;
            case "h" -> v * 3_600_000.0;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }

    /**
     * One wrk run.
     *
     * @param requestsPerSecond wrk's Requests/sec
     * @param p99Millis         the 99th percentile latency, in milliseconds
     * @param requests          the requests completed
     * @param seconds           the run's duration as wrk measured it
     * @param non2xx            responses with a status other than 2xx or 3xx
     * @param socketErrors      connect, read, write and timeout errors
     * @param output            wrk's output
     */
    public record Run(double requestsPerSecond, double p99Millis, long requests, double seconds, long non2xx,
            long socketErrors, String output) {
    }
}
