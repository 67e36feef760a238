package dev.intermission.notify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.intermission.InvalidValueException;
import dev.intermission.Values;
import dev.intermission.notify.internal.Signatures;

/**
 * Checks a webhook request on the receiver's side: the {@value Webhook#SIGNATURE_HEADER} header must carry a
 * timestamp within the tolerance of the receiver's clock and an HMAC-SHA256 of {@code "<timestamp>.<body>"} under
 * the shared secret. A request replayed later than the tolerance is refused as {@link Verdict#EXPIRED}; within it,
 * a replay and a genuine retry carry the same event, so process each event once: by the {@code id} of the body
 * (signed), which the {@value Webhook#EVENT_ID_HEADER} header repeats.
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.newBuilder(secret).build();
 * WebhookVerifier.Verdict verdict = verifier.verify(signatureHeader, body);
 * if (!verdict.valid()) {
 *     // answer 400 and ignore the request
 * }
 * }</pre>
 *
 * <p>It is immutable and thread-safe.
 */
public final class WebhookVerifier {

    /** How far a request's timestamp may be from the receiver's clock by default. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    /** What the check found. */
    public enum Verdict {
        /** The signature is right, recent, and not seen before. */
        VALID,
        /** There is no signature header. */
        MISSING,
        /** The header is not {@code t=<digits>,v1=<hex>}. */
        MALFORMED,
        /** The timestamp is further from the receiver's clock than the tolerance. */
        EXPIRED,
        /** No {@code v1} signature matches the body under the secret. */
        MISMATCH;

        /**
         * Returns whether the request may be processed.
         *
         * @return {@code true} for {@link #VALID}
         */
        public boolean valid() {
            return this == VALID;
        }
    }

    private final byte[] secret;
    private final Duration tolerance;
    private final InstantSource clock;

    private WebhookVerifier(Builder b) {
        this.secret = b.secret;
        this.tolerance = b.tolerance;
        this.clock = b.clock;
    }

    /**
     * Starts building a verifier.
     *
     * @param secret the secret shared with the sender, as configured on its {@link Webhook}
     * @return a new builder
     * @throws InvalidValueException naming {@code secret} when blank or shorter than
     *                               {@value Webhook#MIN_SECRET_LENGTH} characters; the error never repeats it
     */
    public static Builder newBuilder(String secret) {
        if (secret == null || secret.isBlank() || secret.length() < Webhook.MIN_SECRET_LENGTH) {
            throw new InvalidValueException("secret", null, "must be at least " + Webhook.MIN_SECRET_LENGTH
                    + " characters");
        }
        return new Builder(secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Computes the {@value Webhook#SIGNATURE_HEADER} header a sender with this secret sends for a body at a time:
     * for tests of a receiver.
     *
     * @param secret      the secret
     * @param unixSeconds the timestamp, in seconds since the epoch
     * @param body        the body's bytes
     * @return {@code t=<unixSeconds>,v1=<hex>}
     */
    public static String signature(String secret, long unixSeconds, byte[] body) {
        return Signatures.header(secret.getBytes(StandardCharsets.UTF_8), unixSeconds, body);
    }

    /**
     * Checks one request.
     *
     * @param signatureHeader the {@value Webhook#SIGNATURE_HEADER} header's value, or {@code null} when absent
     * @param body            the raw body's bytes, exactly as received
     * @return the verdict; only {@link Verdict#VALID} means the request may be processed (once per event id)
     */
    public Verdict verify(String signatureHeader, byte[] body) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            return Verdict.MISSING;
        }
        if (signatureHeader.length() > 2000 || body == null) {
            return Verdict.MALFORMED;
        }
        Long t = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : signatureHeader.split(",")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                return Verdict.MALFORMED;
            }
            String key = p.substring(0, eq);
            String value = p.substring(eq + 1);
            if (key.equals("t")) {
                if (t != null || !value.matches("[0-9]{1,12}")) {
                    return Verdict.MALFORMED;
                }
                t = Long.parseLong(value);
            } else if (key.equals("v1")) {
                if (!value.matches("[0-9a-fA-F]{64}")) {
                    return Verdict.MALFORMED;
                }
                signatures.add(HexFormat.of().parseHex(value.toLowerCase(java.util.Locale.ROOT)));
            }
        }
        if (t == null || signatures.isEmpty()) {
            return Verdict.MALFORMED;
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - t) > tolerance.toSeconds()) {
            return Verdict.EXPIRED;
        }
        byte[] expected = Signatures.hmac(secret, t, body);
        boolean matched = false;
        for (byte[] candidate : signatures) {
            matched |= Signatures.same(expected, candidate);
        }
        return matched ? Verdict.VALID : Verdict.MISMATCH;
    }

    /** A mutable builder of one {@link WebhookVerifier}; setters fail fast on bad values. */
    public static final class Builder {
        private final byte[] secret;
        private Duration tolerance = DEFAULT_TOLERANCE;
        private InstantSource clock = InstantSource.system();

        private Builder(byte[] secret) {
            this.secret = secret;
        }

        /**
         * Sets how far a request's timestamp may be from this clock, either way.
         *
         * @param tolerance 1 second to 1 hour; {@link #DEFAULT_TOLERANCE} unless set
         * @return this builder
         * @throws InvalidValueException naming {@code tolerance} when out of range
         */
        public Builder tolerance(Duration tolerance) {
            this.tolerance = Values.checkDuration("tolerance", tolerance, Duration.ofSeconds(1), Duration.ofHours(1));
            return this;
        }

        /**
         * Sets the clock the timestamps are checked against.
         *
         * @param clock the clock; the system clock unless set
         * @return this builder
         * @throws InvalidValueException naming {@code clock} when {@code null}
         */
        public Builder clock(InstantSource clock) {
            if (clock == null) {
                throw new InvalidValueException("clock", null, "must not be null");
            }
            this.clock = clock;
            return this;
        }

        /**
         * Builds the verifier.
         *
         * @return the verifier
         */
        public WebhookVerifier build() {
            return new WebhookVerifier(this);
        }
    }
}
