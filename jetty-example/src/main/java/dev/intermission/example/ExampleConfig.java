package dev.intermission.example;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.intermission.InvalidValueException;
import dev.intermission.Maintenance;
import dev.intermission.Values;
import dev.intermission.servlet.MaintenanceFilterConfig;

/**
 * The example server's settings, read from environment variables and validated, all of them, before anything
 * starts: a bad value is one {@link IllegalArgumentException} whose message starts with the variable's name.
 *
 * @param port                {@code PORT}: the HTTP port, 0 for any free port (default 8080)
 * @param home                {@code INTERMISSION_HOME}: the absolute directory the default database lives under
 *                            (default: the directory of the jar)
 * @param jdbcUrl             {@code INTERMISSION_JDBC_URL}: the database (default: the H2 file
 *                            {@code <home>/data/intermission})
 * @param defaultDatabase     whether {@code jdbcUrl} is the default H2 file under {@code home}
 * @param jdbcUser            {@code INTERMISSION_JDBC_USER}
 * @param jdbcPassword        {@code INTERMISSION_JDBC_PASSWORD}
 * @param adminToken          {@code INTERMISSION_ADMIN_TOKEN}: the bearer token of the admin endpoint
 * @param adminTokenGenerated whether the token was generated because none was set
 * @param filterConfig        the maintenance filter's settings, from {@code INTERMISSION_ALLOW_PATHS},
 *                            {@code INTERMISSION_ALLOW_IPS}, {@code INTERMISSION_TRUSTED_PROXIES} and
 *                            {@code INTERMISSION_BYPASS_SECRET}
 * @param migrateOnStart      {@code INTERMISSION_MIGRATE_ON_START}: run pending migrations in a window at start
 * @param shutdownGrace       {@code INTERMISSION_SHUTDOWN_GRACE}: how long a stopping server lets requests in
 *                            flight finish (default {@link #DEFAULT_SHUTDOWN_GRACE})
 * @param refreshInterval     {@code INTERMISSION_REFRESH_INTERVAL}: how often the maintenance state is checked in the
 *                            database (default {@link Maintenance#DEFAULT_REFRESH_INTERVAL})
 */
