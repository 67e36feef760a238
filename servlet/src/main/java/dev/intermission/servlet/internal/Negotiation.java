package dev.intermission.servlet.internal;

import java.util.Enumeration;
import java.util.Locale;

/**
 * Picks the refusal's representation from {@code Accept} headers.
 *
 * <p>Each representation gets the q-value of the most specific media range that matches it: JSON
 * ({@code application/problem+json} or {@code application/json}, through {@code application/*} or
 * {@code * /*}), HTML ({@code text/html}, {@code text/*}, {@code * /*}) and text ({@code text/plain},
 * {@code text/*}, {@code * /*}). The highest q-value wins; on a tie the more specific range wins, then the range
 * listed first; when the same range decides several (as {@code * /*} alone does) text wins, then HTML. With no
 * {@code Accept} header, or nothing acceptable, the answer is text.
 */
public final class Negotiation {

    /** The representation of a refusal. */
    public enum Representation {
        /** {@code application/problem+json}. */
        JSON,
        /** {@code text/html}. */
        HTML,
        /** {@code text/plain}. */
        TEXT
    }

    private static final int MAX_RANGES = 64;

    private Negotiation() {
    }

    /**
     * Picks a representation.
     *
     * @param acceptHeaders every {@code Accept} header value, or {@code null}
     * @return the representation
     */
    public static Representation negotiate(Enumeration<String> acceptHeaders) {
        // Per candidate: q in thousandths, specificity, position of the deciding range.
        Score json = new Score();
        Score html = new Score();
        Score text = new Score();
        int position = 0;
        while (acceptHeaders != null && acceptHeaders.hasMoreElements() && position < MAX_RANGES) {
            String header = acceptHeaders.nextElement();
            int i = 0;
            while (i <= header.length() && position < MAX_RANGES) {
                int end = header.indexOf(',', i);
                if (end < 0) {
                    end = header.length();
                }
                String range = header.substring(i, end);
                i = end + 1;
                if (range.isBlank()) {
                    continue;
                }
                int pos = position++;
                int semi = range.indexOf(';');
                String type = (semi < 0 ? range : range.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
                int q = semi < 0 ? 1000 : quality(range.substring(semi + 1));
                if (q < 0) {
                    continue;
                }
                switch (type) {
                    case "application/problem+json", "application/json" -> json.offer(q, 3, pos);
                    case "application/*" -> json.offer(q, 2, pos);
                    case "text/html" -> html.offer(q, 3, pos);
                    case "text/plain" -> text.offer(q, 3, pos);
                    case "text/*" -> {
                        html.offer(q, 2, pos);
                        text.offer(q, 2, pos);
                    }
                    case "*/*" -> {
                        json.offer(q, 1, pos);
                        html.offer(q, 1, pos);
                        text.offer(q, 1, pos);
                    }
                    default -> {
                        // another type: irrelevant to the choice
                    }
                }
            }
        }
        Representation best = Representation.TEXT;
        Score bestScore = text;
        if (html.beats(bestScore)) {
            best = Representation.HTML;
            bestScore = html;
        }
        if (json.beats(bestScore)) {
            best = Representation.JSON;
            bestScore = json;
        }
        return bestScore.q > 0 ? best : Representation.TEXT;
    }

    /** The q parameter in thousandths; 1000 when absent; -1 when malformed. */
    private static int quality(String params) {
        for (String param : params.split(";")) {
            int eq = param.indexOf('=');
            if (eq < 0) {
                continue;
            }
            if (param.substring(0, eq).strip().equalsIgnoreCase("q")) {
                String v = param.substring(eq + 1).strip();
                if (!v.matches("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?")) {
                    return -1;
                }
                return (int) Math.round(Double.parseDouble(v) * 1000);
            }
        }
        return 1000;
    }

    private static final class Score {
        int q;
        int specificity;
        int position = Integer.MAX_VALUE;

        /** Keeps the most specific matching range (of equally specific ones, the highest q, then the first). */
        void offer(int q, int specificity, int position) {
            if (specificity > this.specificity || (specificity == this.specificity && q > this.q)) {
                this.q = q;
                this.specificity = specificity;
                this.position = position;
            }
        }

        boolean beats(Score other) {
            if (q != other.q) {
                return q > other.q;
            }
            if (specificity != other.specificity) {
                return specificity > other.specificity;
            }
            return position < other.position;
        }
    }
}
