package dev.intermission.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.intermission.InFlightRequests;
import dev.intermission.InvalidValueException;
import dev.intermission.admin.internal.Tokens;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.servlet.internal.InitParams;

/**
 * The immutable settings of a {@link MaintenanceAdminServlet}: who may change the state (named bearer tokens
 * and/or an {@link AdminAuthorizer}), whether the status is public, how large a request body may be, and the
 * application's migrations that {@code POST <base>/migrations} runs (none unless set: those routes answer 404).
 *
 * <p>Token values are kept only as SHA-256 digests and compared in constant time; they never appear in
 * {@link #toString()}, logs or error messages.
 */
public final class MaintenanceAdminConfig {

    /** Init-param: named bearer tokens as comma-separated {@code name:token} pairs. */
    public static final String TOKENS_PARAM = "intermission.admin.tokens";
    /** Init-param: comma-separated container roles that may act ({@link AdminAuthorizer#containerRoles}). */
    public static final String ROLES_PARAM = "intermission.admin.roles";
    /** Init-param: {@code true} (default) or {@code false}, whether {@code GET} of the status needs no credentials. */
    public static final String PUBLIC_STATUS_PARAM = "intermission.admin.publicStatus";
    /** Init-param: the largest request body accepted, in bytes. */
    public static final String MAX_BODY_BYTES_PARAM = "intermission.admin.maxBodyBytes";

    /** The default body limit in bytes. */
    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;

    /** Every init-param the servlet reads. */
    static final Set<String> KNOWN_PARAMS = Set.of(TOKENS_PARAM, ROLES_PARAM, PUBLIC_STATUS_PARAM,
            MAX_BODY_BYTES_PARAM);

    private static final int MIN_BODY_BYTES = 256;
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final Tokens tokens;
    private final AdminAuthorizer authorizer;
    private final boolean publicStatus;
    private final int maxBodyBytes;
    private final SchemaMigrator migrator;
    private final UnaryOperator<MigrationWindow.Builder> migrationWindow;
    private final InFlightRequests inFlightRequests;

    private MaintenanceAdminConfig(Builder b) {
        this.tokens = b.tokens;
        this.authorizer = b.authorizer;
        this.publicStatus = b.publicStatus;
        this.maxBodyBytes = b.maxBodyBytes;
        this.migrator = b.migrator;
        this.migrationWindow = b.migrationWindow;
        this.inFlightRequests = b.inFlightRequests;
    }