public record ExampleConfig(int port, Path home, String jdbcUrl, boolean defaultDatabase, String jdbcUser,
        String jdbcPassword, String adminToken, boolean adminTokenGenerated, MaintenanceFilterConfig filterConfig,
        boolean migrateOnStart, Duration shutdownGrace, Duration refreshInterval) {

    /** The default HTTP port. */
    public static final int DEFAULT_PORT = 8080;
    /** The shortest admin token accepted. */
    public static final int MIN_TOKEN_LENGTH = 16;
    /** How long a stopping server lets requests in flight finish, unless {@code INTERMISSION_SHUTDOWN_GRACE} says. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);
    /** The longest grace period accepted. */
    public static final Duration MAX_SHUTDOWN_GRACE = Duration.ofMinutes(10);
    /** The shortest refresh interval accepted. */
    public static final Duration MIN_REFRESH_INTERVAL = Duration.ofMillis(50);
    /** The default database's file name under {@code <home>/data}, without H2's {@code .mv.db}. */
    public static final String DEFAULT_DATABASE_NAME = "intermission";
    /** Where the admin endpoint is mounted. */
    public static final String ADMIN_PATH = "/service-context";
    /** The path that is always allow-listed. */
    public static final String HEALTH_PATH = "/health";

    /** Every environment variable the server reads, with what it sets, in the order {@code --help} lists them. */
    public static final Map<String, String> VARIABLES = orderedVariables();

    /** The characters of a bearer token (RFC 6750), as the admin endpoint accepts them. */
    private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");
    private static final Pattern BUILDER_OPTION = Pattern.compile("[A-Za-z]+: ");
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");

    /**
     * Reads the settings from an environment; opens nothing (no file, no connection, no port).
     *
     * @param env the environment variables
     * @return the validated settings
     * @throws IllegalArgumentException naming the variable when a value is invalid
     */
    public static ExampleConfig fromEnvironment(Map<String, String> env) {
        int port = port(env.get("PORT"));
        Path home = home(env.get("INTERMISSION_HOME"));
        Path parent = home.getParent();
        if (!Files.exists(home) && parent != null && !Files.isDirectory(parent)) {
            // The server creates the home itself, not a whole tree a typo may have named.
            throw new IllegalArgumentException("INTERMISSION_HOME: neither it nor its parent directory exists, was '"
                    + env.get("INTERMISSION_HOME") + "'");
        }
        String url = blankToNull(env.get("INTERMISSION_JDBC_URL"));
        String user = blankToNull(env.get("INTERMISSION_JDBC_USER"));
        boolean defaultDatabase = url == null;
        if (defaultDatabase) {
            url = defaultJdbcUrl(home);
            user = user == null ? "sa" : user;
        } else if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("INTERMISSION_JDBC_URL: must start with 'jdbc:', was '"
                    + maskPassword(url) + "'");
        } else if (!driverFor(url)) {
            throw new IllegalArgumentException("INTERMISSION_JDBC_URL: no JDBC driver in this jar takes '"
                    + maskPassword(url) + "' (it has H2 jdbc:h2:, PostgreSQL jdbc:postgresql: and MariaDB "
                    + "jdbc:mariadb:)");
        }
        String token = blankToNull(env.get("INTERMISSION_ADMIN_TOKEN"));
        boolean generated = token == null;
        if (generated) {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } else if (token.length() < MIN_TOKEN_LENGTH || !BEARER_TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("INTERMISSION_ADMIN_TOKEN: must be at least " + MIN_TOKEN_LENGTH
                    + " characters of letters, digits and . _ ~ + / - (a bearer token), optionally ending in =");
        }
        MaintenanceFilterConfig filterConfig = filterConfig(env);
        boolean migrateOnStart = bool("INTERMISSION_MIGRATE_ON_START", env.get("INTERMISSION_MIGRATE_ON_START"),
                true);
        Duration grace = DEFAULT_SHUTDOWN_GRACE;
        String graceText = blankToNull(env.get("INTERMISSION_SHUTDOWN_GRACE"));
        if (graceText != null) {
            grace = Values.duration("INTERMISSION_SHUTDOWN_GRACE", graceText, Duration.ZERO, MAX_SHUTDOWN_GRACE);
        }
        Duration refresh = Maintenance.DEFAULT_REFRESH_INTERVAL;
        String refreshText = blankToNull(env.get("INTERMISSION_REFRESH_INTERVAL"));
        if (refreshText != null) {
            refresh = Values.duration("INTERMISSION_REFRESH_INTERVAL", refreshText, MIN_REFRESH_INTERVAL,
                    Maintenance.MAX_REFRESH_INTERVAL);
        }
        return new ExampleConfig(port, home, url, defaultDatabase, user, env.get("INTERMISSION_JDBC_PASSWORD"),
                token, generated, filterConfig, migrateOnStart, grace, refresh);
    }

    /**
     * Returns the default database of a home directory: the H2 file {@code <home>/data/intermission}, served
     * ({@code AUTO_SERVER}) so the CLI can use it while the server runs.
     *
     * @param home an absolute directory
     * @return the JDBC URL
     */
    public static String defaultJdbcUrl(Path home) {
        return "jdbc:h2:file:" + defaultDatabaseBase(home) + ";AUTO_SERVER=TRUE";
    }

    /**
     * Creates the home directory when it does not exist yet (its parent must).
     *
     * @param home an absolute directory
     * @return whether it was created now
     * @throws IllegalStateException naming {@code INTERMISSION_HOME} when it cannot be created
     */
    public static boolean createHome(Path home) {
        if (Files.isDirectory(home)) {
            return false;
        }
        try {
            Files.createDirectory(home);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("INTERMISSION_HOME: cannot create " + home + " (" + e + ")", e);
        }
    }

    /**
     * Returns the file H2 keeps the default database in, {@code <home>/data/intermission.mv.db}.
     *
     * @param home an absolute directory
     * @return the file, which exists once the server has started once
     */
    public static Path defaultDatabaseFile(Path home) {
        return home.resolve("data").resolve(DEFAULT_DATABASE_NAME + ".mv.db");
    }

    /**
     * Returns the home directory used when {@code INTERMISSION_HOME} is not set: the directory of the jar this
     * class was loaded from (or, run from compiled classes, the directory above them).
     *
     * @return an absolute directory
     */
    public static Path codeHome() {
        try {
            CodeSource source = ExampleConfig.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                Path location = Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
                Path parent = location.getParent();
                return parent != null ? parent : location;
            }
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    /**
     * Returns the database URL as it may be printed: any {@code password=} parameter hidden.
     *
     * @return the URL without its password
     */
    public String jdbcUrlForDisplay() {
        return maskPassword(jdbcUrl);
    }

    /**
     * Returns a copy listening on another port (tests use 0).
     *
     * @param newPort the port
     * @return the copy
     */
    public ExampleConfig withPort(int newPort) {
        return new ExampleConfig(newPort, home, jdbcUrl, defaultDatabase, jdbcUser, jdbcPassword, adminToken,
                adminTokenGenerated, filterConfig, migrateOnStart, shutdownGrace, refreshInterval);
    }

    @Override
    public String toString() {
        return "ExampleConfig[port=" + port + ", home=" + home + ", jdbcUrl=" + jdbcUrlForDisplay()
                + ", migrateOnStart=" + migrateOnStart + ", shutdownGrace=" + Values.text(shutdownGrace)
                + ", refreshInterval=" + Values.text(refreshInterval) + "]";
    }

    static String maskPassword(String url) {
        return PASSWORD_IN_URL.matcher(url).replaceAll("$1***");
    }

    private static Path defaultDatabaseBase(Path home) {
        return home.resolve("data").resolve(DEFAULT_DATABASE_NAME);
    }

    private static int port(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("PORT: must be a number from 0 to 65535, was '" + value + "'");
    }

    /**
     * Resolves the home directory the way the server does: {@code INTERMISSION_HOME} made absolute, or
     * {@link #codeHome()}.
     *
     * @param value the value of {@code INTERMISSION_HOME}, or {@code null}
     * @return an absolute directory (which may not exist yet)
     * @throws IllegalArgumentException naming the variable when the value is not a usable directory
     */
    public static Path home(String value) {
        if (value == null || value.isBlank()) {
            return codeHome();
        }
        Path home;
        try {
            home = Path.of(value.trim()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("INTERMISSION_HOME: not a path, was '" + value + "'");
        }
        if (home.toString().indexOf(';') >= 0) {
            throw new IllegalArgumentException("INTERMISSION_HOME: must not contain ';', was '" + value + "'");
        }
        if (Files.exists(home) && !Files.isDirectory(home)) {
            throw new IllegalArgumentException("INTERMISSION_HOME: must be a directory, was '" + value + "'");
        }
        return home;
    }

    private static MaintenanceFilterConfig filterConfig(Map<String, String> env) {
        MaintenanceFilterConfig.Builder builder = MaintenanceFilterConfig.newBuilder().adminPath(ADMIN_PATH);
        List<String> allowPaths = new ArrayList<>();
        allowPaths.add(HEALTH_PATH);
        allowPaths.addAll(list(env.get("INTERMISSION_ALLOW_PATHS")));
        setting("INTERMISSION_ALLOW_PATHS", () -> builder.allowPaths(allowPaths));
        setting("INTERMISSION_ALLOW_IPS", () -> builder.allowIps(list(env.get("INTERMISSION_ALLOW_IPS"))));
        setting("INTERMISSION_TRUSTED_PROXIES",
                () -> builder.trustedProxies(list(env.get("INTERMISSION_TRUSTED_PROXIES"))));
        String secret = blankToNull(env.get("INTERMISSION_BYPASS_SECRET"));
        if (secret != null) {
            setting("INTERMISSION_BYPASS_SECRET", () -> builder.bypassSecret(secret));
        }
        return builder.build();
    }

    /** Runs one builder setter and names the variable in its error. */
    private static void setting(String variable, Runnable setter) {
        try {
            setter.run();
        } catch (InvalidValueException e) {
            throw e.withField(variable);
        } catch (IllegalArgumentException e) {
            // The builder names its own option ("allowIps: ..."): name the variable instead.
            String message = String.valueOf(e.getMessage());
            Matcher option = BUILDER_OPTION.matcher(message);
            throw new IllegalArgumentException(variable + ": " + (option.lookingAt()
                    ? message.substring(option.end()) : message), e);
        }
    }

    /** Whether a bundled driver takes the URL: asks each driver, connects to nothing. */
    private static boolean driverFor(String url) {
        try {
            return DriverManager.getDriver(url) != null;
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean bool(String name, String value, boolean defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + ": must be true or false (in any case), was '"
                    + value + "'");
        };
    }

    private static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Map<String, String> orderedVariables() {
        java.util.LinkedHashMap<String, String> v = new java.util.LinkedHashMap<>();
        v.put("PORT", "the HTTP port, 0 for any free one (default " + DEFAULT_PORT + ")");
        v.put("INTERMISSION_HOME", "the directory of the default database, <home>/data/" + DEFAULT_DATABASE_NAME
                + ".mv.db (default: the directory of the jar); the server and the CLI find it from any directory");
        v.put("INTERMISSION_JDBC_URL", "the database, shared by the orders and the maintenance state "
                + "(default: the H2 file under INTERMISSION_HOME)");
        v.put("INTERMISSION_JDBC_USER", "its user (default sa for the H2 file)");
        v.put("INTERMISSION_JDBC_PASSWORD", "its password");
        v.put("INTERMISSION_ADMIN_TOKEN", "the bearer token of " + ADMIN_PATH + ", at least " + MIN_TOKEN_LENGTH
                + " characters (default: a random one, printed at start)");
        v.put("INTERMISSION_ALLOW_PATHS", "comma-separated paths served during maintenance, besides "
                + HEALTH_PATH + " (e.g. /static/*)");
        v.put("INTERMISSION_ALLOW_IPS", "comma-separated client addresses or CIDR ranges served during maintenance");
        v.put("INTERMISSION_TRUSTED_PROXIES", "comma-separated proxy addresses or CIDR ranges whose "
                + "X-Forwarded-For is believed");
        v.put("INTERMISSION_BYPASS_SECRET", "the operators' preview secret, at least "
                + MaintenanceFilterConfig.MIN_SECRET_LENGTH + " characters (default: no preview)");
        v.put("INTERMISSION_MIGRATE_ON_START", "true or false: run pending migrations in a maintenance window at "
                + "start (default true)");
        v.put("INTERMISSION_SHUTDOWN_GRACE", "how long a stopping server (SIGTERM) lets requests in flight finish, "
                + "e.g. 10s (default " + Values.text(DEFAULT_SHUTDOWN_GRACE) + ", at most "
                + Values.text(MAX_SHUTDOWN_GRACE) + ")");
        v.put("INTERMISSION_REFRESH_INTERVAL", "how often each instance checks the maintenance state in the database, "
                + "e.g. 200ms (default " + Values.text(Maintenance.DEFAULT_REFRESH_INTERVAL) + ", "
                + Values.text(MIN_REFRESH_INTERVAL) + " to " + Values.text(Maintenance.MAX_REFRESH_INTERVAL) + ")");
        return java.util.Collections.unmodifiableMap(v);
    }
}
