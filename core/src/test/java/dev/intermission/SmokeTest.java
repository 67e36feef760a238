package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.intermission.testing.Databases;

class SmokeTest {
    @Test
    void enable_disable_h2() {
        try (MaintenanceService s = Maintenance.newBuilder().dataSource(Databases.newH2()).build()) {
            assertEquals(Mode.OFF, s.effectiveMode());
            s.enable(Mode.FULL, "x", "me");
            assertEquals(Mode.FULL, s.effectiveMode());
            s.disable("me");
            assertEquals(2, s.history(10).size());
        }
    }
}
