package dev.intermission.notify.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: HMAC-SHA256 over {@code "<unix seconds>.<body>"}, sent as
 * {@code t=<unix seconds>,v1=<lower-case hex>}.
 */
public final class Signatures {

    private static final String ALGORITHM = "HmacSHA256";

    private Signatures() {
    }

    /**
     * Computes the hex HMAC of one request.
     *
     * @param secret      the secret's bytes
     * @param unixSeconds the timestamp sent with it
     * @param body        the body's bytes
     * @return the lower-case hex digest
     */
    public static String hmacHex(byte[] secret, long unixSeconds, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret, unixSeconds, body));
    }

    /**
     * Computes the HMAC of one request.
     *
     * @param secret      the secret's bytes
     * @param unixSeconds the timestamp sent with it
     * @param body        the body's bytes
     * @return the digest
     */
    public static byte[] hmac(byte[] secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /**
     * Returns the header value for one request.
     *
     * @param secret      the secret's bytes
     * @param unixSeconds the timestamp
     * @param body        the body's bytes
     * @return {@code t=<unix seconds>,v1=<hex>}
     */
    public static String header(byte[] secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + hmacHex(secret, unixSeconds, body);
    }

    /**
     * Compares two digests in constant time.
     *
     * @param a one digest
     * @param b another
     * @return whether equal
     */
    public static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