    /**
     * Starts building a configuration: public status, no tokens, no authorizer (so every change answers 403).
     *
     * @return a new builder
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Reads a configuration from init-params ({@link #TOKENS_PARAM}, {@link #ROLES_PARAM},
     * {@link #PUBLIC_STATUS_PARAM}, {@link #MAX_BODY_BYTES_PARAM}); absent or blank params keep their defaults,
     * names outside the {@code intermission.} namespace are ignored.
     *
     * @param parameters the init-params by name
     * @return the configuration
     * @throws InvalidValueException naming the param when a value is invalid (a token value is never echoed), or
     *                               when a name in the {@code intermission.} namespace (in any case) is unknown:
     *                               a mistyped name must not leave the status public or the endpoint locked
     */
    public static MaintenanceAdminConfig fromInitParameters(Map<String, String> parameters) {
        InitParams.requireKnown(parameters.keySet(), KNOWN_PARAMS);
        Builder b = newBuilder();
        String tokens = blankToNull(parameters.get(TOKENS_PARAM));
        if (tokens != null) {
            String[] entries = tokens.split(",");
            for (int i = 0; i < entries.length; i++) {
                String entry = entries[i].strip();
                if (entry.isEmpty()) {
                    continue;
                }
                int colon = entry.indexOf(':');
                if (colon <= 0) {
                    throw new InvalidValueException(TOKENS_PARAM, null, "entry " + (i + 1) + " must be name:token");
                }
                try {
                    b.token(entry.substring(0, colon).strip(), entry.substring(colon + 1).strip());
                } catch (InvalidValueException e) {
                    throw new InvalidValueException(TOKENS_PARAM, null, "entry " + (i + 1) + " ('"
                            + (e.value() == null ? "?" : e.value()) + "'): " + e.problem());
                }
            }
        }
        String roles = blankToNull(parameters.get(ROLES_PARAM));
        if (roles != null) {
            List<String> list = new ArrayList<>();
            for (String role : roles.split(",")) {
                if (!role.isBlank()) {
                    list.add(role.strip());
                }
            }
            if (list.isEmpty()) {
                throw new InvalidValueException(ROLES_PARAM, roles, "must name at least one container role");
            }
            b.authorizer(AdminAuthorizer.containerRoles(list.toArray(String[]::new)));
        }
        String publicStatus = blankToNull(parameters.get(PUBLIC_STATUS_PARAM));
        if (publicStatus != null) {
            String value = publicStatus.strip().toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                throw new InvalidValueException(PUBLIC_STATUS_PARAM, publicStatus, "must be true or false");
            }
            b.publicStatus(Boolean.parseBoolean(value));
        }
        String maxBody = blankToNull(parameters.get(MAX_BODY_BYTES_PARAM));
        if (maxBody != null) {
            int bytes;
            try {
                bytes = Integer.parseInt(maxBody.strip());
            } catch (NumberFormatException e) {
                throw new InvalidValueException(MAX_BODY_BYTES_PARAM, maxBody, "must be a whole number of bytes");
            }
            try {
                b.maxBodyBytes(bytes);
            } catch (InvalidValueException e) {
                throw e.withField(MAX_BODY_BYTES_PARAM);
            }
        }
        return b.build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Returns the names of the configured tokens (never their values).
     *
     * @return the token names, in the order given
     */
    public Set<String> tokenNames() {
        return tokens.names();
    }

    /**
     * Returns the authorizer consulted when no token matches.
     *
     * @return the authorizer, or empty
     */
    public Optional<AdminAuthorizer> authorizer() {
        return Optional.ofNullable(authorizer);
    }

    /**
     * Returns whether reading the status needs no credentials.
     *
     * @return {@code true} by default
     */
    public boolean publicStatus() {
        return publicStatus;
    }

    /**
     * Returns the largest request body accepted.
     *
     * @return the limit in bytes
     */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Returns the application's migrations that {@code POST <base>/migrations} runs.
     *
     * @return the migrator, or empty when the migrations routes are off (they answer 404)
     */
    public Optional<SchemaMigrator> migrator() {
        return Optional.ofNullable(migrator);
    }

    /**
     * Returns what adjusts each migration window started over HTTP (timeouts, hooks, drain policy).
     *
     * @return the customizer; the identity unless set
     */
    public UnaryOperator<MigrationWindow.Builder> migrationWindow() {
        return migrationWindow;
    }

    /**
     * Returns the counter of this instance's in-flight requests that a window started over HTTP waits for.
     *
     * @return the counter; {@link InFlightRequests#NONE} unless set
     */
    public InFlightRequests inFlightRequests() {
        return inFlightRequests;
    }

    /**
     * Returns whether any way to authorize is configured; without one every protected call answers 403.
     *
     * @return {@code true} when there is a token or an authorizer
     */
    public boolean hasCredentials() {
        return !tokens.isEmpty() || authorizer != null;
    }

    /** The tokens themselves, for the servlet to hand to its handler. */
    Tokens tokens() {
        return tokens;
    }

    @Override
    public String toString() {
        return "MaintenanceAdminConfig[tokens=" + tokens + ", authorizer=" + (authorizer != null)
                + ", publicStatus=" + publicStatus + ", maxBodyBytes=" + maxBodyBytes + ", migrations="
                + (migrator != null) + "]";
    }

    /** A mutable builder of one {@link MaintenanceAdminConfig}; setters fail fast on bad values. */
    public static final class Builder {
        private Tokens tokens = Tokens.NONE;
        private AdminAuthorizer authorizer;
        private boolean publicStatus = true;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private SchemaMigrator migrator;
        private UnaryOperator<MigrationWindow.Builder> migrationWindow = UnaryOperator.identity();
        private InFlightRequests inFlightRequests = InFlightRequests.NONE;

