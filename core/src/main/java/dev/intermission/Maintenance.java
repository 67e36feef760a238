package dev.intermission;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import dev.intermission.internal.Checks;
import dev.intermission.internal.DefaultMaintenanceService;
import dev.intermission.internal.OwnPool;

/**
 * The entry point: builds a {@link MaintenanceService} for one service on one database.
 *
 * <pre>{@code
 * MaintenanceService maintenance = Maintenance.newBuilder()
 *         .dataSource(dataSource)
 *         .serviceName("billing")
 *         .build();
 * maintenance.enable(Mode.FULL, "Upgrading the database", "alice");
 * }</pre>
 */
public final class Maintenance {

    /** The service name used when none is given. */
    public static final String DEFAULT_SERVICE_NAME = "default";
    /** How often the state is checked in the database by default. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);
    /** The shortest refresh interval accepted. */
    public static final Duration MIN_REFRESH_INTERVAL = Duration.ofMillis(10);
    /** The longest refresh interval accepted. */
    public static final Duration MAX_REFRESH_INTERVAL = Duration.ofHours(1);
    /** The size of the pool the library opens when given a JDBC URL. */
    public static final int DEFAULT_POOL_SIZE = 2;
    /** How long to wait for a connection from the library's own pool. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    /** How long any statement of the library may run (or wait for a lock) before it gives up, by default. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * How long an instance stays listed without a heartbeat, by default (or three refresh intervals, when longer):
     * 15 heartbeats at the default refresh interval; a dead instance holds a migration window up at most this
     * long, and it is well inside the migration window's default drain timeout (30 s).
     */
    public static final Duration DEFAULT_INSTANCE_LEASE = Duration.ofSeconds(15);
    /** The shortest instance lease accepted (and never under three refresh intervals). */
    public static final Duration MIN_INSTANCE_LEASE = Duration.ofMillis(300);
    /** The longest instance lease accepted. */
    public static final Duration MAX_INSTANCE_LEASE = Duration.ofHours(24);
    /**
     * The mode an instance applies at least once it has not confirmed the state for its instance lease (less one
     * refresh interval), by default: writes are refused, reads still served. See
     * {@link Builder#failSafeMode(Mode)}.
     */
    public static final Mode DEFAULT_FAIL_SAFE_MODE = Mode.READ_ONLY;
    /** The policy applied while the state has never been read. */
    public static final UnknownStatePolicy DEFAULT_UNKNOWN_STATE_POLICY = UnknownStatePolicy.ASSUME_FULL;

    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern TABLE_PREFIX = Pattern.compile("|[A-Za-z][A-Za-z0-9_]{0,29}");

    private Maintenance() {
    }

    /**
     * Starts building a service.
     *
     * @return a new builder with every default set
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** A mutable builder of one {@link MaintenanceService}; setters fail fast on bad values. */
    public static final class Builder {
        private DataSource dataSource;
        private String jdbcUrl;
        private String jdbcUser;
        private String jdbcPassword;
        private String serviceName = DEFAULT_SERVICE_NAME;
        private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
        private InstantSource timeSource = InstantSource.system();
        private UnknownStatePolicy unknownStatePolicy = DEFAULT_UNKNOWN_STATE_POLICY;
        private String tablePrefix = "";
        private SchemaMode schemaMode = SchemaMode.CREATE;
        private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
        private int poolSize = DEFAULT_POOL_SIZE;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private String instanceId;
        private String applicationVersion;
        private Duration instanceLease;
        private boolean listenForChanges = true;
        private Mode failSafeMode = DEFAULT_FAIL_SAFE_MODE;
        private final List<MaintenanceListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * Uses the application's DataSource; the library never closes it.
         *
         * @param dataSource the DataSource
         * @return this builder
         * @throws InvalidValueException when {@code null}
         * @throws InvalidValueException when a JDBC URL was already set
         */
        public Builder dataSource(DataSource dataSource) {
            if (dataSource == null) {
                throw new InvalidValueException("dataSource", null, "must not be null");
            }
            if (jdbcUrl != null) {
                throw new InvalidValueException("dataSource", "a DataSource", "cannot be set with a JDBC URL; give one or the other");
            }
            this.dataSource = dataSource;
            return this;
        }

