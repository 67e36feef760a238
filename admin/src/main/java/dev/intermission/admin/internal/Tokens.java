package dev.intermission.admin.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.intermission.InvalidValueException;

/**
 * Named bearer tokens, kept only as SHA-256 digests and compared in constant time; a token value never appears in
 * a message, a log line or {@code toString()}.
 */
public final class Tokens {

    /** The shortest token accepted, in characters. */
    public static final int MIN_LENGTH = 16;
    /** The longest token accepted, in characters. */
    public static final int MAX_LENGTH = 512;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

    private record NamedDigest(String name, byte[] digest) {
    }

    private final List<NamedDigest> tokens;

    private Tokens(List<NamedDigest> tokens) {
        this.tokens = tokens;
    }

    /** No token. */
    public static final Tokens NONE = new Tokens(List.of());

    /**
     * Returns these tokens and one more.
     *
     * @param name  the name recorded as the actor
     * @param token the token
     * @return the new set
     * @throws InvalidValueException naming {@code token} when the name or value is invalid or already configured
     *                               (the value is never echoed)
     */
    public Tokens with(String name, String token) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidValueException("token", name, "the name must be 1-64 letters, digits, '.', '_', '@' "
                    + "or '-' starting with a letter or digit");
        }
        if (token == null || token.length() < MIN_LENGTH || token.length() > MAX_LENGTH) {
            throw new InvalidValueException("token", null, "the token named '" + name + "' must be " + MIN_LENGTH
                    + " to " + MAX_LENGTH + " characters long");
        }
        if (!VALUE.matcher(token).matches()) {
            throw new InvalidValueException("token", null, "the token named '" + name + "' may hold only letters, "
                    + "digits and - . _ ~ + /, then = padding");
        }
        byte[] digest = sha256(token);
        for (NamedDigest existing : tokens) {
            if (existing.name().equals(name)) {
                throw new InvalidValueException("token", name, "the name is already used");
            }
            if (MessageDigest.isEqual(existing.digest(), digest)) {
                throw new InvalidValueException("token", null, "the token named '" + name + "' is already "
                        + "configured as '" + existing.name() + "'");
            }
        }
        List<NamedDigest> more = new ArrayList<>(tokens);
        more.add(new NamedDigest(name, digest));
        return new Tokens(List.copyOf(more));
    }

    /**
     * Returns the names, in the order given.
     *
     * @return the names
     */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        tokens.forEach(t -> names.add(t.name()));
        return Collections.unmodifiableSet(names);
    }

    /**
     * Returns whether there is no token.
     *
     * @return {@code true} when none is configured
     */
    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    /**
     * Returns the name of the token equal to the presented one, comparing every token in constant time.
     *
     * @param presented the token from the request, or {@code null}
     * @return the token's name, or empty when none matches
     */
    public Optional<String> match(String presented) {
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
        return names().toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