        private Builder() {
        }

        /**
         * Adds a named bearer token; requests presenting it act under its name.
         *
         * @param name  1-64 letters, digits, {@code .}, {@code _}, {@code @} or {@code -}, starting with a letter
         *              or digit; recorded as the actor
         * @param token 16 to 512 characters of the bearer-token alphabet ({@code A-Z a-z 0-9 - . _ ~ + /}, then
         *              {@code =} padding)
         * @return this builder
         * @throws InvalidValueException naming {@code token} and the token's name when the name or token is
         *                               invalid or already configured (the token itself is never echoed)
         */
        public Builder token(String name, String token) {
            this.tokens = tokens.with(name, token);
            return this;
        }

        /**
         * Sets the authorizer consulted when the request presents no matching token.
         *
         * @param authorizer the authorizer, or {@code null} for none
         * @return this builder
         */
        public Builder authorizer(AdminAuthorizer authorizer) {
            this.authorizer = authorizer;
            return this;
        }

        /**
         * Sets whether {@code GET} of the status needs no credentials.
         *
         * @param publicStatus {@code true} (the default) to let anyone read it
         * @return this builder
         */
        public Builder publicStatus(boolean publicStatus) {
            this.publicStatus = publicStatus;
            return this;
        }

        /**
         * Sets the largest request body accepted; a larger one answers 413 unread.
         *
         * @param bytes 256 to 1048576 (1 MiB)
         * @return this builder
         * @throws InvalidValueException when out of range
         */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < MIN_BODY_BYTES || bytes > MAX_BODY_BYTES) {
                throw new InvalidValueException("maxBodyBytes", Integer.toString(bytes), "must be between "
                        + MIN_BODY_BYTES + " and " + MAX_BODY_BYTES);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * Turns on the migrations routes: {@code POST <base>/migrations} runs the pending migrations as one
         * {@link MigrationWindow} on its own thread and answers with its id; {@code GET <base>/migrations[/id]}
         * reads the recorded windows. Both need authorization like {@code PATCH}.
         *
         * @param migrator the application's migrations (for Flyway, built by
         *                 {@link dev.intermission.flyway.FlywayMigrator}), or {@code null} to turn the routes off
         * @return this builder
         */
        public Builder migrations(SchemaMigrator migrator) {
            this.migrator = migrator;
            return this;
        }

        /**
         * Sets what adjusts every window started over HTTP: it gets a builder holding the endpoint's defaults (no
         * wait for another window's lock, the {@link #inFlightRequests(InFlightRequests)} counter) and returns it
         * with its own settings (timeouts, drain policy, hooks such as a backup). The request's {@code mode},
         * {@code message} and {@code estimate}, the actor and the client address are set after it. It is also
         * applied once when the servlet starts, to check it.
         *
         * @param customizer adjusts the builder and returns it
         * @return this builder
         * @throws InvalidValueException when {@code null}
         */
        public Builder migrationWindow(UnaryOperator<MigrationWindow.Builder> customizer) {
            if (customizer == null) {
                throw new InvalidValueException("migrationWindow", null, "must not be null");
            }
            this.migrationWindow = customizer;
            return this;
        }

        /**
         * Sets the counter of this instance's in-flight requests that a window started over HTTP waits to drain
         * (the maintenance filter provides one). The request that starts the window is answered as soon as the
         * window is recorded, before it drains, so counting admin requests does not hold the window up.
         *
         * @param inFlightRequests the counter
         * @return this builder
         * @throws InvalidValueException when {@code null}
         */
        public Builder inFlightRequests(InFlightRequests inFlightRequests) {
            if (inFlightRequests == null) {
                throw new InvalidValueException("inFlightRequests", null, "must not be null");
            }
            this.inFlightRequests = inFlightRequests;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the immutable configuration
         */
        public MaintenanceAdminConfig build() {
            return new MaintenanceAdminConfig(this);
        }
    }
}
