package dev.intermission.migration.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import dev.intermission.Mode;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.PendingMigration;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.InstanceWait;
import dev.intermission.migration.MigrationPhase;
import dev.intermission.migration.MigrationRecord;

/** The library's MigrationRecord: one immutable value. */
public record RecordValue(
        String id,
        String serviceName,
        String actor,
        String holder,
        Mode mode,
        Instant startedAt,
        Instant endedAt,
        MigrationOutcome outcome,
        String versionBefore,
        String versionAfter,
        List<PendingMigration> planned,
        List<AppliedMigration> applied,
        String error,
        MigrationPhase failedPhase,
        Map<MigrationPhase, Long> phaseMillis,
        boolean running,
        String note,
        List<InstanceWait> heldUpBy) implements MigrationRecord {

    /** Copies the collections. */
    public RecordValue {
        planned = planned == null ? List.of() : List.copyOf(planned);
        applied = applied == null ? List.of() : List.copyOf(applied);
        heldUpBy = heldUpBy == null ? List.of() : List.copyOf(heldUpBy);
        phaseMillis = phaseMillis == null || phaseMillis.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(phaseMillis));
    }
}
