package dev.intermission.servlet.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.intermission.InvalidValueException;

/**
 * The bypass secret: compares candidates in constant time, and mints and verifies the signed cookie.
 *
 * <p>The cookie value is {@code <expiry>.<signature>}: the expiry in epoch seconds, and the base64url (unpadded)
 * HMAC-SHA256 of {@code intermission-bypass.<expiry>} keyed with the secret. A value is valid when its signature
 * matches, its expiry is still ahead, and the expiry lies no further ahead than the configured lifetime (so
 * shortening the lifetime also shortens cookies already handed out).
 */
public final class Bypass {

    /** The fewest characters a secret may have. */
    public static final int MIN_SECRET_LENGTH = 16;
    /** The most characters a secret may have. */
    public static final int MAX_SECRET_LENGTH = 512;

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAX_COOKIE_LENGTH = 128;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] secretDigest;
    private final Mac prototype;
    private final String visitPrefix;
    private final String header;
    private final String cookieName;
    private final Duration cookieTtl;

    /**
     * Validates and compiles the bypass settings.
     *
     * @param secret     the secret: {@value #MIN_SECRET_LENGTH} to {@value #MAX_SECRET_LENGTH} visible ASCII
     *                   characters other than {@code / \ ; % ? #}
     * @param path       the bypass path; {@code <path>/<secret>} sets the cookie
     * @param header     the header API clients send the secret in
     * @param cookieName the cookie's name
     * @param cookieTtl  the cookie's lifetime
     */
    public Bypass(String secret, String path, String header, String cookieName, Duration cookieTtl) {
        checkSecret(secret);
        this.secretDigest = sha256(secret);
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            this.prototype = mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        this.visitPrefix = path + "/";
        this.header = header;
        this.cookieName = cookieName;
        this.cookieTtl = cookieTtl;
    }

    /**
     * Checks a secret's length and characters.
     *
     * @param secret the secret
     * @throws InvalidValueException naming {@code bypassSecret} when it is too short, too long or holds a
     *                                  character it may not hold (the secret itself is never echoed)
     */
    public static void checkSecret(String secret) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new InvalidValueException("bypassSecret", null, "must be at least " + MIN_SECRET_LENGTH
                    + " characters, was " + (secret == null ? "null" : secret.length()));
        }
        if (secret.length() > MAX_SECRET_LENGTH) {
            throw new InvalidValueException("bypassSecret", null, "must be at most " + MAX_SECRET_LENGTH
                    + " characters, was " + secret.length());
        }
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "/\\;%?#".indexOf(c) >= 0) {
                throw new InvalidValueException("bypassSecret", null, "may hold only visible ASCII characters "
                        + "other than / \\ ; % ? # (a character at index " + i + " is not allowed)");
            }
        }
    }

    /**
     * Returns whether a path lies under the bypass path (a cheap test before the others).
     *
     * @param path a path, or {@code null}
     * @return {@code true} when it starts with {@code <bypass path>/}
     */
    public boolean isVisitCandidate(String path) {
        return path != null && path.startsWith(visitPrefix);
    }

    /**
     * Returns whether a path is a visit of {@code <bypass path>/<secret>} with the right secret.
     *
     * @param path an unambiguous path
     * @return {@code true} only for the right secret
     */
    public boolean isVisitWithSecret(String path) {
        if (!path.startsWith(visitPrefix)) {
            return false;
        }
        String candidate = path.substring(visitPrefix.length());
        return candidate.indexOf('/') < 0 && matchesSecret(candidate);
    }

    /**
     * Compares a candidate with the secret in constant time (both are hashed first, so even the length does not
     * show).
     *
     * @param candidate the candidate, or {@code null}
     * @return whether it is the secret
     */
    public boolean matchesSecret(String candidate) {
        if (candidate == null || candidate.length() > 4 * MAX_SECRET_LENGTH) {
            return false;
        }
        return MessageDigest.isEqual(secretDigest, sha256(candidate));
    }

    /**
     * Mints a cookie value that expires one lifetime after {@code now}.
     *
     * @param now the current instant
     * @return the value
     */
    public String mint(Instant now) {
        long expiry = now.getEpochSecond() + cookieTtl.toSeconds();
        return expiry + "." + ENCODER.encodeToString(sign(expiry));
    }

    /**
     * Verifies a cookie value.
     *
     * @param value the value, or {@code null}
     * @param now   the current instant
     * @return {@code true} when it is signed with this secret, not expired and not too far ahead
     */
    public boolean verify(String value, Instant now) {
        if (value == null || value.length() > MAX_COOKIE_LENGTH) {
            return false;
        }
        int dot = value.indexOf('.');
        if (dot < 1 || dot > 12) {
            return false;
        }
        long expiry = 0;
        for (int i = 0; i < dot; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            expiry = expiry * 10 + (c - '0');
        }
        byte[] signature;
        try {
            signature = DECODER.decode(value.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean signed = MessageDigest.isEqual(sign(expiry), signature);
        long nowSeconds = now.getEpochSecond();
        return signed && expiry > nowSeconds && expiry - nowSeconds <= cookieTtl.toSeconds();
    }

    private byte[] sign(long expiry) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
        }
        return mac.doFinal(("intermission-bypass." + expiry).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * Returns the header API clients send the secret in.
     *
     * @return the header name
     */
    public String header() {
        return header;
    }

    /**
     * Returns the cookie's name.
     *
     * @return the name
     */
    public String cookieName() {
        return cookieName;
    }

    /**
     * Returns the cookie's lifetime.
     *
     * @return the lifetime
     */
    public Duration cookieTtl() {
        return cookieTtl;
    }
}
