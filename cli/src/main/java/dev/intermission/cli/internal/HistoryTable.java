package dev.intermission.cli.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.intermission.Action;
import dev.intermission.HistoryEntry;
import dev.intermission.ScheduledWindow;

/**
 * The history as an aligned table: within {@value #WIDTH} columns by default (long actors and details cut with
 * {@code ...}), or everything, with the client address and millisecond times, when wide.
 */
final class HistoryTable {

    /** The widest line printed unless wide. */
    static final int WIDTH = 120;
    private static final int MAX_ACTOR = 16;
    private static final String GAP = "  ";

    private HistoryTable() {
    }

    static void print(List<HistoryEntry> entries, boolean wide, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(wide ? new String[] {"VERSION", "AT", "ACTION", "MODE", "ACTOR", "ORIGIN", "ADDRESS", "DETAIL"}
                : new String[] {"VERSION", "AT", "ACTION", "MODE", "ACTOR", "ORIGIN", "DETAIL"});
        for (HistoryEntry e : entries) {
            String at = wide ? String.valueOf(e.at()) : Text.time(e.at());
            String actor = Text.oneLine(e.actor());
            String origin = e.origin().name().toLowerCase(Locale.ROOT);
            String detail = detail(e, wide);
            rows.add(wide
                    ? new String[] {Long.toString(e.version()), at, action(e.action()), mode(e), actor, origin,
                        e.clientAddress() == null ? "-" : e.clientAddress(), detail}
                    : new String[] {Long.toString(e.version()), at, action(e.action()), mode(e),
                        Text.cut(actor, MAX_ACTOR), origin, detail});
        }
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        int fixed = 0;
        for (int i = 0; i < columns - 1; i++) {
            fixed += widths[i] + GAP.length();
        }
        int detailWidth = Math.max(10, WIDTH - fixed);
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns - 1; i++) {
                line.append(i == 0 ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false)).append(GAP);
            }
            line.append(wide ? row[columns - 1] : Text.cut(row[columns - 1], detailWidth));
            out.println(line.toString().stripTrailing());
        }
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }

    private static String action(Action action) {
        return action.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The mode the entry set: the manual mode, the scheduled window's, or none for a cancelled window. */
    private static String mode(HistoryEntry e) {
        if (e.action() == Action.SCHEDULE && e.window() != null) {
            return e.window().mode().externalName();
        }
        if (e.action() == Action.CANCEL_SCHEDULE) {
            return "-";
        }
        return e.newMode().externalName();
    }

    private static String detail(HistoryEntry e, boolean wide) {
        StringBuilder d = new StringBuilder();
        if (e.action() == Action.SCHEDULE && e.window() != null) {
            ScheduledWindow w = e.window();
            d.append("window ").append(wide ? String.valueOf(w.start()) : Text.time(w.start())).append(" to ")
                    .append(wide ? String.valueOf(w.end()) : Text.time(w.end()));
            if (w.message() != null) {
                d.append(": ").append(Text.oneLine(w.message()));
            }
            return d.toString();
        }
        if (e.message() != null) {
            d.append(Text.oneLine(e.message()));
        }
        if (e.until() != null) {
            d.append(d.length() == 0 ? "" : " ").append("(expected end ")
                    .append(wide ? String.valueOf(e.until()) : Text.time(e.until())).append(')');
        }
        return d.toString();
    }
}
