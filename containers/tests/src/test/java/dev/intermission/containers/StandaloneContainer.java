package dev.intermission.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A servlet container in a process of its own, started and stopped by the test: its files live under
 * target/containers/NAME, its output is its log, and its webapps are WAR files in its webapps directory.
 */
abstract class StandaloneContainer implements AutoCloseable {

    /** The environment of the container process: the secret the migrations case reads (not in any file). */
    static final Map<String, String> ENVIRONMENT = Map.of("ORDERS_ADMIN_TOKEN", Http.ADMIN_TOKEN);

    protected final Path work;
    protected final ContainerLog log;
    private Process process;
    private int port;

    protected StandaloneContainer(Path work, Path consoleLog, String otherLogs) {
        this.work = work;
        this.log = new ContainerLog(consoleLog, otherLogs);
    }

    /** The name and version, for messages. */
    abstract String name();

    /** The directory the container deploys WAR files from. */
    abstract Path webappsDir();

    /** The container's own lib directory (drivers put there are shared by every webapp). */
    abstract Path libDir();

    /** The command that runs the container in the foreground. */
    protected abstract List<String> command();

    /** Extra environment for the command. */
    protected Map<String, String> environment() {
        return Map.of();
    }

    /** The log line saying the container has started, after deploying its webapps. */
    protected abstract Pattern started();

    /** The log line naming the HTTP port (group 1) it listens on. */
    protected abstract Pattern listening();

    /** Reloads a webapp in place and waits until it has started again. */
    abstract void reload(String context);

    /** Undeploys a webapp and waits until it is gone. */
    abstract void undeploy(String context);

    /** Writes a WAR into the webapps directory: deployed at start, or hot deployed when running. */
    void put(String context, War war) {
        war.writeTo(webappsDir().resolve(context + ".war"));
    }

    ContainerLog log() {
        return log;
    }

    URI uri(String context, String path) {
        return URI.create("http://127.0.0.1:" + port + "/" + context + path);
    }

    long pid() {
        return process.pid();
    }

    /** Starts the process and waits until it serves HTTP with its webapps deployed. */
    void start() {
        ProcessBuilder builder = new ProcessBuilder(command()).directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()));
        builder.environment().putAll(ENVIRONMENT);
        builder.environment().putAll(environment());
        Files2.createDirectories(log.file().getParent());
        ContainerLog.Mark mark = log.mark();
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name(), e);
        }
        // Should the test JVM end without stopping it (killed on a timeout), the container goes with it.
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        long deadline = System.nanoTime() + Waits.PATIENCE.toNanos();
        while (true) {
            List<String> lines = log.linesSince(mark);
            if (lines.stream().anyMatch(l -> started().matcher(l).find())) {
                for (String line : lines) {
                    Matcher m = listening().matcher(line);
                    if (m.find()) {
                        port = Integer.parseInt(m.group(1));
                        return;
                    }
                }
                throw new AssertionError(name() + " started but its port is not in the log:\n" + log.tail(mark));
            }
            if (!process.isAlive()) {
                throw new AssertionError(name() + " exited with " + process.exitValue() + ":\n" + log.tail(mark));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name() + " did not start in time:\n" + log.tail(mark));
            }
            Waits.pause();
        }
    }

    /** Stops the process as an operator would (SIGTERM: the container stops its webapps) and waits for it. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The names of the container JVM's live threads, from the JDK's own tool. */
    List<String> threadNames() {
        Pattern name = Pattern.compile("^\"([^\"]*)\"");
        return Jdk.run("jcmd", String.valueOf(pid()), "Thread.print").lines()
                .map(name::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
    }

    /**
     * Whether the container itself lets go of an undeployed webapp's class loader, so that a loader still alive
     * after a full collection is the webapp's own leak.
     */
    boolean releasesUndeployedClassLoaders() {
        return true;
    }

    /** The simple name of the class of the container's webapp class loaders. */
    abstract String webappClassLoaderClass();

    /**
     * The webapp class loaders alive in the container JVM after a full collection: one per deployed webapp, unless
     * something outside a webapp still holds an undeployed one (a leak).
     */
    long liveWebappClassLoaders() {
        Jdk.run("jcmd", String.valueOf(pid()), "GC.run");
        return Jdk.run("jcmd", String.valueOf(pid()), "VM.classloader_stats").lines()
                .filter(l -> l.strip().endsWith("." + webappClassLoaderClass())).count();
    }

    @Override
    public String toString() {
        return name();
    }
}
