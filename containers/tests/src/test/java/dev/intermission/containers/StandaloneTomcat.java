package dev.intermission.containers;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tomcat from its distribution: CATALINA_HOME is the unpacked tar.gz, left untouched; CATALINA_BASE is a fresh
 * directory with the distribution's conf (server.xml with the HTTP port chosen by the system and no shutdown
 * port, the users of tomcat-users.xml), the manager webapp (reload and undeploy go through its text interface),
 * the container's lib, and logs/catalina.out as {@code catalina.sh start} would write it.
 */
final class StandaloneTomcat extends StandaloneContainer {

    private static final String DEPLOYER = "deployer";
    private static final String DEPLOYER_PASSWORD = "deployer-password";

    private final Path home;
    private final String version;

    StandaloneTomcat(Path home) {
        this(home, home.getFileName().toString().replace("apache-tomcat-", ""));
    }

    private StandaloneTomcat(Path home, String version) {
        this(home, version, Build.work("tomcat-" + version));
    }

    private StandaloneTomcat(Path home, String version, Path base) {
        super(base, base.resolve("logs/catalina.out"), "localhost\\..*\\.log");
        this.home = home;
        this.version = version;
        Files2.copyTree(home.resolve("conf"), base.resolve("conf"));
        // No shutdown port (the test stops the process), the HTTP port chosen by the system, webapps deployed
        // two at a time.
        String serverXml = Files2.read(base.resolve("conf/server.xml"));
        serverXml = replaceOnce(serverXml, "<Server port=\"8005\"", "<Server port=\"-1\"");
        serverXml = replaceOnce(serverXml, "<Connector port=\"8080\"", "<Connector port=\"0\" address=\"127.0.0.1\"");
        serverXml = replaceOnce(serverXml, "unpackWARs=\"true\" autoDeploy=\"true\">",
                "unpackWARs=\"true\" autoDeploy=\"true\" startStopThreads=\"2\">");
        Files2.write(base.resolve("conf/server.xml"), serverXml);
        Files2.copy(Build.sources().resolve("tomcat/tomcat-users.xml"), base.resolve("conf/tomcat-users.xml"));
        Files2.copyTree(home.resolve("webapps/manager"), base.resolve("webapps/manager"));
        for (String dir : List.of("lib", "logs", "temp", "work")) {
            Files2.createDirectories(base.resolve(dir));
        }
    }

    private static String replaceOnce(String text, String from, String to) {
        if (!text.contains(from)) {
            throw new IllegalStateException("server.xml has no " + from);
        }
        return text.replace(from, to);
    }

    @Override
    String name() {
        return "Tomcat " + version;
    }

    @Override
    String webappClassLoaderClass() {
        return "ParallelWebappClassLoader";
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
        return List.of("sh", home.resolve("bin/catalina.sh").toString(), "run");
    }

    @Override
    protected Map<String, String> environment() {
        return Map.of("CATALINA_HOME", home.toString(), "CATALINA_BASE", work.toString(),
                "JAVA_HOME", Jdk.javaHome().toString(), "CATALINA_OPTS", "-Xmx384m -XX:TieredStopAtLevel=1");
    }

    @Override
    protected Pattern started() {
        return Pattern.compile("Catalina\\.start Server startup in");
    }

    @Override
    protected Pattern listening() {
        return Pattern.compile("Starting ProtocolHandler \\[\"http-nio-127\\.0\\.0\\.1-auto-\\d+-(\\d+)\"\\]");
    }

    @Override
    void reload(String context) {
        manager("reload", context);
    }

    @Override
    void undeploy(String context) {
        manager("undeploy", context);
    }

    /** The manager's text interface answers once the command is done: "OK - ..." or "FAIL - ...". */
    private void manager(String command, String context) {
        URI uri = uri("manager", "/text/" + command + "?path=/" + context);
        Http.Response r = Http.get(uri, "Authorization", Http.basic(DEPLOYER, DEPLOYER_PASSWORD));
        if (r.status() != 200 || !r.body().startsWith("OK")) {
            throw new AssertionError(name() + " manager " + command + " of /" + context + " failed: " + r);
        }
    }
}
