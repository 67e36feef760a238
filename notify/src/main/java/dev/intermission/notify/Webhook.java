package dev.intermission.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.intermission.InvalidValueException;
import dev.intermission.Values;

/**
 * One receiver of notifications: an http or https URL that gets a POST per event, signed with HMAC-SHA256 so it
 * can check where the event came from (see {@link WebhookVerifier}). Settings are checked as they are set; an
 * error names the setting as {@code webhooks.<name>.<setting>}.
 *
 * <pre>{@code
 * Webhook ops = Webhook.newBuilder("ops")
 *         .url("https://ops.example.com/hooks/intermission")
 *         .secret(System.getenv("INTERMISSION_WEBHOOK_SECRET"))
 *         .build();
 * }</pre>
 */
public final class Webhook {

    /** The header carrying {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}. */
    public static final String SIGNATURE_HEADER = "Intermission-Signature";
    /** The header carrying the event's id: the same on every attempt, so a receiver can drop duplicates. */
    public static final String EVENT_ID_HEADER = "Intermission-Event-Id";
    /** The header carrying the event's type ({@code started}, {@code ended}, ...). */
    public static final String EVENT_TYPE_HEADER = "Intermission-Event-Type";
    /** The header carrying the attempt's number, from 1. */
    public static final String ATTEMPT_HEADER = "Intermission-Delivery-Attempt";
    /** How long to wait for the receiver's connection by default. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long to wait for the receiver's answer by default. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    /** The shortest timeout accepted. */
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    /** The longest timeout accepted. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);
    /** The shortest secret accepted, in characters. */
    public static final int MIN_SECRET_LENGTH = 16;
    /** The longest secret accepted, in characters. */
    public static final int MAX_SECRET_LENGTH = 500;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,49}");

    /** What a webhook's body is. */
    public enum Format {
        /** The event as JSON: its id, type, service, time, summary and the window's report. */
        JSON,
        /**
         * The text rendered from the template, as {@code {"text": "..."}}: what Slack-style incoming webhooks
         * (Slack, Mattermost, Rocket.Chat) accept; {@code &}, {@code <} and {@code >} are escaped as Slack asks.
         */
        CHAT
    }

    private final String name;
    private final URI url;
    private final byte[] secret;
    private final Format format;
    private final Set<EventType> events;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    private Webhook(Builder b) {
        this.name = b.name;
        this.url = b.url;
        this.secret = b.secret;
        this.format = b.format;
        this.events = Collections.unmodifiableSet(EnumSet.copyOf(b.events));
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
    }

    /**
     * Starts building a webhook.
     *
     * @param name the webhook's name, shown in the delivery log: letters, digits, {@code .}, {@code _} and
     *             {@code -}, at most 50 characters, starting with a letter or digit
     * @return a new builder
     * @throws InvalidValueException naming {@code webhook.name} when the name is not valid
     */
    public static Builder newBuilder(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidValueException("webhook.name", name, "must be 1 to 50 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        return new Builder(name);
    }

    /**
     * Returns the name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the URL. It may carry a token (chat services put one in the path), so it is never logged.
     *
     * @return the URL
     */
    public URI url() {
        return url;
    }

    /**
     * Returns the body's format.
     *
     * @return the format
     */
    public Format format() {
        return format;
    }

    /**
     * Returns the event types sent to this webhook.
     *
     * @return the types
     */
    public Set<EventType> events() {
        return events;
    }

    /**
     * Returns whether this webhook gets events of a type.
     *
     * @param type the type
     * @return whether it is sent
     */
    public boolean accepts(EventType type) {
        return events.contains(type);
    }

    /**
     * Returns whether requests carry the {@value #SIGNATURE_HEADER} header (a secret is set).
     *
     * @return whether signed
     */
    public boolean signed() {
        return secret != null;
    }

    /**
     * Returns how long to wait for the connection.
     *
     * @return the timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Returns how long to wait for the answer once the request is sent.
     *
     * @return the timeout
     */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** The secret's bytes, for the notifier's sender; never exposed. */
    byte[] secretBytes() {
        return secret == null ? null : secret.clone();
    }

    /** The URL without path, query or credentials, for logs. */
    String origin() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    @Override
    public String toString() {
        return "Webhook[" + name + ", " + origin() + ", " + format + "]";
    }

    /** A mutable builder of one {@link Webhook}; setters fail fast on bad values. */
    public static final class Builder {
        private final String name;
        private URI url;
        private byte[] secret;
        private Format format = Format.JSON;
        private Set<EventType> events = EnumSet.allOf(EventType.class);
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;

        private Builder(String name) {
            this.name = name;
        }

        private String field(String setting) {
            return "webhooks." + name + "." + setting;
        }

        /**
         * Sets where events are posted.
         *
         * @param url an absolute {@code http} or {@code https} URL with a host, without credentials
         *            ({@code user:password@}) and without a fragment
         * @return this builder
         * @throws InvalidValueException naming {@code webhooks.<name>.url} when it is not such a URL; the
         *                               error never repeats the URL, which may carry a token
         */
        public Builder url(String url) {
            this.url = checkUrl(field("url"), url);
            return this;
        }

        /**
         * Sets the secret that signs every request (HMAC-SHA256); required for {@link Format#JSON}.
         *
         * @param secret {@value Webhook#MIN_SECRET_LENGTH} to {@value Webhook#MAX_SECRET_LENGTH} characters, shared
         *               with the receiver
         * @return this builder
         * @throws InvalidValueException naming {@code webhooks.<name>.secret} when missing, too short or too long;
         *                               the error never repeats the secret
         */
        public Builder secret(String secret) {
            if (secret == null || secret.isBlank()) {
                throw new InvalidValueException(field("secret"), null, "must not be blank");
            }
            if (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH) {
                throw new InvalidValueException(field("secret"), null, "must be " + MIN_SECRET_LENGTH + " to "
                        + MAX_SECRET_LENGTH + " characters (was " + secret.length() + ")");
            }
            this.secret = secret.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /**
         * Sets what the body is.
         *
         * @param format {@link Format#JSON} (the default) or {@link Format#CHAT}
         * @return this builder
         * @throws InvalidValueException naming {@code webhooks.<name>.format} when {@code null}
         */
        public Builder format(Format format) {
            if (format == null) {
                throw new InvalidValueException(field("format"), null, "must be JSON or CHAT");
            }
            this.format = format;
            return this;
        }

        /**
         * Sets which events this webhook gets; every type unless set.
         *
         * @param types one or more types
         * @return this builder
         * @throws InvalidValueException naming {@code webhooks.<name>.events} when none is given or one is
         *                               {@code null}
         */
        public Builder events(EventType... types) {
            if (types == null || types.length == 0 || Arrays.stream(types).anyMatch(t -> t == null)) {
                throw new InvalidValueException(field("events"), null, "must name at least one event type, none "
                        + "null");
            }
            this.events = EnumSet.copyOf(Arrays.asList(types));
            return this;
        }

        /**
         * Sets how long to wait for the receiver's connection.
         *
         * @param timeout {@link #MIN_TIMEOUT} to {@link #MAX_TIMEOUT}; {@link #DEFAULT_CONNECT_TIMEOUT} unless set
         * @return this builder
         * @throws InvalidValueException naming {@code webhooks.<name>.connectTimeout} when out of range
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Values.checkDuration(field("connectTimeout"), timeout, MIN_TIMEOUT, MAX_TIMEOUT);
            return this;
        }

        /**
         * Sets how long to wait for the receiver's answer once the request is sent; a receiver that takes longer
         * counts as failed and gets the event again later.
         *
         * @param timeout {@link #MIN_TIMEOUT} to {@link #MAX_TIMEOUT}; {@link #DEFAULT_READ_TIMEOUT} unless set
         * @return this builder
         * @throws InvalidValueException naming {@code webhooks.<name>.readTimeout} when out of range
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = Values.checkDuration(field("readTimeout"), timeout, MIN_TIMEOUT, MAX_TIMEOUT);
            return this;
        }

        /**
         * Builds the webhook.
         *
         * @return the immutable webhook
         * @throws InvalidValueException naming {@code webhooks.<name>.url} when no URL is set, or
         *                               {@code webhooks.<name>.secret} when a {@link Format#JSON} webhook has no
         *                               secret
         */
        public Webhook build() {
            if (url == null) {
                throw new InvalidValueException(field("url"), null, "must be set: an http or https URL");
            }
            if (format == Format.JSON && secret == null) {
                throw new InvalidValueException(field("secret"), null, "must be set for the JSON format, so the "
                        + "receiver can verify each request");
            }
            return new Webhook(this);
        }
    }

    private static URI checkUrl(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidValueException(field, null, "must be set: an http or https URL");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new InvalidValueException(field, null, "is not a valid URL (" + e.getReason() + " at index "
                    + e.getIndex() + ")");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new InvalidValueException(field, scheme, "must be an http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidValueException(field, null, "must not contain credentials (user:password@): the "
                    + "request is signed with the webhook's secret instead");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new InvalidValueException(field, null, "must name a host");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new InvalidValueException(field, null, "must have a port from 1 to 65535");
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidValueException(field, null, "must not have a fragment (#...)");
        }
        try {
            HttpRequest.newBuilder(uri);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(field, null, "is not a URL a request can be sent to");
        }
        return uri;
    }
}
