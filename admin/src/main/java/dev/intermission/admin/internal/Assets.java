package dev.intermission.admin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The console's files, read once from the library's own resources: the page, its script and style sheet, the banner
 * script any page may include, and the script the filter's 503 page loads to reload itself. Each carries an entity
 * tag of its bytes, so a browser revalidates instead of downloading again.
 */
public final class Assets {

    /** The member of a status answer that moves with every refresh of an unchanged state. */
    private static final Pattern LAST_REFRESHED = Pattern.compile("\"lastRefreshed\":(?:\"[^\"]*\"|null),?");

    /** The Content-Security-Policy of the console page: its own files only, no inline script or style, no framing. */
    public static final String CONSOLE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    /**
     * One file.
     *
     * @param path        the path below the endpoint, such as {@code /console.js}
     * @param contentType the media type with its charset
     * @param bytes       the content
     * @param etag        the strong entity tag, quoted
     */
    public record Asset(String path, String contentType, byte[] bytes, String etag) {
    }

    private static final String ROOT = "/dev/intermission/admin/console/";
    private static final Map<String, Asset> ASSETS = loadAll();

    private Assets() {
    }

    /**
     * Returns the file served at a path.
     *
     * @param pathInfo the path below the endpoint; {@code /console} is the page
     * @return the file, or {@code null} when there is none
     */
    public static Asset at(String pathInfo) {
        return ASSETS.get(pathInfo);
    }

    private static Map<String, Asset> loadAll() {
        Map<String, Asset> m = new LinkedHashMap<>();
        put(m, "/console", "console.html", "text/html;charset=UTF-8");
        put(m, "/console.css", "console.css", "text/css;charset=UTF-8");
        put(m, "/console.js", "console.js", "text/javascript;charset=UTF-8");
        put(m, "/banner.js", "banner.js", "text/javascript;charset=UTF-8");
        put(m, "/reload.js", "reload.js", "text/javascript;charset=UTF-8");
        return Map.copyOf(m);
    }

    private static void put(Map<String, Asset> m, String path, String file, String contentType) {
        byte[] bytes = read(ROOT + file);
        m.put(path, new Asset(path, contentType, bytes, etagOf(bytes)));
    }

    private static byte[] read(String resource) {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the library's resource " + resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the library's resource " + resource, e);
        }
    }

    /**
     * Returns a strong entity tag of some bytes: a quoted digest.
     *
     * @param bytes the content
     * @return the tag, quoted
     */
    public static String etagOf(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * Returns the entity tag of a JSON answer that may carry when this server last read the state: that member moves
     * with every refresh while the state stays the same, so it is left out and the tag is weak (the same state, not
     * the same bytes), which lets an operator's page that polls get 304 until something it shows changes.
     *
     * @param json the answer
     * @return the tag: weak when the answer carried {@code lastRefreshed}
     */
    public static String etagOfState(String json) {
        String stable = LAST_REFRESHED.matcher(json).replaceAll("");
        String tag = etagOf(stable.getBytes(StandardCharsets.UTF_8));
        return stable.length() == json.length() ? tag : "W/" + tag;
    }

    /**
     * Returns whether an {@code If-None-Match} header matches an entity tag (weak comparison, as GET and HEAD use).
     *
     * @param ifNoneMatch the header, or {@code null}
     * @param etag        the current tag, quoted
     * @return {@code true} when the client's copy is current
     */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.length() > 4096) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag.startsWith("W/") ? etag.substring(2) : etag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the text of a file, for tests and checks.
     *
     * @param asset the file
     * @return its text
     */
    public static String text(Asset asset) {
        return new String(asset.bytes(), StandardCharsets.UTF_8);
    }
}
