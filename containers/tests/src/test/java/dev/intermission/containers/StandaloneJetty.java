package dev.intermission.containers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Jetty 12 run from its jars in a JVM of its own, configured by one jetty.xml (src/test/webapps/jetty): an HTTP
 * connector on a port the system chooses, ee10 webapps hot deployed from base/webapps (a WAR written there is
 * deployed, touched is redeployed, deleted is undeployed), the webapps' login realm and a server-level JNDI
 * DataSource. Jetty logs to standard error through its own SLF4J logger, java.util.logging too; the process's
 * output is the log file, as Jetty's console-capture would keep it.
 */
final class StandaloneJetty extends StandaloneContainer {

    /** One line per java.util.logging record, like Jetty's own lines. */
    static final String JUL_FORMAT = "%1$tF %1$tT.%1$tL:%4$s:%3$s:%5$s%6$s%n";

    private final Map<String, String> jettyXmlReplacements = new LinkedHashMap<>();

    StandaloneJetty() {
        this(Build.work("jetty"));
    }

    private StandaloneJetty(Path base) {
        super(base, base.resolve("logs/jetty.log"), "jetty\\.log");
        Files2.copy(Build.sources().resolve("jetty/realm.properties"), base.resolve("etc/realm.properties"));
        for (String dir : List.of("lib", "logs", "tmp", "webapps")) {
            Files2.createDirectories(base.resolve(dir));
        }
    }

    /** Replaces a text of jetty.xml (the server-level DataSource's address) when the server starts. */
    StandaloneJetty replaceInJettyXml(String text, String replacement) {
        jettyXmlReplacements.put(text, replacement);
        return this;
    }

    @Override
    String name() {
        return "Jetty " + jettyVersion();
    }

    private static String jettyVersion() {
        try (var jars = Files.list(Build.jettyLib())) {
            return jars.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("jetty-server-"))
                    .map(n -> n.substring("jetty-server-".length(), n.length() - ".jar".length()))
                    .findFirst().orElse("12");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Jetty 12.1.8 keeps a class loader of a reloaded and undeployed webapp, even of one without the library. */
    @Override
    boolean releasesUndeployedClassLoaders() {
        return false;
    }

    @Override
    String webappClassLoaderClass() {
        return "WebAppClassLoader";
    }

    @Override
    Path webappsDir() {
        return work.resolve("webapps");
    }

    @Override
    Path libDir() {
        return work.resolve("lib");
    }

    @Override
    protected List<String> command() {
        String jettyXml = Files2.read(Build.sources().resolve("jetty/jetty.xml"));
        for (Map.Entry<String, String> r : jettyXmlReplacements.entrySet()) {
            jettyXml = jettyXml.replace(r.getKey(), r.getValue());
        }
        Path etcJettyXml = work.resolve("etc/jetty.xml");
        Files2.write(etcJettyXml, jettyXml);
        String classpath = Build.jettyLib() + File.separator + "*" + File.pathSeparator + libDir() + File.separator
                + "*";
        return List.of(Jdk.tool("java"), "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + work.resolve("tmp"),
                "-Djava.util.logging.SimpleFormatter.format=" + JUL_FORMAT,
                "-cp", classpath, "org.eclipse.jetty.xml.XmlConfiguration",
                "jetty.base=" + work, "jetty.http.port=0", etcJettyXml.toString());
    }

    @Override
    protected Pattern started() {
        return Pattern.compile("Started oejs\\.Server@");
    }

    @Override
    protected Pattern listening() {
        return Pattern.compile("Started oejs\\.ServerConnector@.*\\{127\\.0\\.0\\.1:(\\d+)\\}");
    }

    @Override
    void reload(String context) {
        ContainerLog.Mark mark = log.mark();
        Path war = webappsDir().resolve(context + ".war");
        try {
            Files.setLastModifiedTime(war, FileTime.from(Instant.now().plusSeconds(2)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        log.await(mark, l -> l.contains("Stopped oeje10w.WebAppContext@") && l.contains(",/" + context + ","),
                Waits.PATIENCE, "stopping /" + context);
        log.await(mark, l -> l.contains("Started oeje10w.WebAppContext@") && l.contains(",/" + context + ","),
                Waits.PATIENCE, "starting /" + context + " again");
    }

    @Override
    void undeploy(String context) {
        ContainerLog.Mark mark = log.mark();
        try {
            Files.delete(webappsDir().resolve(context + ".war"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        log.await(mark, l -> l.contains("Stopped oeje10w.WebAppContext@") && l.contains(",/" + context + ","),
                Waits.PATIENCE, "undeploying /" + context);
    }
}
