package dev.intermission.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Measures how long {@code java -jar intermission-cli.jar status} takes against a local H2 file, next to a JVM
 * that prints {@code hello} from the same jar's class path: alternating runs, medians, and their ratio. Not a
 * test (times are not asserted anywhere); run it by hand after {@code package}:
 *
 * <pre>
 * java -cp cli/target/test-classes:cli/target/intermission-cli.jar dev.intermission.cli.StartupTime [ROUNDS] [JVM-OPTION...]
 * </pre>
 *
 * <p>JVM options after the rounds go to both commands (for example {@code -XX:SharedArchiveFile=cli.jsa}).
 */
public final class StartupTime {

    private StartupTime() {
    }

    /**
     * Runs the measurement and prints the medians.
     *
     * @param args the number of rounds (default 15)
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        List<String> options = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        dev.intermission.cli.internal.Logging.configure(new String[0]);
        Path jar = Path.of("cli/target/intermission-cli.jar").toAbsolutePath();
        Path classes = Path.of("cli/target/test-classes").toAbsolutePath();
        Path dir = Files.createTempDirectory("startup");
        String url = "jdbc:h2:file:" + dir.resolve("app");
        dev.intermission.Maintenance.newBuilder().jdbcUrl(url, "sa", null).build().close();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> status = new ArrayList<>(List.of(java));
        status.addAll(options);
        status.addAll(List.of("-jar", jar.toString(), "--jdbc-url", url, "--user", "sa", "status"));
        List<String> hello = new ArrayList<>(List.of(java));
        hello.addAll(options);
        hello.addAll(List.of("-cp", jar + File.pathSeparator + classes, Hello.class.getName()));
        time(status);
        time(hello);
        List<Long> statusTimes = new ArrayList<>();
        List<Long> helloTimes = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            statusTimes.add(time(status));
            helloTimes.add(time(hello));
        }
        long s = median(statusTimes);
        long h = median(helloTimes);
        System.out.printf("status: median %d ms (min %d, max %d)%n", s, Collections.min(statusTimes),
                Collections.max(statusTimes));
        System.out.printf("hello:  median %d ms (min %d, max %d)%n", h, Collections.min(helloTimes),
                Collections.max(helloTimes));
        System.out.printf("ratio:  %.2f over %d alternating rounds%s%n", (double) s / h, rounds,
                options.isEmpty() ? "" : " with " + String.join(" ", options));
    }

    private static long time(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = p.waitFor();
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (exit != 0) {
            throw new IllegalStateException(command + " exited with " + exit);
        }
        return millis;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
