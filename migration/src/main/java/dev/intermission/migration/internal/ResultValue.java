package dev.intermission.migration.internal;

import java.util.List;
import java.util.Map;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.InstanceWait;
import dev.intermission.migration.MigrationPhase;
import dev.intermission.migration.MigrationResult;

/** The library's MigrationResult: one immutable value. */
public record ResultValue(
        MigrationOutcome outcome,
        String windowId,
        String serviceName,
        String versionBefore,
        String versionAfter,
        List<AppliedMigration> applied,
        String error,
        MigrationPhase failedPhase,
        Map<MigrationPhase, Long> phaseMillis,
        boolean maintenanceOn,
        String note,
        List<InstanceWait> heldUpBy) implements MigrationResult {

    /** Copies the collections. */
    public ResultValue {
        if (outcome == null) {
            throw new IllegalArgumentException("outcome: must not be null");
        }
        applied = applied == null ? List.of() : List.copyOf(applied);
        heldUpBy = heldUpBy == null ? List.of() : List.copyOf(heldUpBy);
        phaseMillis = phaseMillis == null || phaseMillis.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(phaseMillis));
    }
}
