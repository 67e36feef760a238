package dev.intermission.cli.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.intermission.ClusterView;
import dev.intermission.ServiceInstance;

/**
 * The live instances as an aligned table within {@value #WIDTH} columns: long ids, hosts and versions are cut with
 * {@code ...}; {@code --json} shows everything.
 */
final class InstanceTable {

    /** The widest line printed. */
    static final int WIDTH = 120;
    private static final String GAP = "  ";
    private static final String[] HEADER = {"ID", "HOST", "PID", "APP", "STATE", "MODE", "STALE", "PUSH",
        "REQ/WR/JOBS", "HEARTBEAT"};
    /** The most each column shows before it is cut. */
    private static final int[] MAX = {40, 24, 10, 12, 14, 9, 9, 4, 17, 14};
    /** The least the id and the host are cut to when the line is too wide. */
    private static final int MIN_CUT = 12;

    private InstanceTable() {
    }

    /** The summary that {@code status} and {@code instances} print. */
    static String summary(ClusterView cluster) {
        return cluster.live() + " live, " + cluster.holdingCurrentVersion() + " on the current version ("
                + cluster.currentVersion() + ")";
    }

    static void print(ClusterView cluster, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ServiceInstance i : cluster.instances()) {
            rows.add(new String[] {
                Text.oneLine(i.id()),
                Text.oneLine(i.host()),
                Text.oneLine(i.process()),
                i.applicationVersion() == null ? "-" : Text.oneLine(i.applicationVersion()),
                i.stateVersion() + (i.stateVersion() >= cluster.currentVersion() ? " *" : ""),
                i.effectiveMode().externalName(),
                i.failSafe() ? "fail-safe" : i.stale() ? "stale" : "no",
                i.listening() ? "yes" : "no",
                i.requestsInFlight() + "/" + i.writesInFlight() + "/" + i.jobsInFlight(),
                ago(i.lastHeartbeat(), cluster.asOf())});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.min(MAX[c], Math.max(widths[c], row[c].length()));
            }
        }
        int total = GAP.length() * (widths.length - 1);
        for (int w : widths) {
            total += w;
        }
        // Too wide: the id and the host give way first, the widest of them each time.
        while (total > WIDTH && (widths[0] > MIN_CUT || widths[1] > MIN_CUT)) {
            int c = widths[0] >= widths[1] && widths[0] > MIN_CUT ? 0 : 1;
            widths[c]--;
            total--;
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                String cell = Text.cut(row[c], widths[c]);
                line.append(cell).append(" ".repeat(widths[c] - cell.length()));
                if (c < widths.length - 1) {
                    line.append(GAP);
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("STATE: the version held, * when current; STALE: whether its state is stale or it applies its "
                + "fail-safe mode;");
        out.println("PUSH: whether it hears pushed changes; REQ/WR/JOBS: requests, writes and background jobs in "
                + "flight.");
    }

    /** How long ago a heartbeat was, to the second; {@code -} when none is recorded. */
    private static String ago(Instant heartbeat, Instant now) {
        if (heartbeat == null) {
            return "-";
        }
        Duration d = Duration.between(heartbeat, now);
        return d.isNegative() ? "just now" : Text.duration(d) + " ago";
    }
}
