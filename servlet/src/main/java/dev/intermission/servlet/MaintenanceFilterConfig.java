package dev.intermission.servlet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.intermission.InvalidValueException;
import dev.intermission.Maintenance;
import dev.intermission.Values;
import dev.intermission.servlet.internal.Bypass;
import dev.intermission.servlet.internal.CidrSet;
import dev.intermission.servlet.internal.Gate;
import dev.intermission.servlet.internal.HtmlTemplate;
import dev.intermission.servlet.internal.InitParams;
import dev.intermission.servlet.internal.PathAllowlist;

/**
 * The immutable settings of a {@link MaintenanceFilter}: what passes during maintenance, the bypass secret, and
 * how refusals look. Build one with {@link #newBuilder()}, or from init-params with
 * {@link #fromInitParameters(Map)}; every value is checked (and patterns and ranges compiled) when it is set, so
 * nothing is parsed per request.
 *
 * <pre>{@code
 * MaintenanceFilterConfig config = MaintenanceFilterConfig.newBuilder()
 *         .allowPaths("/health", "/static/**", "*.css")
 *         .adminPath("/service-context")
 *         .allowIps("10.0.0.0/8")
 *         .bypassSecret(System.getenv("INTERMISSION_BYPASS_SECRET"))
 *         .build();
 * }</pre>
 */
public final class MaintenanceFilterConfig {

    /** Init-param: the JDBC URL of the library's own database connection (the filter then owns its service). */
    public static final String PARAM_JDBC_URL = "intermission.jdbcUrl";
    /** Init-param: the user for {@link #PARAM_JDBC_URL}. */
    public static final String PARAM_JDBC_USER = "intermission.jdbcUser";
    /** Init-param: the password for {@link #PARAM_JDBC_URL}. */
    public static final String PARAM_JDBC_PASSWORD = "intermission.jdbcPassword";
    /** Init-param: the JNDI name of a DataSource ({@code jdbc/app} is also tried as {@code java:comp/env/jdbc/app}). */
    public static final String PARAM_DATA_SOURCE_JNDI = "intermission.dataSourceJndi";
    /** Init-param: see {@link Builder#allowPaths(String...)}. */
    public static final String PARAM_ALLOW_PATHS = "intermission.allowPaths";
    /** Init-param: see {@link Builder#adminPath(String)}. */
    public static final String PARAM_ADMIN_PATH = "intermission.adminPath";
    /** Init-param: see {@link Builder#allowIps(String...)}. */
    public static final String PARAM_ALLOW_IPS = "intermission.allowIps";
    /** Init-param: see {@link Builder#trustedProxies(String...)}. */
    public static final String PARAM_TRUSTED_PROXIES = "intermission.trustedProxies";
    /** Init-param: see {@link Builder#bypassSecret(String)}. */
    public static final String PARAM_BYPASS_SECRET = "intermission.bypassSecret";
    /** Init-param: see {@link Builder#bypassPath(String)}. */
    public static final String PARAM_BYPASS_PATH = "intermission.bypassPath";
    /** Init-param: see {@link Builder#bypassHeader(String)}. */
    public static final String PARAM_BYPASS_HEADER = "intermission.bypassHeader";
    /** Init-param: see {@link Builder#bypassCookieName(String)}. */
    public static final String PARAM_BYPASS_COOKIE_NAME = "intermission.bypassCookieName";
    /** Init-param: see {@link Builder#bypassCookieTtl(Duration)}. */
    public static final String PARAM_BYPASS_COOKIE_TTL = "intermission.bypassCookieTtl";
    /** Init-param: see {@link Builder#safeMethods(String...)}. */
    public static final String PARAM_SAFE_METHODS = "intermission.safeMethods";
    /** Init-param: see {@link Builder#defaultRetryAfter(Duration)}. */
    public static final String PARAM_DEFAULT_RETRY_AFTER = "intermission.defaultRetryAfter";
    /** Init-param: see {@link Builder#htmlTemplate(String)}; the template's text. */
    public static final String PARAM_HTML_TEMPLATE = "intermission.htmlTemplate";
    /** Init-param: the webapp resource holding the HTML template (for example {@code /WEB-INF/maintenance.html}). */
    public static final String PARAM_HTML_TEMPLATE_RESOURCE = "intermission.htmlTemplateResource";
    /** Init-param: see {@link Builder#serviceName(String)}. */
    public static final String PARAM_SERVICE_NAME = "intermission.serviceName";
    /** Init-param: see {@link Builder#refreshInterval(Duration)}. */
    public static final String PARAM_REFRESH_INTERVAL = "intermission.refreshInterval";
    /** Init-param: see {@link Builder#tablePrefix(String)}. */
    public static final String PARAM_TABLE_PREFIX = "intermission.tablePrefix";