        /**
         * Opens a small pool of the library's own ({@link #poolSize(int)} connections) on this URL, so it never
         * competes with the application's pool; {@link MaintenanceService#close()} closes it.
         *
         * @param url      a JDBC URL ({@code jdbc:postgresql:...}, {@code jdbc:h2:...}, {@code jdbc:mariadb:...})
         * @param user     the user, or {@code null}
         * @param password the password, or {@code null}
         * @return this builder
         * @throws InvalidValueException when the URL does not start with {@code jdbc:}
         * @throws InvalidValueException when a DataSource was already set
         */
        public Builder jdbcUrl(String url, String user, String password) {
            if (url == null || !url.startsWith("jdbc:")) {
                throw new InvalidValueException("jdbcUrl", OwnPool.redact(url),
                        "must start with 'jdbc:'");
            }
            if (dataSource != null) {
                throw new InvalidValueException("jdbcUrl", OwnPool.redact(url), "cannot be set with a DataSource; give one or the other");
            }
            this.jdbcUrl = url;
            this.jdbcUser = user;
            this.jdbcPassword = password;
            return this;
        }

        /**
         * Names the service; several services can share one database, each with its own row.
         *
         * @param serviceName letters, digits, {@code .}, {@code _} and {@code -}, at most 100 characters
         * @return this builder
         * @throws InvalidValueException when the name is invalid
         */
        public Builder serviceName(String serviceName) {
            if (serviceName == null || !SERVICE_NAME.matcher(serviceName).matches()) {
                throw new InvalidValueException("serviceName", serviceName, "must be 1-100 letters, digits, '.', '_' or "
                        + "'-' starting with a letter or digit");
            }
            this.serviceName = serviceName;
            return this;
        }

        /**
         * Sets how often the refresher checks the database; other instances see a change within this interval
         * plus one query.
         *
         * @param interval between {@link #MIN_REFRESH_INTERVAL} and {@link #MAX_REFRESH_INTERVAL}
         * @return this builder
         * @throws InvalidValueException when out of range
         */
        public Builder refreshInterval(Duration interval) {
            Values.checkDuration("refreshInterval", interval, MIN_REFRESH_INTERVAL, MAX_REFRESH_INTERVAL);
            this.refreshInterval = interval;
            return this;
        }

        /**
         * Sets the clock used for scheduled windows, expected ends and timestamps (tests pass a fake one).
         *
         * @param timeSource the clock
         * @return this builder
         * @throws InvalidValueException when {@code null}
         */
        public Builder timeSource(InstantSource timeSource) {
            if (timeSource == null) {
                throw new InvalidValueException("timeSource", null, "must not be null");
            }
            this.timeSource = timeSource;
            return this;
        }

        /**
         * Sets what to assume while the state has never been read; see {@link UnknownStatePolicy}.
         *
         * @param policy the policy; default {@link #DEFAULT_UNKNOWN_STATE_POLICY}
         * @return this builder
         * @throws InvalidValueException when {@code null}
         */
        public Builder unknownStatePolicy(UnknownStatePolicy policy) {
            if (policy == null) {
                throw new InvalidValueException("unknownStatePolicy", null, "must be ASSUME_FULL or ASSUME_OFF");
            }
            this.unknownStatePolicy = policy;
            return this;
        }

        /**
         * Prefixes the library's table names ({@code <prefix>service_context} and so on).
         *
         * @param prefix empty, or a letter then up to 29 letters, digits or underscores
         * @return this builder
         * @throws InvalidValueException when the prefix is invalid
         */
        public Builder tablePrefix(String prefix) {
            if (prefix == null || !TABLE_PREFIX.matcher(prefix).matches()) {
                throw new InvalidValueException("tablePrefix", prefix, "must be empty or a letter followed by up to 29 " + "letters, digits or '_'");
            }
            this.tablePrefix = prefix;
            return this;
        }

