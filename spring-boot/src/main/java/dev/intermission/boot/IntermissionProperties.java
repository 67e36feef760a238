package dev.intermission.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code intermission.*} properties of the Spring Boot starter. Durations are read by the library's one
 * duration parser ({@code 30s}, {@code 5m}, {@code 1h30m}, {@code 500ms}, a bare number of seconds, or ISO-8601
 * such as {@code PT20M}); every value is checked at start-up, and an unknown property under {@code intermission.}
 * fails start-up too, so a typo never switches protection off silently.
 */
@ConfigurationProperties(prefix = "intermission", ignoreUnknownFields = false)
public class IntermissionProperties {

    /** Whether to configure Intermission at all. */
    private boolean enabled = true;

    /**
     * The name of the service whose maintenance state this application reads and switches; applications that share
     * a name share one state.
     */
    private String serviceName = "default";

    /** How often the state is checked in the database; other instances see a change within this interval. */
    private String refreshInterval = "1s";

    /** A prefix for the library's table names, for example "app_". */
    private String tablePrefix = "";

    /**
     * What the library does with its own tables at start-up: "create" creates and upgrades them, "validate" checks
     * that they exist at the version this release needs (for a user without DDL rights), "none" leaves them to the
     * application's own migrations.
     */
    private String schemaMode = "create";

    /**
     * What to assume while the state has never been read (the database unreachable from the start): "assume-full"
     * refuses traffic, "assume-off" serves it.
     */
    private String unknownStatePolicy = "assume-full";

    private final Filter filter = new Filter();

    private final Admin admin = new Admin();

    private final Migrations migrations = new Migrations();

    private final Jmx jmx = new Jmx();

    private final Metrics metrics = new Metrics();

    /** @return whether to configure Intermission at all */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether to configure Intermission at all */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the service name */
    public String getServiceName() {
        return serviceName;
    }

    /** @param serviceName the service name */
    public void setServiceName(String serviceName) {
        this.serviceName = serviceName;
    }

    /** @return the refresh interval, as written */
    public String getRefreshInterval() {
        return refreshInterval;
    }

    /** @param refreshInterval the refresh interval */
    public void setRefreshInterval(String refreshInterval) {
        this.refreshInterval = refreshInterval;
    }

    /** @return the table prefix */
    public String getTablePrefix() {
        return tablePrefix;
    }

    /** @param tablePrefix the table prefix */
    public void setTablePrefix(String tablePrefix) {
        this.tablePrefix = tablePrefix;
    }

    /** @return what the library does with its own tables, as written */
    public String getSchemaMode() {
        return schemaMode;
    }

    /** @param schemaMode what the library does with its own tables */
    public void setSchemaMode(String schemaMode) {
        this.schemaMode = schemaMode;
    }

    /** @return the unknown-state policy, as written */
    public String getUnknownStatePolicy() {
        return unknownStatePolicy;
    }

    /** @param unknownStatePolicy the unknown-state policy */
    public void setUnknownStatePolicy(String unknownStatePolicy) {
        this.unknownStatePolicy = unknownStatePolicy;
    }

    /** @return the filter's properties */
    public Filter getFilter() {
        return filter;
    }

    /** @return the admin endpoint's properties */
    public Admin getAdmin() {
        return admin;
    }

    /** @return the migration window's properties */
    public Migrations getMigrations() {
        return migrations;
    }

    /** @return the JMX properties */
    public Jmx getJmx() {
        return jmx;
    }

    /** @return the metrics properties */
    public Metrics getMetrics() {
        return metrics;
    }

    /** The {@code intermission.filter.*} properties: what passes during maintenance. */
    public static class Filter {

        /** Whether to register the maintenance filter, first in the chain, on every request. */
        private boolean enabled = true;

        /**
         * Paths that always pass: exact ("/status"), prefix ("/static/**") or extension ("*.css"), inside the
         * context path.
         */
        private List<String> allowPaths = new ArrayList<>();

