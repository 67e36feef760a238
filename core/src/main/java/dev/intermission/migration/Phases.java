package dev.intermission.migration;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Copies phase timings into an unmodifiable map ordered as the phases run. */
final class Phases {

    private Phases() {
    }

    static Map<MigrationPhase, Long> copy(Map<MigrationPhase, Long> phases) {
        if (phases == null || phases.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new EnumMap<>(phases));
    }
}