    /** The default bypass path. */
    public static final String DEFAULT_BYPASS_PATH = "/_intermission/bypass";
    /** The default bypass header. */
    public static final String DEFAULT_BYPASS_HEADER = "Intermission-Bypass";
    /** The default bypass cookie name. */
    public static final String DEFAULT_BYPASS_COOKIE_NAME = "intermission_bypass";
    /** The default bypass cookie lifetime. */
    public static final Duration DEFAULT_BYPASS_COOKIE_TTL = Duration.ofHours(12);
    /** The default methods that pass in read-only mode. */
    public static final Set<String> DEFAULT_SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** The default {@code Retry-After} when no expected end is known. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofMinutes(5);
    /** The fewest characters a bypass secret may have. */
    public static final int MIN_SECRET_LENGTH = Bypass.MIN_SECRET_LENGTH;

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Duration MIN_COOKIE_TTL = Duration.ofMinutes(1);
    private static final Duration MAX_COOKIE_TTL = Duration.ofDays(30);
    private static final Duration MAX_RETRY_AFTER = Duration.ofDays(7);

    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern TABLE_PREFIX = Pattern.compile("|[A-Za-z][A-Za-z0-9_]{0,29}");

    /** Every init-param the filter reads: the configuration's and the filter's own (connection, template). */
    static final Set<String> KNOWN_PARAMS = Set.of(PARAM_JDBC_URL, PARAM_JDBC_USER, PARAM_JDBC_PASSWORD,
            PARAM_DATA_SOURCE_JNDI, PARAM_HTML_TEMPLATE_RESOURCE, PARAM_ALLOW_PATHS, PARAM_ADMIN_PATH,
            PARAM_ALLOW_IPS, PARAM_TRUSTED_PROXIES, PARAM_BYPASS_SECRET, PARAM_BYPASS_PATH, PARAM_BYPASS_HEADER,
            PARAM_BYPASS_COOKIE_NAME, PARAM_BYPASS_COOKIE_TTL, PARAM_SAFE_METHODS, PARAM_DEFAULT_RETRY_AFTER,
            PARAM_HTML_TEMPLATE, PARAM_SERVICE_NAME, PARAM_REFRESH_INTERVAL, PARAM_TABLE_PREFIX);

    private final List<String> allowPaths;
    private final String adminPath;
    private final List<String> allowIps;
    private final List<String> trustedProxies;
    private final boolean bypassEnabled;
    private final String bypassPath;
    private final String bypassHeader;
    private final String bypassCookieName;
    private final Duration bypassCookieTtl;
    private final Set<String> safeMethods;
    private final Duration defaultRetryAfter;
    private final String htmlTemplate;
    private final String serviceName;
    private final Duration refreshInterval;
    private final String tablePrefix;
    private final RequestOutcomeListener outcomeListener;
    private final Gate gate;
    private final HtmlTemplate compiledTemplate;

