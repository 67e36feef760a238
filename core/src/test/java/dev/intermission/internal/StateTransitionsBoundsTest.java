package dev.intermission.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.intermission.MaintenanceChange;
import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;

class StateTransitionsBoundsTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void validate_untilAfterYear9999_rejectedNamingUntil() {
        MaintenanceChange change = MaintenanceChange.enable(Mode.FULL)
                .until(Instant.parse("+100000-01-01T00:00:00Z")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StateTransitions.validate(change, NOW));
        assertTrue(e.getMessage().startsWith("until: "), e.getMessage());
    }

    @Test
    void validate_hugeExpectedDuration_rejectedWithoutOverflow() {
        MaintenanceChange change = MaintenanceChange.enable(Mode.FULL)
                .expectedDuration(Duration.ofSeconds(Long.MAX_VALUE)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StateTransitions.validate(change, NOW));
        assertTrue(e.getMessage().startsWith("expectedDuration: "), e.getMessage());
    }

    @Test
    void validate_windowOutsideStorableRange_rejectedNamingTheBound() {
        MaintenanceChange early = MaintenanceChange.schedule(new ScheduledWindow(
                Instant.parse("1000-01-01T00:00:00Z"), NOW.plusSeconds(60), Mode.FULL, null)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StateTransitions.validate(early, NOW));
        assertTrue(e.getMessage().startsWith("window.start: "), e.getMessage());
        MaintenanceChange late = MaintenanceChange.schedule(new ScheduledWindow(
                NOW, Instant.parse("+10000-01-01T00:00:00Z"), Mode.FULL, null)).build();
        e = assertThrows(IllegalArgumentException.class, () -> StateTransitions.validate(late, NOW));
        assertTrue(e.getMessage().startsWith("window.end: "), e.getMessage());
    }

    @Test
    void validate_latestStorableUntil_accepted() {
        MaintenanceChange change = MaintenanceChange.enable(Mode.FULL).until(StateTransitions.LATEST).build();
        assertDoesNotThrow(() -> StateTransitions.validate(change, NOW));
    }
}
