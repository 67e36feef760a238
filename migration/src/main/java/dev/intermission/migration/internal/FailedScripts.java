package dev.intermission.migration.internal;

import java.util.HashSet;
import java.util.Set;

import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.migration.PendingMigration;

/** Which script a failed window's reason names as the one that failed, for the guidance of every front end. */
public final class FailedScripts {

    private FailedScripts() {
    }

    /**
     * Returns the first planned migration the window did not apply, when the window's reason says that this script
     * failed; {@code null} otherwise (the window failed around the scripts: a check, a lost lease, the tool).
     *
     * @param window a recorded window
     * @return the script, or {@code null}
     */
    public static String of(MigrationRecord window) {
        Set<String> applied = new HashSet<>();
        for (AppliedMigration m : window.applied()) {
            applied.add(m.script());
        }
        for (PendingMigration m : window.planned()) {
            if (!applied.contains(m.script())) {
                return named(m.script(), window.error()) ? m.script() : null;
            }
        }
        return null;
    }

    /**
     * Returns whether a failure's reason says that this script failed (the reason starts {@code "<script> failed"}).
     *
     * @param script the script, or {@code null}
     * @param reason the one-line reason, or {@code null}
     * @return whether it names the script as failed
     */
    public static boolean named(String script, String reason) {
        return script != null && reason != null && reason.strip().startsWith(script + " failed");
    }
}