    private MaintenanceFilterConfig(Builder b) {
        this.allowPaths = b.allowPaths.patterns();
        this.adminPath = b.adminPath;
        this.allowIps = b.allowIps.ranges();
        this.trustedProxies = b.trustedProxies.ranges();
        this.bypassEnabled = b.bypassSecret != null;
        this.bypassPath = b.bypassPath;
        this.bypassHeader = b.bypassHeader;
        this.bypassCookieName = b.bypassCookieName;
        this.bypassCookieTtl = b.bypassCookieTtl;
        this.safeMethods = Set.copyOf(b.safeMethods);
        this.defaultRetryAfter = b.defaultRetryAfter;
        this.htmlTemplate = b.htmlTemplate;
        this.compiledTemplate = b.compiledTemplate;
        this.serviceName = b.serviceName;
        this.refreshInterval = b.refreshInterval;
        this.tablePrefix = b.tablePrefix;
        this.outcomeListener = b.outcomeListener;
        Bypass bypass = b.bypassSecret == null ? null
                : new Bypass(b.bypassSecret, b.bypassPath, b.bypassHeader, b.bypassCookieName, b.bypassCookieTtl);
        PathAllowlist admin = adminPath == null ? PathAllowlist.EMPTY : PathAllowlist.prefix("adminPath", adminPath);
        this.gate = new Gate(b.allowPaths, admin, b.allowIps, b.trustedProxies, safeMethods, bypass);
    }

    /**
     * Starts building a configuration.
     *
     * @return a builder with every default set: nothing allow-listed, no bypass secret
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Builds a configuration from init-params (the {@code PARAM_*} names); a blank value means the default.
     * The connection parameters ({@link #PARAM_JDBC_URL} and the like) and {@link #PARAM_HTML_TEMPLATE_RESOURCE}
     * are read by {@link MaintenanceFilter} and ignored here.
     *
     * @param parameters the init-params; names outside the {@code intermission.} namespace are ignored
     * @return the configuration
     * @throws InvalidValueException naming the parameter when a value is invalid, or when a parameter in the
     *                               {@code intermission.} namespace (in any case) is unknown: a typo must not
     *                               leave a setting at its default unnoticed
     */
    public static MaintenanceFilterConfig fromInitParameters(Map<String, String> parameters) {
        return builderFromInitParameters(parameters).build();
    }

    static Builder builderFromInitParameters(Map<String, String> parameters) {
        InitParams.requireKnown(parameters.keySet(), KNOWN_PARAMS);
        Builder b = new Builder();
        param(parameters, PARAM_ALLOW_PATHS, v -> b.allowPaths(InitParams.list(v)));
        param(parameters, PARAM_ADMIN_PATH, b::adminPath);
        param(parameters, PARAM_ALLOW_IPS, v -> b.allowIps(InitParams.list(v)));
        param(parameters, PARAM_TRUSTED_PROXIES, v -> b.trustedProxies(InitParams.list(v)));
        param(parameters, PARAM_BYPASS_SECRET, b::bypassSecret);
        param(parameters, PARAM_BYPASS_PATH, b::bypassPath);
        param(parameters, PARAM_BYPASS_HEADER, b::bypassHeader);
        param(parameters, PARAM_BYPASS_COOKIE_NAME, b::bypassCookieName);
        param(parameters, PARAM_BYPASS_COOKIE_TTL, v -> b.bypassCookieTtl(Values.duration(PARAM_BYPASS_COOKIE_TTL, v)));
        param(parameters, PARAM_SAFE_METHODS, v -> b.safeMethods(InitParams.list(v)));
        param(parameters, PARAM_DEFAULT_RETRY_AFTER,
                v -> b.defaultRetryAfter(Values.duration(PARAM_DEFAULT_RETRY_AFTER, v)));
        param(parameters, PARAM_HTML_TEMPLATE, b::htmlTemplate);
        param(parameters, PARAM_SERVICE_NAME, b::serviceName);
        param(parameters, PARAM_REFRESH_INTERVAL, v -> b.refreshInterval(Values.duration(PARAM_REFRESH_INTERVAL, v)));
        param(parameters, PARAM_TABLE_PREFIX, b::tablePrefix);
        return b;
    }

    private interface Setter {
        void set(String value);
    }

