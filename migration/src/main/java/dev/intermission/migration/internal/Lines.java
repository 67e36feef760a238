package dev.intermission.migration.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stores short lists of rows as text: one row a line, fields separated by tabs, with {@code \\}, tab, newline and
 * carriage return escaped, and {@code \0} for a null field.
 */
final class Lines {

    private Lines() {
    }

    static List<String> row(String... fields) {
        return Arrays.asList(fields);
    }

    static String write(List<List<String>> rows) {
        StringBuilder b = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    b.append('\t');
                }
                escape(b, row.get(i));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Reads rows written by {@link #write}; a row with fewer fields than expected is padded with nulls. */
    static List<List<String>> read(String text, int fields) {
        List<List<String>> rows = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return rows;
        }
        for (String line : text.split("\n")) {
            List<String> row = new ArrayList<>(fields);
            for (String field : line.split("\t", -1)) {
                row.add(unescape(field));
            }
            while (row.size() < fields) {
                row.add(null);
            }
            rows.add(row);
        }
        return rows;
    }

    private static void escape(StringBuilder b, String s) {
        if (s == null) {
            b.append("\\0");
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
    }

    private static String unescape(String s) {
        if (s.equals("\\0")) {
            return null;
        }
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
