package dev.intermission.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import dev.intermission.InFlightRequests;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;

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
    /** The smallest body limit accepted. */
    public static final int MIN_BODY_BYTES_LIMIT = 256;
    /** The largest body limit accepted. */
    public static final int MAX_BODY_BYTES_LIMIT = 1024 * 1024;
    /** The shortest token accepted, in characters. */
    public static final int MIN_TOKEN_LENGTH = 16;
    /** The longest token accepted, in characters. */
    public static final int MAX_TOKEN_LENGTH = 512;

    private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern TOKEN_VALUE = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

    private final List<NamedDigest> tokens;
    private final AdminAuthorizer authorizer;
    private final boolean publicStatus;
    private final int maxBodyBytes;
    private final SchemaMigrator migrator;
    private final UnaryOperator<MigrationWindow.Builder> migrationWindow;
    private final InFlightRequests inFlightRequests;

    private record NamedDigest(String name, byte[] digest) {
    }

    private MaintenanceAdminConfig(Builder b) {
        this.tokens = List.copyOf(b.tokens);
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
     * {@link #PUBLIC_STATUS_PARAM}, {@link #MAX_BODY_BYTES_PARAM}); absent params keep their defaults.
     *
     * @param parameters looks up one init-param by name, {@code null} when absent
     * @return the configuration
     * @throws IllegalArgumentException naming the param when a value is invalid (a token value is never echoed)
     */
    public static MaintenanceAdminConfig fromInitParameters(Function<String, String> parameters) {
        Builder b = newBuilder();
        String tokens = parameters.apply(TOKENS_PARAM);
        if (tokens != null) {
            String[] entries = tokens.split(",");
            for (int i = 0; i < entries.length; i++) {
                String entry = entries[i].strip();
                if (entry.isEmpty()) {
                    continue;
                }
                int colon = entry.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException(TOKENS_PARAM + ": entry " + (i + 1)
                            + " must be name:token");
                }
                try {
                    b.token(entry.substring(0, colon).strip(), entry.substring(colon + 1).strip());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(TOKENS_PARAM + ": entry " + (i + 1) + ": " + e.getMessage(), e);
                }
            }
        }
        String roles = parameters.apply(ROLES_PARAM);
        if (roles != null && !roles.isBlank()) {
            List<String> list = new ArrayList<>();
            for (String role : roles.split(",")) {
                if (!role.isBlank()) {
                    list.add(role.strip());
                }
            }
            b.authorizer(AdminAuthorizer.containerRoles(list.toArray(String[]::new)));
        }
        String publicStatus = parameters.apply(PUBLIC_STATUS_PARAM);
        if (publicStatus != null) {
            String value = publicStatus.strip().toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException(PUBLIC_STATUS_PARAM + ": must be true or false, was '"
                        + publicStatus + "'");
            }
            b.publicStatus(Boolean.parseBoolean(value));
        }
        String maxBody = parameters.apply(MAX_BODY_BYTES_PARAM);
        if (maxBody != null) {
            int bytes;
            try {
                bytes = Integer.parseInt(maxBody.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(MAX_BODY_BYTES_PARAM + ": must be a whole number of bytes, was '"
                        + maxBody + "'", e);
            }
            try {
                b.maxBodyBytes(bytes);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(MAX_BODY_BYTES_PARAM + e.getMessage().substring(
                        e.getMessage().indexOf(':')), e);
            }
        }
        return b.build();
    }

    /**
     * Returns the names of the configured tokens (never their values).
     *
     * @return the token names, in the order given
     */
    public Set<String> tokenNames() {
        Set<String> names = new LinkedHashSet<>();
        tokens.forEach(t -> names.add(t.name()));
        return Collections.unmodifiableSet(names);
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

    /**
     * Returns the name of the configured token equal to the presented one, comparing every token in constant time.
     *
     * @param presented the token from the request, or {@code null}
     * @return the token's name, or empty when none matches
     */
    public Optional<String> tokenName(String presented) {
        if (presented == null || tokens.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        String match = null;
        for (NamedDigest token : tokens) {
            // Every token is compared, so the time taken does not tell which one (or whether one) matched.
            if (MessageDigest.isEqual(token.digest(), digest) && match == null) {
                match = token.name();
            }
        }
        return Optional.ofNullable(match);
    }

    @Override
    public String toString() {
        return "MaintenanceAdminConfig[tokens=" + tokenNames() + ", authorizer=" + (authorizer != null)
                + ", publicStatus=" + publicStatus + ", maxBodyBytes=" + maxBodyBytes + ", migrations="
                + (migrator != null) + "]";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A mutable builder of one {@link MaintenanceAdminConfig}; setters fail fast on bad values. */
    public static final class Builder {
        private final List<NamedDigest> tokens = new ArrayList<>();
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
         * @param token {@value #MIN_TOKEN_LENGTH} to {@value #MAX_TOKEN_LENGTH} characters of the bearer-token
         *              alphabet ({@code A-Z a-z 0-9 - . _ ~ + /}, then {@code =} padding)
         * @return this builder
         * @throws IllegalArgumentException when the name or token is invalid or already configured
         */
        public Builder token(String name, String token) {
            if (name == null || !TOKEN_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("token name: must be 1-64 letters, digits, '.', '_', '@' or '-' "
                        + "starting with a letter or digit, was '" + name + "'");
            }
            if (token == null || token.length() < MIN_TOKEN_LENGTH || token.length() > MAX_TOKEN_LENGTH) {
                throw new IllegalArgumentException("token '" + name + "': must be " + MIN_TOKEN_LENGTH + " to "
                        + MAX_TOKEN_LENGTH + " characters long");
            }
            if (!TOKEN_VALUE.matcher(token).matches()) {
                throw new IllegalArgumentException("token '" + name + "': may hold only letters, digits and "
                        + "- . _ ~ + /, then = padding");
            }
            byte[] digest = sha256(token);
            for (NamedDigest existing : tokens) {
                if (existing.name().equals(name)) {
                    throw new IllegalArgumentException("token '" + name + "': the name is already used");
                }
                if (MessageDigest.isEqual(existing.digest(), digest)) {
                    throw new IllegalArgumentException("token '" + name + "': the same value is already configured "
                            + "as '" + existing.name() + "'");
                }
            }
            tokens.add(new NamedDigest(name, digest));
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
         * @param bytes {@value #MIN_BODY_BYTES_LIMIT} to {@value #MAX_BODY_BYTES_LIMIT}
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < MIN_BODY_BYTES_LIMIT || bytes > MAX_BODY_BYTES_LIMIT) {
                throw new IllegalArgumentException("maxBodyBytes: must be between " + MIN_BODY_BYTES_LIMIT + " and "
                        + MAX_BODY_BYTES_LIMIT + ", was " + bytes);
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
         * @throws IllegalArgumentException when {@code null}
         */
        public Builder migrationWindow(UnaryOperator<MigrationWindow.Builder> customizer) {
            if (customizer == null) {
                throw new IllegalArgumentException("migrationWindow: must not be null");
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
         * @throws IllegalArgumentException when {@code null}
         */
        public Builder inFlightRequests(InFlightRequests inFlightRequests) {
            if (inFlightRequests == null) {
                throw new IllegalArgumentException("inFlightRequests: must not be null");
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
