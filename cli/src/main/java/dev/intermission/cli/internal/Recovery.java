package dev.intermission.cli.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.intermission.internal.Schema;
import dev.intermission.migration.FailedMigration;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationPhase;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.internal.FailedScripts;

/**
 * What an operator reads after a failed migration: which migration failed, whether it may have been applied in
 * part (the database cannot roll DDL back) or was rolled back, and the next step, naming the options that exist.
 *
 * @param script             the script that failed
 * @param recorded           whether the schema history records it as failed (then it must be repaired)
 * @param rollsBackDdl       whether the database rolls DDL back with its transaction
 * @param databaseName       the database's kind, as operators say it
 * @param state              the script's state, one sentence
 * @param next               the next step, one sentence
 */
record Recovery(String script, boolean recorded, boolean rollsBackDdl, String databaseName, String state,
        String next) {

    /**
     * The recovery from what the schema history records as failed.
     *
     * @param failed  the failed migration
     * @param dialect the database's kind, or {@code null} when unknown
     */
    static Recovery recorded(FailedMigration failed, Schema.Dialect dialect) {
        String name = name(dialect);
        String script = failed.script();
        if (failed.mayBePartlyApplied()) {
            return new Recovery(script, true, false, name,
                    "may be partly applied: " + commitsEachDdl(dialect) + ", so the statements before the one that "
                            + "failed stayed",
                    "fix " + script + "; undo by hand what it applied before failing (or make it start where it "
                            + "stopped, e.g. IF NOT EXISTS); then run 'migrate --repair-failed'");
        }
        return new Recovery(script, true, true, name,
                "rolled back: " + name + " rolls DDL back with the transaction, so nothing of it stayed (unless it "
                        + "ran outside a transaction)",
                "fix " + script + ", then run 'migrate --repair-failed' (the history records it as failed)");
    }

    /**
     * The recovery after a window that failed while migrating, when the schema history records no failure: the
     * database rolled the failed script back (PostgreSQL), or the failure has been repaired since.
     *
     * @param window  the failed window
     * @param dialect the database's kind, or {@code null} when unknown
     * @return the recovery, or {@code null} when the window did not fail while migrating
     */
    static Recovery afterWindow(MigrationRecord window, Schema.Dialect dialect) {
        if (window.outcome() != MigrationOutcome.FAILED || window.failedPhase() != MigrationPhase.MIGRATE) {
            return null;
        }
        String script = FailedScripts.of(window);
        return script == null ? null : unrecorded(script, dialect);
    }

    /**
     * The recovery from a failed script that the schema history does not record as failed.
     *
     * @param script  the script, or {@code null} when unknown
     * @param dialect the database's kind, or {@code null} when unknown
     */
    static Recovery unrecorded(String script, Schema.Dialect dialect) {
        String name = name(dialect);
        if (dialect == Schema.Dialect.POSTGRESQL) {
            return new Recovery(script, false, true, name,
                    "rolled back: PostgreSQL rolls DDL back with the transaction, so nothing of it stayed (unless it "
                            + "ran outside a transaction)",
                    "fix " + (script == null ? "the script" : script) + ", then run 'migrate'");
        }
        return new Recovery(script, false, false, name,
                "no failure recorded in the schema history now: repaired since, or the migration tool did not "
                        + "record it; " + commitsEachDdl(dialect) + ", so check the schema for what it left",
                "fix " + (script == null ? "the script" : script) + ", undo by hand what it left, then run 'migrate'");
    }

    /** The text lines, each starting with a label padded to {@code width}. */
    List<String> lines(int width) {
        List<String> lines = new ArrayList<>();
        lines.add(pad("state:", width) + state);
        lines.add(pad("next:", width) + next);
        return lines;
    }

    /** The JSON fields. */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("script", script);
        m.put("recordedAsFailed", recorded);
        m.put("databaseRollsBackDdl", rollsBackDdl);
        m.put("mayBePartlyApplied", !rollsBackDdl);
        m.put("state", state);
        m.put("nextStep", next);
        return m;
    }

    private static String pad(String label, int width) {
        return label + " ".repeat(Math.max(1, width - label.length()));
    }

    private static String name(Schema.Dialect dialect) {
        return dialect == null ? "this database" : dialect.label();
    }

    private static String commitsEachDdl(Schema.Dialect dialect) {
        if (dialect == Schema.Dialect.MYSQL) {
            return "MySQL and MariaDB commit each DDL statement at once";
        }
        if (dialect == Schema.Dialect.H2) {
            return "H2 commits each DDL statement at once";
        }
        return "this database does not roll DDL back";
    }
}
