package dev.intermission.servlet.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * An HTML page with placeholders, compiled once: {@code {{message}}}, {@code {{until}}} (ISO-8601 instant, empty
 * when unknown), {@code {{mode}}} ({@code full} or {@code read-only}) and {@code {{retryAfter}}} (seconds), every
 * value HTML-escaped; and one optional section, {@code {{#until}}...{{/until}}}, kept only when the expected end
 * is known.
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
            {{#until}}<p class="until">Expected back by <time datetime="{{until}}">{{until}}</time>.</p>{{/until}}
            </main>
            </body>
            </html>
            """;

    private enum Kind { TEXT, MESSAGE, UNTIL, MODE, RETRY_AFTER, SECTION_START, SECTION_END }

    private record Part(Kind kind, String text) {
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
     * @throws IllegalArgumentException naming {@code option} on an unknown placeholder, an unclosed opening brace pair,
     *                                  an unbalanced or nested section, or a template over {@value #MAX_LENGTH}
     *                                  characters
     */
    public static HtmlTemplate compile(String option, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(option + ": must not be blank");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(option + ": longer than " + MAX_LENGTH + " characters");
        }
        List<Part> parts = new ArrayList<>();
        boolean inSection = false;
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
                throw new IllegalArgumentException(option + ": '{{' at index " + open + " is never closed");
            }
            String name = text.substring(open + 2, close).strip();
            Kind kind = switch (name) {
                case "message" -> Kind.MESSAGE;
                case "until" -> Kind.UNTIL;
                case "mode" -> Kind.MODE;
                case "retryAfter" -> Kind.RETRY_AFTER;
                case "#until" -> Kind.SECTION_START;
                case "/until" -> Kind.SECTION_END;
                default -> throw new IllegalArgumentException(option + ": unknown placeholder '{{" + name
                        + "}}' (expected {{message}}, {{until}}, {{mode}}, {{retryAfter}} or {{#until}}...{{/until}})");
            };
            if (kind == Kind.SECTION_START) {
                if (inSection) {
                    throw new IllegalArgumentException(option + ": '{{#until}}' sections cannot be nested");
                }
                inSection = true;
            } else if (kind == Kind.SECTION_END) {
                if (!inSection) {
                    throw new IllegalArgumentException(option + ": '{{/until}}' without '{{#until}}'");
                }
                inSection = false;
            }
            parts.add(new Part(kind, null));
            i = close + 2;
        }
        if (inSection) {
            throw new IllegalArgumentException(option + ": '{{#until}}' is never closed by '{{/until}}'");
        }
        return new HtmlTemplate(List.copyOf(parts));
    }

    /**
     * Renders the page.
     *
     * @param message    the message (escaped here)
     * @param until      the expected end as text, or {@code null} when unknown (escaped here)
     * @param mode       the mode's external name
     * @param retryAfter the seconds in {@code Retry-After}
     * @return the page
     */
    public String render(String message, String until, String mode, long retryAfter) {
        StringBuilder out = new StringBuilder(1024);
        boolean skipping = false;
        for (Part part : parts) {
            if (part.kind() == Kind.SECTION_END) {
                skipping = false;
                continue;
            }
            if (skipping) {
                continue;
            }
            switch (part.kind()) {
                case TEXT -> out.append(part.text());
                case MESSAGE -> escape(out, message);
                case UNTIL -> escape(out, until);
                case MODE -> escape(out, mode);
                case RETRY_AFTER -> out.append(retryAfter);
                case SECTION_START -> skipping = until == null;
                default -> throw new IllegalStateException(part.kind().name());
            }
        }
        return out.toString();
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
