package dev.intermission.servlet.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.intermission.InvalidValueException;

/**
 * An HTML page with placeholders, compiled once, every value HTML-escaped: {@code {{message}}}, {@code {{mode}}}
 * ({@code full} or {@code read-only}), {@code {{retryAfter}}} (seconds), and for the expected end
 * {@code {{until}}} (ISO-8601, for a {@code <time datetime>} attribute), {@code {{untilText}}} (the exact time for
 * people, {@code 1 January 2030, 10:20 UTC}) and {@code {{backIn}}} ({@code in about 20 minutes}); and two
 * optional sections, {@code {{#until}}...{{/until}}}, kept only while an expected end lies ahead, and
 * {@code {{#overdue}}...{{/overdue}}}, kept only once it has passed and maintenance goes on.
 */
public final class HtmlTemplate {

    /** The longest template accepted, in characters. */
    public static final int MAX_LENGTH = 64 * 1024;

    /** The built-in page. */
    public static final String DEFAULT_TEXT = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>Down for maintenance</title>
            <style>
            body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;\
            font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f6f8;color:#1f2933}
            main{max-width:34rem;margin:2rem;padding:2.5rem;background:#fff;border-radius:12px;\
            box-shadow:0 1px 3px rgba(0,0,0,.08);text-align:center}
            h1{font-size:1.4rem;margin:0 0 1rem}
            p{line-height:1.5;margin:.5rem 0}
            .until{color:#52606d;font-size:.95rem}
            </style>
            </head>
            <body>
            <main>
            <h1>We&#39;ll be back soon</h1>
            <p>{{message}}</p>
            {{#until}}<p class="until">Back {{backIn}}, by \
            <time datetime="{{until}}">{{untilText}}</time>.</p>{{/until}}
            {{#overdue}}<p class="until">Overdue: we expected to be back by \
            <time datetime="{{until}}">{{untilText}}</time> and are still working on it.</p>{{/overdue}}
            </main>
            </body>
            </html>
            """;

    private static final DateTimeFormatter FOR_PEOPLE = DateTimeFormatter
            .ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final String PLACEHOLDERS = "{{message}}, {{mode}}, {{retryAfter}}, {{until}}, {{untilText}}, "
            + "{{backIn}}, {{#until}}...{{/until}} or {{#overdue}}...{{/overdue}}";

    private enum Kind { TEXT, MESSAGE, UNTIL, UNTIL_TEXT, BACK_IN, MODE, RETRY_AFTER, UNTIL_START, OVERDUE_START, END }

    private record Part(Kind kind, String text) {
    }

    /**
     * What one refusal page shows.
     *
     * @param message    the message for users
     * @param mode       the mode's external name
     * @param retryAfter the seconds in {@code Retry-After}
     * @param until      the expected end, or {@code null} when unknown
     * @param now        the instant the page describes, to tell how far the end is or whether it has passed
     */
    public record Facts(String message, String mode, long retryAfter, Instant until, Instant now) {

        /**
         * Returns whether the expected end has passed.
         *
         * @return {@code true} when an end is known and not after {@code now}
         */
        public boolean overdue() {
            return until != null && !until.isAfter(now);
        }

        /**
         * Returns whether an expected end lies ahead.
         *
         * @return {@code true} when an end is known and after {@code now}
         */
        public boolean endAhead() {
            return until != null && until.isAfter(now);
        }
    }

    private final List<Part> parts;

    private HtmlTemplate(List<Part> parts) {
        this.parts = parts;
    }

    /**
     * Compiles a template.
     *
     * @param option the option name, for messages
     * @param text   the template
     * @return the compiled template
     * @throws InvalidValueException naming {@code option} on an unknown placeholder, an unclosed opening brace
     *                               pair, an unbalanced or nested section, or a template over {@value #MAX_LENGTH}
     *                               characters (the template itself is not echoed)
     */
    public static HtmlTemplate compile(String option, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidValueException(option, null, "must not be blank");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidValueException(option, null, "must be at most " + MAX_LENGTH + " characters, was "
                    + text.length());
        }
        List<Part> parts = new ArrayList<>();
        String openSection = null;
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                parts.add(new Part(Kind.TEXT, text.substring(i)));
                break;
            }
            if (open > i) {
                parts.add(new Part(Kind.TEXT, text.substring(i, open)));
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw new InvalidValueException(option, null, "'{{' at index " + open + " is never closed");
            }
            String name = text.substring(open + 2, close).strip();
            Kind kind = switch (name) {
                case "message" -> Kind.MESSAGE;
                case "until" -> Kind.UNTIL;
                case "untilText" -> Kind.UNTIL_TEXT;
                case "backIn" -> Kind.BACK_IN;
                case "mode" -> Kind.MODE;
                case "retryAfter" -> Kind.RETRY_AFTER;
                case "#until" -> Kind.UNTIL_START;
                case "#overdue" -> Kind.OVERDUE_START;
                case "/until", "/overdue" -> Kind.END;
                default -> throw new InvalidValueException(option, null, "holds the unknown placeholder '{{"
                        + shorten(name) + "}}' (expected " + PLACEHOLDERS + ")");
            };
            if (kind == Kind.UNTIL_START || kind == Kind.OVERDUE_START) {
                if (openSection != null) {
                    throw new InvalidValueException(option, null, "'{{" + name + "}}' opens a section inside '{{#"
                            + openSection + "}}'; sections cannot be nested");
                }
                openSection = name.substring(1);
            } else if (kind == Kind.END) {
                if (openSection == null || !openSection.equals(name.substring(1))) {
                    throw new InvalidValueException(option, null, "'{{" + name + "}}' closes no open '{{#"
                            + name.substring(1) + "}}'");
                }
                openSection = null;
            }
            parts.add(new Part(kind, null));
            i = close + 2;
        }
        if (openSection != null) {
            throw new InvalidValueException(option, null, "'{{#" + openSection + "}}' is never closed by '{{/"
                    + openSection + "}}'");
        }
        return new HtmlTemplate(List.copyOf(parts));
    }

    private static String shorten(String name) {
        return name.length() > 40 ? name.substring(0, 40) + "..." : name;
    }

    /**
     * Renders the page.
     *
     * @param facts what the page shows (escaped here)
     * @return the page
     */
    public String render(Facts facts) {
        StringBuilder out = new StringBuilder(1024);
        boolean skipping = false;
        String until = facts.until() == null ? null : facts.until().toString();
        for (Part part : parts) {
            if (part.kind() == Kind.END) {
                skipping = false;
                continue;
            }
            if (skipping) {
                continue;
            }
            switch (part.kind()) {
                case TEXT -> out.append(part.text());
                case MESSAGE -> escape(out, facts.message());
                case UNTIL -> escape(out, until);
                case UNTIL_TEXT -> escape(out, facts.until() == null ? null : forPeople(facts.until()));
                case BACK_IN -> escape(out, facts.endAhead() ? backIn(Duration.between(facts.now(), facts.until()))
                        : null);
                case MODE -> escape(out, facts.mode());
                case RETRY_AFTER -> out.append(facts.retryAfter());
                case UNTIL_START -> skipping = !facts.endAhead();
                case OVERDUE_START -> skipping = !facts.overdue();
                default -> throw new IllegalStateException(part.kind().name());
            }
        }
        return out.toString();
    }

    /**
     * Writes an instant as people read it, in UTC: {@code 1 January 2030, 10:20 UTC}.
     *
     * @param instant the instant
     * @return the text
     */
    public static String forPeople(Instant instant) {
        return FOR_PEOPLE.format(instant);
    }

    /**
     * Says in words how soon something is expected: {@code in less than a minute}, {@code in about a minute},
     * {@code in about 20 minutes}, {@code in about 3 hours}, {@code in about 2 days}.
     *
     * @param remaining the time left, positive
     * @return the words
     */
    public static String backIn(Duration remaining) {
        long seconds = remaining.getSeconds();
        if (seconds < 60) {
            return "in less than a minute";
        }
        if (seconds < 90 * 60) {
            long minutes = Math.round(seconds / 60.0);
            return minutes == 1 ? "in about a minute" : "in about " + minutes + " minutes";
        }
        if (seconds < 36 * 3600) {
            return "in about " + Math.round(seconds / 3600.0) + " hours";
        }
        return "in about " + Math.round(seconds / 86400.0) + " days";
    }

    /**
     * Appends text with {@code & < > " '} escaped.
     *
     * @param out  the builder
     * @param text the text, or {@code null} (nothing appended)
     */
    public static void escape(StringBuilder out, String text) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