        /**
         * Sets what {@link #build()} does with the library's own tables: create what is missing (the default),
         * only validate them, or leave them alone; see {@link SchemaMode}.
         *
         * @param mode the schema mode
         * @return this builder
         * @throws InvalidValueException when {@code null}
         */
        public Builder schemaMode(SchemaMode mode) {
            if (mode == null) {
                throw new InvalidValueException("schemaMode", null, "must be CREATE, VALIDATE or NONE");
            }
            this.schemaMode = mode;
            return this;
        }

        /**
         * Sets how long any statement of the library may run, or wait for a lock, before it gives up: a change
         * made while the table is locked fails with "the state store is busy" instead of waiting without bound.
         *
         * @param timeout 1 second to 5 minutes; default {@link #DEFAULT_STATEMENT_TIMEOUT}
         * @return this builder
         * @throws InvalidValueException when out of range
         */
        public Builder statementTimeout(Duration timeout) {
            this.statementTimeout = Values.checkDuration("statementTimeout", timeout, Duration.ofSeconds(1),
                    Duration.ofMinutes(5));
            return this;
        }

        /**
         * Sets the size of the library's own pool, used with {@link #jdbcUrl(String, String, String)}. Two is
         * the floor: creating the schema holds one connection for its lock while migrating on another.
         *
         * @param size 2 to 10
         * @return this builder
         * @throws InvalidValueException when out of range
         */
        public Builder poolSize(int size) {
            if (size < 2 || size > 10) {
                throw new InvalidValueException("poolSize", Integer.toString(size), "must be between 2 and 10");
            }
            this.poolSize = size;
            return this;
        }

        /**
         * Sets how long the library's own pool waits for a free connection, and for the database to accept a new
         * one (its login timeout), before giving up with an error that says which.
         *
         * @param timeout at least 250 ms
         * @return this builder
         * @throws InvalidValueException when shorter
         */
        public Builder connectionTimeout(Duration timeout) {
            Values.checkDuration("connectionTimeout", timeout, Duration.ofMillis(250), Duration.ofMinutes(5));
            this.connectionTimeout = timeout;
            return this;
        }

        /**
         * Names this instance among the service's instances (a pod or host name, say); by default it is the host
         * name, the process id and four random hex digits. Ids must be unique among running instances.
         *
         * @param id a letter or digit, then up to 99 letters, digits, {@code .}, {@code _}, {@code :} or {@code -}
         * @return this builder
         * @throws InvalidValueException when the id is invalid
         */
        public Builder instanceId(String id) {
            this.instanceId = Checks.instanceId(id);
            return this;
        }

        /**
         * Sets the application's version that this instance reports, so operators see which build each instance
         * runs (during a rolling upgrade, for example).
         *
         * @param version at most 100 characters, no control characters; {@code null} for none (the default)
         * @return this builder
         * @throws InvalidValueException when blank, too long or holding control characters
         */
        public Builder applicationVersion(String version) {
            this.applicationVersion = version == null ? null
                    : Checks.label("applicationVersion", version, Checks.MAX_APPLICATION_VERSION_LENGTH);
            return this;
        }

        /**
         * Sets how long this instance stays listed without a heartbeat (it sends one with every refresh): a
         * migration window waits for a listed instance to acknowledge its change or to expire, so this bounds
         * how long an instance that died without deregistering holds a window up.
         *
         * @param lease {@link #MIN_INSTANCE_LEASE} to {@link #MAX_INSTANCE_LEASE}, and at least three refresh
         *              intervals (checked by {@link #build()}); default {@link #DEFAULT_INSTANCE_LEASE} or three
         *              refresh intervals, whichever is longer
         * @return this builder
         * @throws InvalidValueException when out of range
         */
        public Builder instanceLease(Duration lease) {
            this.instanceLease = Values.checkDuration("instanceLease", lease, MIN_INSTANCE_LEASE, MAX_INSTANCE_LEASE);
            return this;
        }

