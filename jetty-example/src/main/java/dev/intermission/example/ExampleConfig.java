package dev.intermission.example;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The example server's settings, read from environment variables and validated before anything starts.
 *
 * @param port            {@code PORT}: the HTTP port, 0 for any free port (default 8080)
 * @param jdbcUrl         {@code INTERMISSION_JDBC_URL}: the database (default: an H2 file under {@code ./data})
 * @param jdbcUser        {@code INTERMISSION_JDBC_USER}
 * @param jdbcPassword    {@code INTERMISSION_JDBC_PASSWORD}
 * @param adminToken      {@code INTERMISSION_ADMIN_TOKEN}: the bearer token of the admin endpoint
 * @param adminTokenGenerated whether the token was generated because none was set
 * @param allowPaths      {@code INTERMISSION_ALLOW_PATHS}: extra allow-listed paths ({@code /health} always is)
 * @param allowIps        {@code INTERMISSION_ALLOW_IPS}: allow-listed client CIDR ranges (default none)
 * @param trustedProxies  {@code INTERMISSION_TRUSTED_PROXIES}: proxies whose forwarding headers are read
 * @param bypassSecret    {@code INTERMISSION_BYPASS_SECRET}: the operators' preview secret, or {@code null}
 * @param migrateOnStart  {@code INTERMISSION_MIGRATE_ON_START}: run pending migrations in a window at start
 */
public record ExampleConfig(int port, String jdbcUrl, String jdbcUser, String jdbcPassword, String adminToken,
        boolean adminTokenGenerated, List<String> allowPaths, List<String> allowIps, List<String> trustedProxies,
        String bypassSecret, boolean migrateOnStart) {

    /** The default database: an H2 file under {@code ./data}, served so the CLI can use it while the server runs. */
    public static final String DEFAULT_JDBC_URL = "jdbc:h2:file:./data/intermission;AUTO_SERVER=TRUE";
    /** The default HTTP port. */
    public static final int DEFAULT_PORT = 8080;
    /** The shortest admin token accepted. */
    public static final int MIN_TOKEN_LENGTH = 16;

    /** The characters of a bearer token (RFC 6750), as the admin endpoint accepts them. */
    private static final java.util.regex.Pattern BEARER_TOKEN = java.util.regex.Pattern.compile("[A-Za-z0-9._~+/-]+=*");

    /**
     * Reads the settings from an environment.
     *
     * @param env the environment variables
     * @return the validated settings
     * @throws IllegalArgumentException naming the variable when a value is invalid
     */
    public static ExampleConfig fromEnvironment(Map<String, String> env) {
        int port = port(env.get("PORT"));
        String url = blankToNull(env.get("INTERMISSION_JDBC_URL"));
        String user = blankToNull(env.get("INTERMISSION_JDBC_USER"));
        if (url == null) {
            url = DEFAULT_JDBC_URL;
            user = user == null ? "sa" : user;
        } else if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("INTERMISSION_JDBC_URL: must start with 'jdbc:'");
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
        return new ExampleConfig(port, url, user, env.get("INTERMISSION_JDBC_PASSWORD"), token, generated,
                list(env.get("INTERMISSION_ALLOW_PATHS")), list(env.get("INTERMISSION_ALLOW_IPS")),
                list(env.get("INTERMISSION_TRUSTED_PROXIES")), blankToNull(env.get("INTERMISSION_BYPASS_SECRET")),
                bool("INTERMISSION_MIGRATE_ON_START", env.get("INTERMISSION_MIGRATE_ON_START"), true));
    }

    /**
     * Returns a copy listening on another port (tests use 0).
     *
     * @param newPort the port
     * @return the copy
     */
    public ExampleConfig withPort(int newPort) {
        return new ExampleConfig(newPort, jdbcUrl, jdbcUser, jdbcPassword, adminToken, adminTokenGenerated,
                allowPaths, allowIps, trustedProxies, bypassSecret, migrateOnStart);
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

    private static boolean bool(String name, String value, boolean defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(name + ": must be true or false, was '" + value + "'");
        };
    }

    private static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
