package dev.intermission.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.intermission.MaintenanceService;
import dev.intermission.Mode;

/**
 * What docs/containers.md promises, checked in one standalone container: every case of the page deployed as a
 * WAR at start (so the container starts once), then driven over HTTP and read in the container's log. The
 * container's own lib holds one JDBC driver ({@link #containerLibDriver()}); webapps on the other database carry
 * theirs in WEB-INF/lib, so each container runs the JDBC-URL set-up with the driver in both places.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StandaloneContainerContract {

    /** The message switched on in these tests. */
    static final String MESSAGE = "Upgrading the database";
    /** The service name of the webapp whose threads are counted across its reload and undeploy. */
    static final String RELOADED_SERVICE = "orders-reloaded";
    private static final String SERVICE_NAME_PARAM =
            "<param-name>intermission.serviceName</param-name>\n      <param-value>";
    /** The service name of the webapp undeployed while its database cannot be reached. */
    static final String UNREACHABLE_SERVICE = "orders-unreachable";
    /** The password of the wrong-password cases. */
    static final String WRONG_PASSWORD = "not-the-password";
    /** The message the filter gives while the state has never been read. */
    static final String UNKNOWN_STATE_MESSAGE = "cannot be read yet";

    private static final ObjectMapper JSON = new ObjectMapper();

    protected StandaloneContainer container;
    protected final Map<String, Deployment> deployments = new LinkedHashMap<>();
    private final List<TcpProxy> proxies = new ArrayList<>();
    private Databases databases;

    /** The container, not started. */
    abstract StandaloneContainer newContainer();

    /** The database whose driver is in the container's lib; the other one's driver goes into WEB-INF/lib. */
    abstract Databases.Kind containerLibDriver();

    /** Adds the container's own file declaring the DataSource jdbc/orders (context.xml, jetty-env.xml). */
    abstract War withJndiDataSource(War war, Databases.Kind kind);

    /**
     * A WAR whose filter runs on the library's own pool ({@code intermission.jdbcUrl}): the jars of its use, the
     * same as on a DataSource of the container (the pool is core's own).
     */
    static War ownPool(Use use) {
        return War.of(use);
    }

    /** A WAR on a DataSource of the container: the jars of its use. */
    static War containerDataSource(Use use) {
        return War.of(use);
    }

    /** Deploys what only this container has (before it starts). */
    void deployContainerCases() {
    }

    final Databases.Kind webInfLibDriver() {
        return containerLibDriver() == Databases.Kind.H2 ? Databases.Kind.POSTGRES : Databases.Kind.H2;
    }

    @BeforeAll
    final void startContainer() {
        databases = Databases.shared();
        container = newContainer();
        Files2.copy(driverJar(containerLibDriver()), container.libDir().resolve(
                driverJar(containerLibDriver()).getFileName()));

        // Each case on the database whose driver the container has, unless it is about WEB-INF/lib.
        Databases.Kind lib = containerLibDriver();
        Databases.Kind webInf = webInfLibDriver();
        String jdbcUrl = "jdbc-url/WEB-INF/web.xml";
        String jndi = "jndi/WEB-INF/web.xml";
        deploy("jdbc-url", ownPool(Use.ADMIN).file("WEB-INF/web.xml", jdbcUrl), lib, true);
        deploy("jdbc-url-web-inf-lib", ownPool(Use.ADMIN).file("WEB-INF/web.xml", jdbcUrl), webInf, true);
        deploy("filter-only", ownPool(Use.FILTER).file("WEB-INF/web.xml", "filter-only/WEB-INF/web.xml"), lib, true);
        deploy("jndi", withJndiDataSource(containerDataSource(Use.ADMIN).file("WEB-INF/web.xml", jndi), lib), lib,
                true);
        deploy("migrations", withJndiDataSource(containerDataSource(Use.MIGRATIONS)
                .file("WEB-INF/web.xml", "migrations/WEB-INF/web.xml"), lib), lib, true);
        // Reloaded and undeployed: the threads, and the container's leak warnings with the driver in WEB-INF/lib.
        deploy("reload-threads", ownPool(Use.ADMIN).file("WEB-INF/web.xml", jdbcUrl)
                .replace(SERVICE_NAME_PARAM + "orders", SERVICE_NAME_PARAM + RELOADED_SERVICE), lib, true);
        deploy("reload-log", ownPool(Use.ADMIN).file("WEB-INF/web.xml", jdbcUrl), webInf, true);
        deploy("undeploy-db-down", ownPool(Use.ADMIN).file("WEB-INF/web.xml", jdbcUrl)
                .replace(SERVICE_NAME_PARAM + "orders", SERVICE_NAME_PARAM + UNREACHABLE_SERVICE), lib, false);
        // The database unreachable when the container starts, or refusing the password, however given.
        deploy("db-down", ownPool(Use.ADMIN).file("WEB-INF/web.xml", jdbcUrl), lib, false);
        deploy("db-down-recovers", ownPool(Use.ADMIN).file("WEB-INF/web.xml", jdbcUrl), lib, false);
        deploy("wrong-password", ownPool(Use.ADMIN).file("WEB-INF/web.xml", jdbcUrl)
                .replace(Databases.PASSWORD, WRONG_PASSWORD), lib, true);
        deploy("jndi-db-down", withJndiDataSource(containerDataSource(Use.ADMIN).file("WEB-INF/web.xml", jndi), lib),
                lib, false);
        deploy("jndi-wrong-password", withJndiDataSource(containerDataSource(Use.ADMIN)
                .file("WEB-INF/web.xml", jndi), lib).replace(Databases.PASSWORD, WRONG_PASSWORD), lib, true);
        // Mistakes that must be reported.
        deploy("admin-token-typo", ownPool(Use.ADMIN)
                .file("WEB-INF/web.xml", "mistakes/admin-token-typo/WEB-INF/web.xml"), lib, true);
        deploy("admin-param-case", ownPool(Use.ADMIN)
                .file("WEB-INF/web.xml", "mistakes/admin-param-case/WEB-INF/web.xml"), lib, true);
        deploy("no-async-supported", ownPool(Use.ADMIN)
                .file("WEB-INF/web.xml", "mistakes/no-async-supported/WEB-INF/web.xml"), lib, true);
        deployContainerCases();
        container.start();
        // A first read that fails (a slow first connection on a busy machine) applies the unknown-state policy until
        // the next refresh: the tests begin once each webapp that serves has read its state.
        for (String context : List.of("jdbc-url", "jdbc-url-web-inf-lib", "filter-only", "jndi", "reload-threads",
                "reload-log")) {
            awaitStatus(deployment(context), "/hello", 200);
        }
    }

    @AfterAll
    final void stopContainer() {
        if (container != null) {
            container.close();
        }
        proxies.forEach(TcpProxy::close);
    }

    /** Creates the webapp's database and relay, points its case files at them, and puts its WAR in place. */
    final Deployment deploy(String context, War war, Databases.Kind kind, boolean databaseUp) {
        String dbName = (container.name().replaceAll("[^A-Za-z0-9]", "") + "_" + context.replace('-', '_'))
                .toLowerCase(Locale.ROOT);
        Databases.Db db = databases.create(kind, dbName);
        TcpProxy proxy = new TcpProxy(db.port(), databaseUp);
        proxies.add(proxy);
        war.replace("jdbc:postgresql://localhost:5432/orders", db.url(proxy.port()))
                .replace("jdbc:h2:tcp://localhost:9092/orders", db.url(proxy.port()));
        if (kind != containerLibDriver()) {
            war.driver(driverJar(kind));
        }
        container.put(context, war);
        Deployment d = new Deployment(container, context, war, db, proxy);
        deployments.put(context, d);
        return d;
    }

    static Path driverJar(Databases.Kind kind) {
        return kind == Databases.Kind.H2 ? Build.h2Driver() : Build.postgresDriver();
    }

    final Deployment deployment(String context) {
        return deployments.get(context);
    }

    static JsonNode json(Http.Response r) {
        try {
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r, e);
        }
    }

    /** The public status of the admin endpoint. */
    static JsonNode status(Deployment d) {
        Http.Response r = Http.get(d.admin());
        assertEquals(200, r.status(), () -> "status of " + d + ": " + r);
        return json(r);
    }

    /** The status an operator sees on a JNDI webapp: the admin endpoint as the container's user with role ops. */
    static JsonNode operatorStatusAsRole(Deployment d) {
        Http.Response r = Http.get(d.admin(), "Authorization", Http.basic(Http.OPERATOR, Http.USER_PASSWORD));
        assertEquals(200, r.status(), () -> "status of " + d + ": " + r);
        return json(r);
    }

    /** The status an operator sees (who changed it, when): the admin endpoint with the admin token. */
    static JsonNode operatorStatus(Deployment d) {
        Http.Response r = Http.get(d.admin(), "Authorization", Http.bearer(Http.ADMIN_TOKEN));
        assertEquals(200, r.status(), () -> "status of " + d + ": " + r);
        return json(r);
    }

    static Http.Response page(Deployment d, String path) {
        return Http.get(d.uri(path), "Authorization", Http.asUser());
    }

    /** Waits until the page answers with the given status (another instance's change arrives within a refresh). */
    static Http.Response awaitStatus(Deployment d, String path, int status) {
        return Waits.until(() -> page(d, path), r -> r.status() == status, d + path + " answering " + status);
    }

    /**
     * A line the library logged: a log record (it starts with its time) whose logger, named after the library's
     * class, is {@code dev.intermission...} (Tomcat prints it after the thread, Jetty's java.util.logging format
     * between colons); not a stack trace line, nor a message that merely mentions a library class.
     */
    static boolean isLibraryLine(String line) {
        return LIBRARY_LINE.matcher(line).find();
    }

    /** Tomcat's warnings about what a stopped webapp left behind (threads, drivers, thread-locals). */
    private static final Pattern LEAK_WARNING = Pattern.compile(
            "memory leak|failed to unregister|failed to stop|started a thread|created a ThreadLocal");

    /**
     * Tomcat's own utility threads: one created while a webapp (re)starts inherits that webapp's class loader, and
     * Tomcat then names it at the webapp's undeploy ("started a thread named [Catalina-utility-2]"), whatever the
     * webapp runs. Not a thread of the library, which names its threads {@code intermission-...}.
     */
    private static final Pattern CONTAINER_OWN_THREAD = Pattern.compile("thread named \\[Catalina-utility-\\d+\\]");

    /** A leak warning about anything but the container's own utility threads. */
    static boolean isLeakWarning(String line) {
        return LEAK_WARNING.matcher(line).find() && !CONTAINER_OWN_THREAD.matcher(line).find();
    }

    private static final Pattern LIBRARY_LINE = Pattern.compile("^\\d.*[ :]dev\\.intermission\\.\\S+[ :]");

    static Predicate<String> warningOrWorse() {
        return l -> l.contains(" WARNING ") || l.contains(" SEVERE ") || l.contains(":WARN :") || l.contains(":ERROR:")
                || l.contains(":WARNING:") || l.contains(":SEVERE:");
    }

    // --------------------------------------------------------------------------------------- the application

    @Test
    void application_servesItsPagesForwardIncludeJspAsyncAndStaticFiles_whenMaintenanceIsOff() {
        Deployment d = deployment("jdbc-url");
        Http.Response hello = page(d, "/hello");
        assertEquals(200, hello.status(), hello::toString);
        assertTrue(hello.body().startsWith("hello from "), hello::toString);
        assertEquals("a static file\n", page(d, "/static/hello.txt").body());
        Http.Response forward = page(d, "/forward");
        assertEquals(200, forward.status(), forward::toString);
        assertEquals("jsp: forwarded by a servlet", forward.body().strip());
        Http.Response include = page(d, "/include");
        assertEquals(200, include.status(), include::toString);
        assertEquals("include: [a JSP fragment] [" + hello.body() + "]", include.body());
        Http.Response async = page(d, "/async");
        assertEquals(200, async.status(), async::toString);
        assertEquals("async: answered on another thread", async.body());
    }

    @Test
    void ownSecurityConstraint_asksForLoginOnPages_butLeavesTheAdminEndpointAndHealthCheckOut() {
        Deployment d = deployment("jdbc-url");
        Http.Response anonymous = Http.get(d.uri("/hello"));
        assertEquals(401, anonymous.status(), "the application's login still applies: " + anonymous);
        assertEquals(200, Http.get(d.uri("/health")).status());
        Http.Response status = Http.get(d.admin());
        assertEquals(200, status.status(), status::toString);
        assertEquals("orders", json(status).get("service").asText());
        // A bearer token reaches the endpoint: the container does not answer 401 for it.
        Http.Response refused = Http.send("PATCH", d.admin(), "{\"maintenance\": true}", "Content-Type",
                "application/json", "Authorization", Http.bearer("not-the-token-at-all-1234"));
        assertEquals(401, refused.status(), refused::toString);
        assertEquals("application/problem+json", refused.header("Content-Type").orElse(""), refused::toString);
        assertFalse(status(d).get("maintenance").asBoolean(), "a refused change changes nothing");
    }

    // ---------------------------------------------------------------------------------------- maintenance

    @Test
    void maintenanceSwitchedOverTheAdminEndpoint_refusesWith503AndItsHeaders_thenServesAgain() {
        Deployment d = deployment("jdbc-url");
        Http.Response on = Http.patchAdmin(d.admin(), "{\"mode\": \"full\", \"message\": \"" + MESSAGE + "\"}");
        assertEquals(200, on.status(), on::toString);
        assertEquals("full", json(on).get("effectiveMode").asText().toLowerCase(Locale.ROOT));
        try {
            Http.Response refused = page(d, "/hello");
            assertEquals(503, refused.status(), refused::toString);
            assertTrue(refused.header("Retry-After").orElse("").matches("\\d+"), refused::toString);
            assertEquals("no-store", refused.header("Cache-Control").orElse(""), refused::toString);
            assertEquals("full", refused.header("Intermission-Mode").orElse(""), refused::toString);
            assertTrue(refused.header("Vary").orElse("").contains("Accept"), refused::toString);
            assertTrue(refused.body().contains(MESSAGE), refused::toString);
            Http.Response problem = Http.get(d.uri("/hello"), "Authorization", Http.asUser(),
                    "Accept", "application/json");
            assertEquals(503, problem.status());
            assertTrue(problem.header("Content-Type").orElse("").startsWith("application/problem+json"),
                    problem::toString);
            assertEquals(MESSAGE, json(problem).get("message").asText());
            assertEquals(401, Http.get(d.uri("/hello")).status(), "the container's login comes first");
            assertEquals(503, page(d, "/async").status(), "async pages are refused too");
            assertEquals(503, page(d, "/forward").status());

            // The allow-list and the admin endpoint pass.
            assertEquals(200, Http.get(d.uri("/health")).status());
            assertEquals(200, page(d, "/static/hello.txt").status());
            assertTrue(status(d).get("maintenance").asBoolean());
        } finally {
            Http.Response off = Http.patchAdmin(d.admin(), "{\"maintenance\": false}");
            assertEquals(200, off.status(), off::toString);
        }
        assertEquals(200, page(d, "/hello").status(), "serves again at once on the instance that switched");
        assertEquals(200, page(d, "/async").status());
    }

    @Test
    void readOnlyMode_letsReadsThroughAndRefusesWrites() {
        Deployment d = deployment("jdbc-url");
        assertEquals(200, Http.patchAdmin(d.admin(), "{\"mode\": \"read-only\"}").status());
        try {
            assertEquals(200, page(d, "/hello").status());
            Http.Response post = Http.send("POST", d.uri("/hello"), "x", "Authorization", Http.asUser());
            assertEquals(503, post.status(), post::toString);
            assertEquals("read-only", post.header("Intermission-Mode").orElse(""));
        } finally {
            assertEquals(200, Http.patchAdmin(d.admin(), "{\"maintenance\": false}").status());
        }
        assertEquals(200, Http.send("POST", d.uri("/hello"), "x", "Authorization", Http.asUser()).status());
    }

    @Test
    void changeMadeThroughTheCoreApiOnTheSameDatabase_isFollowedByTheWebapp() {
        assertFollowsChangesMadeOutside(deployment("jdbc-url"));
    }

    @Test
    void jdbcUrlWithTheDriverInWebInfLib_servesAndFollowsChangesMadeOutside() {
        Deployment d = deployment("jdbc-url-web-inf-lib");
        Http.Response hello = page(d, "/hello");
        assertEquals(200, hello.status(), hello::toString);
        assertFollowsChangesMadeOutside(d);
    }

    static void assertFollowsChangesMadeOutside(Deployment d) {
        try (MaintenanceService outside = d.outside()) {
            outside.enable(Mode.FULL, MESSAGE, "release-pipeline");
            Http.Response refused = awaitStatus(d, "/hello", 503);
            assertTrue(refused.body().contains(MESSAGE), refused::toString);
            assertEquals("release-pipeline", operatorStatus(d).get("changedBy").asText());
            outside.disable("release-pipeline");
            awaitStatus(d, "/hello", 200);
        }
    }

    @Test
    void changeMadeWithTheCommandLineOnTheSameDatabase_isFollowedByTheFilterOnlyWebapp() {
        Deployment d = deployment("filter-only");
        assertEquals(200, page(d, "/hello").status());
        cli(d, "enable", "--message", MESSAGE);
        Http.Response refused = awaitStatus(d, "/hello", 503);
        assertTrue(refused.body().contains(MESSAGE), refused::toString);
        assertEquals(200, Http.get(d.uri("/health")).status(), "the allow-list of the filter-only web.xml");
        try (MaintenanceService outside = d.outside()) {
            outside.disable("operator");
        }
        awaitStatus(d, "/hello", 200);
    }

    /** Runs the operator's command line in a JVM of its own, as a shell would. */
    static void cli(Deployment d, String... command) {
        List<String> args = new ArrayList<>(List.of(Jdk.tool("java"), "-cp", Build.cliClasspath(),
                "dev.intermission.cli.MaintenanceCli", "--jdbc-url", d.db().directUrl(), "--user", Databases.USER,
                "--password", Databases.PASSWORD, "--service", "orders", "--actor", "operator"));
        args.addAll(List.of(command));
        Jdk.Result r = Jdk.exec(args);
        assertEquals(0, r.exit(), () -> String.join(" ", command) + ": " + r.output());
    }

    // ------------------------------------------------------------------------------- a container DataSource

    @Test
    void containerDataSourceInJndi_servesAndSwitches_withContainerRolesOnTheAdminEndpointBehindTheLogin() {
        Deployment d = deployment("jndi");
        assertEquals(200, page(d, "/hello").status());
        // The admin endpoint is behind the application's login here: a bearer token alone meets the container's 401.
        Http.Response bearer = Http.patchAdmin(d.admin(), "{\"maintenance\": true}");
        assertEquals(401, bearer.status(), bearer::toString);
        Http.Response notOps = Http.send("PATCH", d.admin(), "{\"maintenance\": true}",
                "Content-Type", "application/json", "Authorization", Http.asUser());
        assertEquals(403, notOps.status(), "alice has no role ops: " + notOps);
        String operator = Http.basic(Http.OPERATOR, Http.USER_PASSWORD);
        Http.Response on = Http.send("PATCH", d.admin(), "{\"maintenance\": true, \"message\": \"" + MESSAGE + "\"}",
                "Content-Type", "application/json", "Authorization", operator);
        assertEquals(200, on.status(), on::toString);
        assertEquals(Http.OPERATOR, json(on).get("changedBy").asText());
        assertEquals(503, page(d, "/hello").status());
        Http.Response off = Http.send("PATCH", d.admin(), "{\"maintenance\": false}",
                "Content-Type", "application/json", "Authorization", operator);
        assertEquals(200, off.status(), off::toString);
        assertEquals(200, page(d, "/hello").status());
    }

    @Test
    void migrationsAtStart_ranInAMaintenanceWindow_andTheAdminEndpointRunsThemAgain() {
        Deployment d = deployment("migrations");
        Waits.until(() -> status(d), s -> !s.get("maintenance").asBoolean(), "the migration window ending");
        Http.Response orders = page(d, "/orders");
        assertEquals(200, orders.status(), orders::toString);
        assertEquals("orders: tea scones", orders.body());
        Http.Response history = Http.get(URI.create(d.admin() + "/history"), "Authorization",
                Http.bearer(Http.ADMIN_TOKEN));
        assertEquals(200, history.status(), history::toString);
        List<String> actors = new ArrayList<>();
        json(history).get("entries").forEach(e -> actors.add(e.get("actor").asText() + "/" + e.get("origin").asText()));
        assertTrue(actors.stream().anyMatch(a -> a.equalsIgnoreCase("startup/migration")), actors::toString);
        Http.Response again = Http.send("POST", URI.create(d.admin() + "/migrations"), null,
                "Authorization", Http.bearer(Http.ADMIN_TOKEN));
        assertEquals(200, again.status(), "nothing pending: the window ends at once: " + again);
        assertEquals(200, page(d, "/orders").status());
    }

    // --------------------------------------------------------------------------------------- the database

    @Test
    void databaseOutage_keepsTheLastStateServed_reportsItStale_andRecovers() {
        Deployment d = deployment("jdbc-url");
        d.proxy().cut();
        try {
            Waits.until(() -> status(d), s -> s.get("stale").asBoolean(), "reporting the state stale");
            assertEquals(200, page(d, "/hello").status(), "the last state read (off) is kept");
        } finally {
            d.proxy().restore();
        }
        Waits.until(() -> status(d), s -> !s.get("stale").asBoolean(), "reading the state again");
        assertEquals(200, page(d, "/hello").status());
    }

    @Test
    void databaseOutage_isLoggedOnceInTheContainerLog_andSoIsItsEnd() {
        List<String> library = outage();
        assertEquals(1, library.stream().filter(l -> l.contains(OUTAGE)).count(), () -> String.join("\n", library));
        assertEquals(1, library.stream().filter(l -> l.contains(OUTAGE_END)).count(), () -> String.join("\n", library));
        // An outage longer than the instance lease adds the fail-safe decision and its end: one line each.
        assertTrue(library.stream().filter(l -> l.contains(FAIL_SAFE)).count() <= 2, () -> String.join("\n", library));
    }

    @Test
    void databaseOutage_isOneWarningInTheContainerLog_andOneLineAtItsEnd() {
        List<String> library = outage().stream().filter(l -> !l.contains(FAIL_SAFE)).toList();
        assertEquals(1, library.stream().filter(warningOrWorse()).count(), () -> String.join("\n", library));
        assertEquals(2, library.size(), "one line when it goes, one when it is back:\n" + String.join("\n", library));
    }

    /** The refresher's line when the database of the service goes away, and when it answers again. */
    private static final String OUTAGE = "of 'orders' cannot be refreshed";
    private static final String OUTAGE_END = "of 'orders' readable again";
    /** The words of the fail-safe decision's lines, when the outage outlasts the instance lease, and of its end. */
    private static final String FAIL_SAFE = "fail-safe";

    /** Takes the database away from the JDBC-URL webapp, then gives it back; the library's lines meanwhile. */
    private List<String> outage() {
        Deployment d = deployment("jdbc-url");
        ContainerLog.Mark mark = container.log().mark();
        d.proxy().cut();
        try {
            container.log().await(mark, l -> isLibraryLine(l) && l.contains(OUTAGE), Waits.PATIENCE,
                    "of the library warning that the state cannot be refreshed");
            // Several refresh intervals, each a failed attempt, pass while it is down: still one line.
            Waits.sleep(Duration.ofSeconds(3));
            assertEquals(200, page(d, "/hello").status(), "the last state read (off) is kept");
        } finally {
            d.proxy().restore();
        }
        container.log().await(mark, l -> isLibraryLine(l) && l.contains(OUTAGE_END), Waits.PATIENCE,
                "of the library saying the state is read again");
        Waits.until(() -> status(d), s -> !s.get("stale").asBoolean(), "reading the state again");
        return container.log().linesSince(mark, l -> isLibraryLine(l) && l.contains("'orders'"));
    }

    @Test
    void databaseDownAtStart_appliesTheUnknownStatePolicy_thenServesOnceItAnswers() {
        Deployment d = deployment("db-down-recovers");
        Http.Response refused = page(d, "/hello");
        assertEquals(503, refused.status(), refused::toString);
        assertTrue(refused.body().contains(UNKNOWN_STATE_MESSAGE), refused::toString);
        assertEquals(200, Http.get(d.uri("/health")).status(), "the allow-list passes");
        assertTrue(status(d).get("stale").asBoolean());
        d.proxy().restore();
        awaitStatus(d, "/hello", 200);
        assertFalse(status(d).get("stale").asBoolean());
    }

    @Test
    void databaseDownAtStart_isLoggedWithItsCause() {
        // One line each for db-down, db-down-recovers, jndi-db-down and undeploy-db-down, whose databases refused to
        // connect (an outage later on says "cannot be refreshed").
        List<String> lines = container.log().lines(l -> isLibraryLine(l)
                && l.contains("cannot be read: the database cannot be reached")
                && l.toLowerCase(Locale.ROOT).contains("refused"));
        assertEquals(4, lines.size(), () -> "one line per webapp whose database refused the connection:\n"
                + container.log().tail(ContainerLog.start()));
    }

    @Test
    void wrongPasswordOnTheLibrarysOwnPool_appliesTheUnknownStatePolicy() {
        Deployment d = deployment("wrong-password");
        Http.Response refused = page(d, "/hello");
        assertEquals(503, refused.status(), refused::toString);
        assertTrue(refused.body().contains(UNKNOWN_STATE_MESSAGE), refused::toString);
        assertEquals(200, Http.get(d.uri("/health")).status());
    }

    @Test
    void wrongPassword_isLoggedWithItsCause() {
        Deployment d = deployment("wrong-password");
        String refusal = d.db().kind() == Databases.Kind.H2 ? "Wrong user name or password"
                : "password authentication failed";
        // One line each for wrong-password and jndi-wrong-password.
        List<String> lines = container.log().lines(l -> isLibraryLine(l)
                && l.contains("cannot be read: the database refused the credentials") && l.contains(refusal));
        assertEquals(2, lines.size(), () -> "one line per webapp whose password was refused: " + lines);
    }

    @Test
    void stateUnreadableAtStart_theAdminStatusSaysWhy() {
        JsonNode down = operatorStatus(deployment("db-down"));
        assertTrue(down.toString().contains("cannot be reached"), down::toString);
        JsonNode refused = operatorStatus(deployment("wrong-password"));
        assertTrue(refused.toString().contains("refused the credentials"), refused::toString);
        // The same through the container's DataSource, read by the container's operator role.
        JsonNode jndiDown = operatorStatusAsRole(deployment("jndi-db-down"));
        assertTrue(jndiDown.toString().contains("cannot be reached"), jndiDown::toString);
        JsonNode jndiRefused = operatorStatusAsRole(deployment("jndi-wrong-password"));
        assertTrue(jndiRefused.toString().contains("refused the credentials"), jndiRefused::toString);
        assertFalse(status(deployment("db-down")).has("staleReason"), "no failure details in public");
    }

    @Test
    void databaseDownAtStartThroughJndi_appliesTheUnknownStatePolicy() {
        Deployment d = deployment("jndi-db-down");
        Http.Response refused = page(d, "/hello");
        assertEquals(503, refused.status(), refused::toString);
        assertTrue(refused.body().contains(UNKNOWN_STATE_MESSAGE), refused::toString);
        assertEquals(200, Http.get(d.uri("/health")).status());
    }

    @Test
    void wrongPasswordThroughJndi_behavesAsOnTheLibrarysOwnPool() {
        Deployment d = deployment("jndi-wrong-password");
        Http.Response refused = page(d, "/hello");
        assertEquals(503, refused.status(), refused::toString);
        assertTrue(refused.body().contains(UNKNOWN_STATE_MESSAGE), refused::toString);
        assertEquals(200, Http.get(d.uri("/health")).status());
    }

    // --------------------------------------------------------------------------------- mistakes, reported

    @Test
    void adminInitParamWithATypo_failsTheStartNamingIt() {
        assertReportedAtStart("admin-token-typo", Pattern.compile("intermission\\.admin\\.token(?![A-Za-z])"));
    }

    @Test
    void adminInitParamInTheWrongCase_failsTheStartNamingIt() {
        assertReportedAtStart("admin-param-case", Pattern.compile("intermission\\.admin\\.publicstatus"));
    }

    @Test
    void filterWithoutAsyncSupported_inAnAsyncWebapp_isReportedOnceWithTheFix() {
        List<String> lines = container.log().lines(l -> isLibraryLine(l) && l.contains("<async-supported>"));
        assertEquals(1, lines.size(), () -> "one line naming async-supported:\n" + String.join("\n", lines));
        assertTrue(lines.get(0).contains("<async-supported>true</async-supported>"), lines::toString);
    }

    /** The container's log names the parameter (the container logs the failed start with the message). */
    final void assertReportedAtStart(String context, Pattern parameter) {
        List<String> lines = container.log().lines(l -> parameter.matcher(l).find());
        assertFalse(lines.isEmpty(), "no log line names " + parameter + ":\n"
                + container.log().tail(ContainerLog.start()));
        assertTrue(lines.stream().anyMatch(l -> l.toLowerCase(Locale.ROOT).contains("unknown")),
                () -> String.join("\n", lines));
        Http.Response admin = Http.patchAdmin(deployment(context).admin(), "{\"maintenance\": true}");
        assertFalse(admin.status() == 200, "the mistyped endpoint must not work silently: " + admin);
        Http.Response hello = page(deployment(context), "/hello");
        assertFalse(hello.status() == 200, "a half-started webapp serves without its admin endpoint: " + hello);
    }

    // ----------------------------------------------------------------------------------- the container log

    @Test
    void containerLog_hasNoSlf4jWarning() {
        List<String> slf4j = container.log().lines(l -> l.contains("SLF4J"));
        assertEquals(List.of(), slf4j);
    }

    @Test
    void changeOverTheAdminEndpoint_isAuditedInTheContainerLog() {
        List<String> audit = changeTwiceOverTheAdminEndpoint();
        assertTrue(audit.stream().anyMatch(l -> l.contains(" full")), () -> "the change on:\n" + audit);
        assertTrue(audit.stream().anyMatch(l -> l.contains(" off")), () -> "the change off:\n" + audit);
    }

    @Test
    void changeOverTheAdminEndpoint_isOneLinePerChange() {
        List<String> audit = changeTwiceOverTheAdminEndpoint();
        assertEquals(2, audit.size(), () -> "one line per change:\n" + String.join("\n", audit));
    }

    /** Switches maintenance on and off over the admin endpoint; the library's lines naming its actor since. */
    private List<String> changeTwiceOverTheAdminEndpoint() {
        Deployment d = deployment("jdbc-url");
        ContainerLog.Mark mark = container.log().mark();
        assertEquals(200, Http.patchAdmin(d.admin(), "{\"maintenance\": true}").status());
        assertEquals(200, Http.patchAdmin(d.admin(), "{\"maintenance\": false}").status());
        return container.log().linesSince(mark, l -> isLibraryLine(l) && l.contains("by deploy"));
    }

    @Test
    void webappLinesLoggedThroughSystemLogger_reachTheContainerLog_withNoExtraJar() {
        // What the library's own lines rely on: the migrations webapp's listener logs one at start.
        Pattern orders = Pattern.compile(
                "^\\d.*[ :]com\\.example\\.orders\\.OrdersMaintenance\\S*[ :].*Orders started");
        List<String> lines = container.log().lines(l -> orders.matcher(l).find());
        assertEquals(1, lines.size(), () -> "the listener's line:\n" + container.log().tail(ContainerLog.start()));
    }

    // ------------------------------------------------------------------------------- reload and undeploy

    @Test
    void reloadAndUndeploy_stopTheThreadsTheLibraryStarted_andLeaveNoClassLoaderBehind() {
        Deployment d = deployment("reload-threads");
        assertEquals(200, page(d, "/hello").status());
        assertEquals(RELOADED_SERVICE, status(d).get("service").asText());
        long loaders = container.releasesUndeployedClassLoaders() ? container.liveWebappClassLoaders() : -1;
        List<String> before = threadsOf(RELOADED_SERVICE);
        assertFalse(before.isEmpty(), () -> "the library's threads carry the service name: " + container.threadNames());
        container.reload(d.context());
        awaitStatus(d, "/hello", 200);      // serves again after the reload, once it has read the state
        Waits.until(() -> threadsOf(RELOADED_SERVICE), after -> after.size() <= before.size(),
                "the threads of the webapp before its reload ending");
        container.undeploy(d.context());
        assertEquals(404, page(d, "/hello").status(), "undeployed");
        Waits.until(() -> threadsOf(RELOADED_SERVICE), List::isEmpty, "the webapp's threads ending");
        if (container.releasesUndeployedClassLoaders()) {
            assertEquals(loaders - 1, container.liveWebappClassLoaders(),
                    "the class loaders of the webapp, before and after its reload, are collected");
        }
    }

    @Test
    void undeployWhileTheDatabaseCannotBeReached_leavesNoThreadAndNoLeakWarning() {
        Deployment d = deployment("undeploy-db-down");
        assertEquals(503, page(d, "/hello").status(), "the unknown-state policy");
        ContainerLog.Mark mark = container.log().mark();
        container.undeploy(d.context());
        assertEquals(404, page(d, "/hello").status(), "undeployed");
        assertEquals(List.of(), threadsOf(UNREACHABLE_SERVICE), "the library's threads end before its webapp stops");
        List<String> warnings = container.log().linesSince(mark, l -> isLeakWarning(l)
                || isLibraryLine(l) && warningOrWorse().test(l));
        assertEquals(List.of(), warnings);
    }

    /** The container JVM's threads named after a service (the library names its threads after the service). */
    private List<String> threadsOf(String service) {
        return container.threadNames().stream().filter(n -> n.contains(service)).toList();
    }

    @Test
    void reloadAndUndeploy_leaveNoLeakWarningInTheContainerLog() {
        Deployment d = deployment("reload-log");
        assertEquals(200, page(d, "/hello").status());
        ContainerLog.Mark mark = container.log().mark();
        container.reload(d.context());
        awaitStatus(d, "/hello", 200);      // serves again after the reload, once it has read the state
        container.undeploy(d.context());
        assertEquals(404, page(d, "/hello").status(), "undeployed");
        List<String> warnings = container.log().linesSince(mark, l -> isLeakWarning(l)
                || isLibraryLine(l) && warningOrWorse().test(l));
        assertEquals(List.of(), warnings);
    }
}