        /**
         * Whether the Actuator endpoints (under management.endpoints.web.base-path, below spring.mvc.servlet.path when
         * the dispatcher servlet has one) always pass.
         */
        private boolean allowActuator = true;

        /** Client addresses that always pass, as CIDR ranges ("10.0.0.0/8") or single addresses. */
        private List<String> allowIps = new ArrayList<>();

        /** Proxies whose Forwarded and X-Forwarded-For headers are believed, as CIDR ranges; none by default. */
        private List<String> trustedProxies = new ArrayList<>();

        /**
         * The secret that lets testers through during maintenance (in the Intermission-Bypass header, or a cookie
         * set by visiting /_intermission/bypass/&lt;secret&gt;); none by default.
         */
        private String bypassSecret;

        /** The methods that pass in read-only mode. */
        private List<String> safeMethods = new ArrayList<>(List.of("GET", "HEAD", "OPTIONS"));

        /** The Retry-After sent when no expected end is known. */
        private String defaultRetryAfter = "5m";

        /** @return whether to register the filter */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether to register the filter */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the allow-listed paths */
        public List<String> getAllowPaths() {
            return allowPaths;
        }

        /** @param allowPaths the allow-listed paths */
        public void setAllowPaths(List<String> allowPaths) {
            this.allowPaths = allowPaths;
        }

        /** @return whether the Actuator endpoints always pass */
        public boolean isAllowActuator() {
            return allowActuator;
        }

        /** @param allowActuator whether the Actuator endpoints always pass */
        public void setAllowActuator(boolean allowActuator) {
            this.allowActuator = allowActuator;
        }

        /** @return the allow-listed client ranges */
        public List<String> getAllowIps() {
            return allowIps;
        }

        /** @param allowIps the allow-listed client ranges */
        public void setAllowIps(List<String> allowIps) {
            this.allowIps = allowIps;
        }

        /** @return the trusted proxies */
        public List<String> getTrustedProxies() {
            return trustedProxies;
        }

        /** @param trustedProxies the trusted proxies */
        public void setTrustedProxies(List<String> trustedProxies) {
            this.trustedProxies = trustedProxies;
        }

        /** @return the bypass secret, or {@code null} */
        public String getBypassSecret() {
            return bypassSecret;
        }

        /** @param bypassSecret the bypass secret */
        public void setBypassSecret(String bypassSecret) {
            this.bypassSecret = bypassSecret;
        }

        /** @return the methods that pass in read-only mode */
        public List<String> getSafeMethods() {
            return safeMethods;
        }

        /** @param safeMethods the methods that pass in read-only mode */
        public void setSafeMethods(List<String> safeMethods) {
            this.safeMethods = safeMethods;
        }

        /** @return the default Retry-After, as written */
        public String getDefaultRetryAfter() {
            return defaultRetryAfter;
        }

        /** @param defaultRetryAfter the default Retry-After */
        public void setDefaultRetryAfter(String defaultRetryAfter) {
            this.defaultRetryAfter = defaultRetryAfter;
        }
    }

    /** The {@code intermission.admin.*} properties: the HTTP admin endpoint. */
    public static class Admin {

        /** Whether to mount the admin endpoint. */
        private boolean enabled = true;

        /** The path the admin endpoint is mounted at; it always passes the filter and authorizes by itself. */
        private String path = "/service-context";

        /**
         * Named bearer tokens that may change the state: intermission.admin.tokens.&lt;name&gt;=&lt;token&gt;
         * (16 to 512 characters); the name is recorded as the actor. With no token and no role, every change
         * answers 403.
         */
        private Map<String, String> tokens = new LinkedHashMap<>();

        /**
         * The Spring Security role that may change the state ("OPS" or "ROLE_OPS"), for requests that carry their
         * own credentials (HTTP Basic or a bearer token authenticated by Spring Security, or a client certificate;
         * never a session cookie).
         */
        private String role;