    /** Applies one init-param when it is set; a refusal names the init-param rather than the builder's field. */
    private static void param(Map<String, String> parameters, String name, Setter setter) {
        String value = parameters.get(name);
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            setter.set(name.equals(PARAM_HTML_TEMPLATE) || name.equals(PARAM_BYPASS_SECRET) ? value : value.strip());
        } catch (InvalidValueException e) {
            throw e.field().equals(name) ? e : e.withField(name);
        }
    }

    /** @return the allow-listed path patterns */
    public List<String> allowPaths() {
        return allowPaths;
    }

    /** @return the admin endpoint's base path, let through with everything under it */
    public Optional<String> adminPath() {
        return Optional.ofNullable(adminPath);
    }

    /** @return the allow-listed client ranges */
    public List<String> allowIps() {
        return allowIps;
    }

    /** @return the proxies whose forwarding headers are believed */
    public List<String> trustedProxies() {
        return trustedProxies;
    }

    /** @return whether a bypass secret is configured (the secret itself is never exposed) */
    public boolean bypassEnabled() {
        return bypassEnabled;
    }

    /** @return the bypass path; visiting {@code <bypassPath>/<secret>} sets the bypass cookie */
    public String bypassPath() {
        return bypassPath;
    }

    /** @return the header API clients send the bypass secret in */
    public String bypassHeader() {
        return bypassHeader;
    }

    /** @return the bypass cookie's name */
    public String bypassCookieName() {
        return bypassCookieName;
    }

    /** @return the bypass cookie's lifetime */
    public Duration bypassCookieTtl() {
        return bypassCookieTtl;
    }

    /** @return the methods that pass in read-only mode */
    public Set<String> safeMethods() {
        return safeMethods;
    }

    /** @return the {@code Retry-After} sent when no expected end is known */
    public Duration defaultRetryAfter() {
        return defaultRetryAfter;
    }

    /** @return the HTML template's text */
    public String htmlTemplate() {
        return htmlTemplate;
    }

    /** @return the service name used when the filter builds its own service */
    public String serviceName() {
        return serviceName;
    }

    /** @return the refresh interval used when the filter builds its own service */
    public Duration refreshInterval() {
        return refreshInterval;
    }

    /** @return the table prefix used when the filter builds its own service */
    public String tablePrefix() {
        return tablePrefix;
    }

    Gate gate() {
        return gate;
    }

    HtmlTemplate compiledTemplate() {
        return compiledTemplate;
    }

    /** @return the listener told the outcome of every request the filter decides on, if one is set */
    public Optional<RequestOutcomeListener> outcomeListener() {
        return Optional.ofNullable(outcomeListener);
    }

    @Override
    public String toString() {
        return "MaintenanceFilterConfig[allowPaths=" + allowPaths + ", adminPath=" + adminPath + ", allowIps="
                + allowIps + ", trustedProxies=" + trustedProxies + ", bypassEnabled=" + bypassEnabled
                + ", bypassPath=" + bypassPath + ", bypassHeader=" + bypassHeader + ", bypassCookieName="
                + bypassCookieName + ", bypassCookieTtl=" + bypassCookieTtl + ", safeMethods="
                + new TreeSet<>(safeMethods)
                + ", defaultRetryAfter=" + defaultRetryAfter + ", serviceName=" + serviceName + ", refreshInterval="
                + refreshInterval + ", tablePrefix=" + tablePrefix + "]";
    }

    /** A mutable builder of one {@link MaintenanceFilterConfig}; every setter validates its value at once. */
    public static final class Builder {
        private PathAllowlist allowPaths = PathAllowlist.EMPTY;
        private String adminPath;
        private CidrSet allowIps = CidrSet.EMPTY;
        private CidrSet trustedProxies = CidrSet.EMPTY;
        private String bypassSecret;
        private String bypassPath = DEFAULT_BYPASS_PATH;
        private String bypassHeader = DEFAULT_BYPASS_HEADER;
        private String bypassCookieName = DEFAULT_BYPASS_COOKIE_NAME;
        private Duration bypassCookieTtl = DEFAULT_BYPASS_COOKIE_TTL;
        private Set<String> safeMethods = DEFAULT_SAFE_METHODS;
        private Duration defaultRetryAfter = DEFAULT_RETRY_AFTER;
        private String htmlTemplate = HtmlTemplate.DEFAULT_TEXT;
        private HtmlTemplate compiledTemplate = HtmlTemplate.compile("htmlTemplate", HtmlTemplate.DEFAULT_TEXT);
        private String serviceName = Maintenance.DEFAULT_SERVICE_NAME;
        private Duration refreshInterval = Maintenance.DEFAULT_REFRESH_INTERVAL;
        private String tablePrefix = "";
        private RequestOutcomeListener outcomeListener;

        private Builder() {
        }

        /**
         * Sets the paths that always pass, matched literally and case-sensitively on the decoded, normalised path
         * inside the context: exact ({@code /health}), prefix ({@code /static/*} or {@code /static/**}: the base
         * and everything under it) and extension ({@code *.css}: any path ending so, wherever the container
         * dispatches it, so prefer prefixes). A request path that is still ambiguous after the container's
         * normalisation (it holds {@code %}, {@code \}, {@code ;}, a control character, an empty, {@code .} or
         * {@code ..} segment) never matches.
         *
         * @param patterns the patterns; replaces any set before
         * @return this builder
         * @throws InvalidValueException naming the pattern when one is invalid or matches every path
         */
        public Builder allowPaths(String... patterns) {
            return allowPaths(patterns == null ? null : Arrays.asList(patterns));
        }

        /**
         * Sets the paths that always pass; see {@link #allowPaths(String...)}.
         *
         * @param patterns the patterns; replaces any set before
         * @return this builder
         * @throws InvalidValueException naming the pattern when one is invalid or matches every path
         */
        public Builder allowPaths(Collection<String> patterns) {
            this.allowPaths = PathAllowlist.compile("allowPaths", new ArrayList<>(nonNull("allowPaths", patterns)));
            return this;
        }

        /**
         * Sets the admin endpoint's base path, which always passes with everything under it (the endpoint does its
         * own authorization); none by default.
         *
         * @param path a path such as {@code /service-context}, or {@code null} for none
         * @return this builder
         * @throws InvalidValueException when the path is not a plain absolute path, ends with {@code /}, or is
         *                                  {@code /}
         */
        public Builder adminPath(String path) {
            if (path != null) {
                PathAllowlist.prefix("adminPath", path);
            }
            this.adminPath = path == null ? null : path.strip();
            return this;
        }

        /**
         * Sets the client address ranges that always pass, as CIDR ranges ({@code 10.0.0.0/8},
         * {@code 2001:db8::/32}) or single addresses; the client is found as described in
         * {@link #trustedProxies(String...)}.
         *
         * @param ranges the ranges; replaces any set before
         * @return this builder
         * @throws InvalidValueException naming the range when one is invalid
         */
        public Builder allowIps(String... ranges) {
            return allowIps(ranges == null ? null : Arrays.asList(ranges));
        }

        /**
         * Sets the client address ranges that always pass; see {@link #allowIps(String...)}.
         *
         * @param ranges the ranges; replaces any set before
         * @return this builder
         * @throws InvalidValueException naming the range when one is invalid
         */
        public Builder allowIps(Collection<String> ranges) {
            this.allowIps = CidrSet.parse("allowIps", new ArrayList<>(nonNull("allowIps", ranges)));
            return this;
        }

        /**
         * Sets the proxies whose forwarding headers are believed; none by default (loopback included). The
         * client is the direct peer, unless the peer is in these ranges: then {@code Forwarded} (RFC 7239) and
         * {@code X-Forwarded-For} are read right to left, skipping trusted hops, and the first untrusted hop is
         * the client; when both headers are present the client must be allow-listed according to each; a hop
         * that is not an address ({@code unknown}, obfuscated) means no client.
         *
         * @param ranges CIDR ranges or single addresses; replaces any set before
         * @return this builder
         * @throws InvalidValueException naming the range when one is invalid
         */
        public Builder trustedProxies(String... ranges) {
            return trustedProxies(ranges == null ? null : Arrays.asList(ranges));
        }

        /**
         * Sets the proxies whose forwarding headers are believed; see {@link #trustedProxies(String...)}.
         *
         * @param ranges CIDR ranges or single addresses; replaces any set before
         * @return this builder
         * @throws InvalidValueException naming the range when one is invalid
         */
        public Builder trustedProxies(Collection<String> ranges) {
            this.trustedProxies = CidrSet.parse("trustedProxies", new ArrayList<>(nonNull("trustedProxies", ranges)));
            return this;
        }

        /**
         * Sets the bypass secret, which lets operators preview the site during maintenance: visiting
         * {@code <bypassPath>/<secret>} sets a signed cookie, and API clients may send the secret in
         * {@link #bypassHeader(String)}; none by default (no bypass).
         *
         * @param secret at least {@value MaintenanceFilterConfig#MIN_SECRET_LENGTH} visible ASCII characters other
         *               than {@code / \ ; % ? #}, or {@code null} for none
         * @return this builder
         * @throws InvalidValueException when the secret is too short or holds a character it may not
         */
        public Builder bypassSecret(String secret) {
            if (secret != null) {
                Bypass.checkSecret(secret);
            }
            this.bypassSecret = secret;
            return this;
        }

        /**
         * Sets the bypass path; default {@value MaintenanceFilterConfig#DEFAULT_BYPASS_PATH}.
         *
         * @param path a plain absolute path without a trailing {@code /}
         * @return this builder
         * @throws InvalidValueException when the path is not valid
         */
        public Builder bypassPath(String path) {
            PathAllowlist.prefix("bypassPath", path);
            this.bypassPath = path.strip();
            return this;
        }

        /**
         * Sets the header API clients send the bypass secret in; default
         * {@value MaintenanceFilterConfig#DEFAULT_BYPASS_HEADER}.
         *
         * @param header an HTTP header name
         * @return this builder
         * @throws InvalidValueException when not a valid header name
         */
        public Builder bypassHeader(String header) {
            if (header == null || !TOKEN.matcher(header).matches()) {
                throw new InvalidValueException("bypassHeader", header, "is not an HTTP header name");
            }
            this.bypassHeader = header;
            return this;
        }

        /**
         * Sets the bypass cookie's name; default {@value MaintenanceFilterConfig#DEFAULT_BYPASS_COOKIE_NAME}.
         *
         * @param name a cookie name
         * @return this builder
         * @throws InvalidValueException when not a valid cookie name
         */
        public Builder bypassCookieName(String name) {
            if (name == null || !TOKEN.matcher(name).matches() || name.startsWith("$")) {
                throw new InvalidValueException("bypassCookieName", name, "is not a cookie name");
            }
            this.bypassCookieName = name;
            return this;
        }

        /**
         * Sets the bypass cookie's lifetime; default 12 hours.
         *
         * @param ttl one minute to 30 days
         * @return this builder
         * @throws InvalidValueException when out of range
         */
        public Builder bypassCookieTtl(Duration ttl) {
            this.bypassCookieTtl = Values.checkDuration("bypassCookieTtl", ttl, MIN_COOKIE_TTL, MAX_COOKIE_TTL);
            return this;
        }

        /**
         * Sets the methods that pass in read-only mode (upper-cased); default GET, HEAD and OPTIONS.
         *
         * @param methods the methods; none makes read-only refuse like full maintenance
         * @return this builder
         * @throws InvalidValueException when a method is not a valid token
         */
        public Builder safeMethods(String... methods) {
            return safeMethods(methods == null ? null : Arrays.asList(methods));
        }

        /**
         * Sets the methods that pass in read-only mode; see {@link #safeMethods(String...)}.
         *
         * @param methods the methods
         * @return this builder
         * @throws InvalidValueException when a method is not a valid token
         */
        public Builder safeMethods(Collection<String> methods) {
            Set<String> set = new LinkedHashSet<>();
            for (String method : nonNull("safeMethods", methods)) {
                if (method == null || !TOKEN.matcher(method).matches()) {
                    throw new InvalidValueException("safeMethods", method, "is not an HTTP method");
                }
                set.add(method.toUpperCase(Locale.ROOT));
            }
            this.safeMethods = set;
            return this;
        }

        /**
         * Sets the {@code Retry-After} sent when no expected end is known; default 5 minutes.
         *
         * @param retryAfter one second to 7 days (rounded up to whole seconds)
         * @return this builder
         * @throws InvalidValueException when out of range
         */
        public Builder defaultRetryAfter(Duration retryAfter) {
            this.defaultRetryAfter = Values.checkDuration("defaultRetryAfter", retryAfter, Duration.ofSeconds(1),
                    MAX_RETRY_AFTER);
            return this;
        }

        /**
         * Replaces the HTML page. Placeholders, replaced by HTML-escaped values: {@code {{message}}},
         * {@code {{mode}}} ({@code full} or {@code read-only}), {@code {{retryAfter}}} (seconds), and for the
         * expected end {@code {{until}}} (ISO-8601, for {@code <time datetime="{{until}}">}; empty when unknown),
         * {@code {{untilText}}} (the exact time for people, {@code 1 January 2030, 10:20 UTC}) and
         * {@code {{backIn}}} ({@code in about 20 minutes}). Sections: {@code {{#until}}...{{/until}}} is kept only
         * while an expected end lies ahead, {@code {{#overdue}}...{{/overdue}}} only once it has passed.
         *
         * @param template the page, at most 64 KiB
         * @return this builder
         * @throws InvalidValueException on an unknown placeholder or an unbalanced section
         */
        public Builder htmlTemplate(String template) {
            this.compiledTemplate = HtmlTemplate.compile("htmlTemplate", template);
            this.htmlTemplate = template;
            return this;
        }

        /**
         * Sets the service name used when the filter builds its own service from init-params.
         *
         * @param name see {@link Maintenance.Builder#serviceName(String)}
         * @return this builder
         * @throws InvalidValueException when invalid
         */
        public Builder serviceName(String name) {
            if (name == null || !SERVICE_NAME.matcher(name).matches()) {
                throw new InvalidValueException("serviceName", name, "must be 1-100 letters, digits, '.', '_' or "
                        + "'-' starting with a letter or digit");
            }
            this.serviceName = name;
            return this;
        }

        /**
         * Sets the refresh interval used when the filter builds its own service from init-params.
         *
         * @param interval see {@link Maintenance.Builder#refreshInterval(Duration)}
         * @return this builder
         * @throws InvalidValueException when out of range
         */
        public Builder refreshInterval(Duration interval) {
            this.refreshInterval = Values.checkDuration("refreshInterval", interval,
                    Maintenance.MIN_REFRESH_INTERVAL, Maintenance.MAX_REFRESH_INTERVAL);
            return this;
        }

        /**
         * Sets the table prefix used when the filter builds its own service from init-params.
         *
         * @param prefix see {@link Maintenance.Builder#tablePrefix(String)}
         * @return this builder
         * @throws InvalidValueException when invalid
         */
        public Builder tablePrefix(String prefix) {
            if (prefix == null || !TABLE_PREFIX.matcher(prefix).matches()) {
                throw new InvalidValueException("tablePrefix", prefix, "must be empty or a letter followed by up "
                        + "to 29 letters, digits or '_'");
            }
            this.tablePrefix = prefix;
            return this;
        }

        /**
         * Sets the listener told the outcome of every request the filter decides on (for metrics): called once
         * per request, on the request thread, before the request goes on or is refused. A listener that throws is
         * logged once and never breaks a request.
         *
         * @param listener the listener, or {@code null} for none (the default)
         * @return this builder
         */
        public Builder outcomeListener(RequestOutcomeListener listener) {
            this.outcomeListener = listener;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the immutable configuration
         */
        public MaintenanceFilterConfig build() {
            return new MaintenanceFilterConfig(this);
        }

        private static <T> Collection<T> nonNull(String option, Collection<T> values) {
            if (values == null) {
                throw new InvalidValueException(option, null, "must not be null");
            }
            return values;
        }
    }
}