        /**
         * Sets whether this instance listens for changes that PostgreSQL pushes ({@code LISTEN}/{@code NOTIFY}),
         * so it sees them within milliseconds instead of at its next refresh. Every change is announced on
         * PostgreSQL whatever this setting; polling carries on as the fallback, and is the only mechanism on
         * other databases. Listening holds one connection of its own for as long as the service runs: opened
         * outside the library's own pool, or taken from the DataSource given (give its pool one more connection).
         * The PostgreSQL driver is used through the connection, never required.
         *
         * @param listen {@code true} (the default) to listen, {@code false} to poll only
         * @return this builder
         */
        public Builder listenForChanges(boolean listen) {
            this.listenForChanges = listen;
            return this;
        }

        /**
         * Sets what this instance does when it cannot confirm the state (the database is down, slow or cut off)
         * for longer than its instance lease less one refresh interval. By then the other instances have stopped
         * waiting for it, so a migration window may be running without it knowing: it applies at least this mode
         * until it reads the state again, and logs the switch once.
         *
         * <p>The default, {@link Mode#READ_ONLY}, is the least that makes this safe: no write reaches a schema
         * that may be changing, while reads (which cannot corrupt anything) keep being served through a database
         * blip. {@link Mode#FULL} refuses reads too, for applications whose reads also fail against a schema in
         * the middle of a change. {@link Mode#OFF} keeps serving the last state read, as releases before instance
         * tracking did: only safe when no other instance migrates.
         *
         * @param mode the fail-safe mode; {@link #DEFAULT_FAIL_SAFE_MODE} unless set
         * @return this builder
         * @throws InvalidValueException when {@code null}
         */
        public Builder failSafeMode(Mode mode) {
            if (mode == null) {
                throw new InvalidValueException("failSafeMode", null, "must be READ_ONLY, FULL or OFF (keep the last "
                        + "state)");
            }
            this.failSafeMode = mode;
            return this;
        }

        /**
         * Adds a listener that hears every change.
         *
         * @param listener the listener
         * @return this builder
         * @throws InvalidValueException when {@code null}
         */
        public Builder addListener(MaintenanceListener listener) {
            if (listener == null) {
                throw new InvalidValueException("listener", null, "must not be null");
            }
            listeners.add(listener);
            return this;
        }

        /**
         * Builds and starts the service: creates the schema if asked, reads the state once, and starts the
         * refresher. If the database is unreachable, the service still starts, applies the
         * {@link UnknownStatePolicy} and keeps trying in the background.
         *
         * @return the running service
         * @throws InvalidValueException when neither a DataSource nor a JDBC URL was set, or when the instance
         *                               lease is shorter than three refresh intervals
         * @throws MaintenanceException  when the database answers but the schema cannot be created
         */
        public MaintenanceService build() {
            if (dataSource == null && jdbcUrl == null) {
                throw new InvalidValueException("dataSource", null, "set a DataSource or a JDBC URL");
            }
            Duration threeIntervals = refreshInterval.multipliedBy(3);
            if (instanceLease != null && instanceLease.compareTo(threeIntervals) < 0) {
                throw new InvalidValueException("instanceLease", Values.text(instanceLease), "must be at least three "
                        + "refresh intervals (" + Values.text(threeIntervals) + ")");
            }
            Duration lease = instanceLease != null ? instanceLease
                    : DEFAULT_INSTANCE_LEASE.compareTo(threeIntervals) >= 0 ? DEFAULT_INSTANCE_LEASE : threeIntervals;
            return DefaultMaintenanceService.start(new DefaultMaintenanceService.Settings(dataSource, jdbcUrl,
                    jdbcUser, jdbcPassword, serviceName, refreshInterval, timeSource, unknownStatePolicy,
                    tablePrefix, schemaMode, poolSize, connectionTimeout, statementTimeout, List.copyOf(listeners),
                    instanceId, applicationVersion, lease, listenForChanges, failSafeMode));
        }
    }
}