        /** Whether reading the status needs no credentials. */
        private boolean publicStatus = true;

        /**
         * Whether the admin endpoint runs the application's Flyway migrations in a maintenance window
         * (POST &lt;path&gt;/migrations) and lists the recorded windows (GET), when the application has Flyway.
         */
        private boolean migrations = true;

        /** @return whether to mount the admin endpoint */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether to mount the admin endpoint */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the admin path */
        public String getPath() {
            return path;
        }

        /** @param path the admin path */
        public void setPath(String path) {
            this.path = path;
        }

        /** @return the named tokens */
        public Map<String, String> getTokens() {
            return tokens;
        }

        /** @param tokens the named tokens */
        public void setTokens(Map<String, String> tokens) {
            this.tokens = tokens;
        }

        /** @return the role, or {@code null} */
        public String getRole() {
            return role;
        }

        /** @param role the role */
        public void setRole(String role) {
            this.role = role;
        }

        /** @return whether reading the status needs no credentials */
        public boolean isPublicStatus() {
            return publicStatus;
        }

        /** @param publicStatus whether reading the status needs no credentials */
        public void setPublicStatus(boolean publicStatus) {
            this.publicStatus = publicStatus;
        }

        /** @return whether the admin endpoint offers the migrations routes */
        public boolean isMigrations() {
            return migrations;
        }

        /** @param migrations whether the admin endpoint offers the migrations routes */
        public void setMigrations(boolean migrations) {
            this.migrations = migrations;
        }
    }

    /** The {@code intermission.migrations.*} properties: Boot's Flyway migration inside a maintenance window. */
    public static class Migrations {

        /**
         * Whether Boot's Flyway migration at start-up runs inside a maintenance window: only when something is
         * pending, holding the cluster-wide lock, with maintenance on while it migrates.
         */
        private boolean window = false;

        /** The maintenance mode during the window: "full" or "read-only". */
        private String mode = "full";

        /** The message users see during the window. */
        private String message = "Database upgrade in progress.";

        /** How long the window is expected to take, shown to users and sent as Retry-After; none by default. */
        private String estimate;

        /** How long an instance waits for another instance's window before start-up fails. */
        private String lockWaitTimeout = "10m";

        /** @return whether the start-up migration runs inside a window */
        public boolean isWindow() {
            return window;
        }

        /** @param window whether the start-up migration runs inside a window */
        public void setWindow(boolean window) {
            this.window = window;
        }

        /** @return the mode during the window */
        public String getMode() {
            return mode;
        }

        /** @param mode the mode during the window */
        public void setMode(String mode) {
            this.mode = mode;
        }

        /** @return the message during the window */
        public String getMessage() {
            return message;
        }

        /** @param message the message during the window */
        public void setMessage(String message) {
            this.message = message;
        }

        /** @return the estimate, as written, or {@code null} */
        public String getEstimate() {
            return estimate;
        }

        /** @param estimate the estimate */
        public void setEstimate(String estimate) {
            this.estimate = estimate;
        }

        /** @return the lock wait timeout, as written */
        public String getLockWaitTimeout() {
            return lockWaitTimeout;
        }

        /** @param lockWaitTimeout the lock wait timeout */
        public void setLockWaitTimeout(String lockWaitTimeout) {
            this.lockWaitTimeout = lockWaitTimeout;
        }
    }

    /** The {@code intermission.jmx.*} properties. */
    public static class Jmx {

        /**
         * Whether to register the MBean dev.intermission:type=Maintenance,service=&lt;name&gt; when Spring's JMX
         * support is on (spring.jmx.enabled=true).
         */
        private boolean enabled = true;

        /** @return whether to register the MBean */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether to register the MBean */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The {@code intermission.metrics.*} properties. */
    public static class Metrics {

        /** Whether to publish Micrometer meters (intermission.*) when Micrometer is present. */
        private boolean enabled = true;

        /** @return whether to publish meters */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether to publish meters */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
