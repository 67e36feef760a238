package dev.intermission.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the JDK's tools (java, jcmd) from the JDK running the tests. */
final class Jdk {

    private Jdk() {
    }

    static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    static String tool(String name) {
        return javaHome().resolve("bin").resolve(name).toString();
    }

    /** Runs a JDK tool and returns what it printed; fails when it exits with an error. */
    static String run(String tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(tool(tool));
        command.addAll(List.of(args));
        Result r = exec(command);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }

    /** What a process printed (standard output and error together) and its exit status. */
    record Result(int exit, String output) {
    }

    static Result exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
