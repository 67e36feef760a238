package dev.intermission.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class TimesTest {

    @Test
    void parseDuration_shortAndIsoForms() {
        assertEquals(Duration.ofMinutes(30), Times.parseDuration("30m"));
        assertEquals(Duration.ofMinutes(90), Times.parseDuration("1h30m"));
        assertEquals(Duration.ofHours(2), Times.parseDuration("2h"));
        assertEquals(Duration.ofSeconds(45), Times.parseDuration("45s"));
        assertEquals(Duration.ofDays(1).plusHours(2), Times.parseDuration("1d2h"));
        assertEquals(Duration.ofMinutes(20), Times.parseDuration("PT20M"));
        assertEquals(Duration.ofMinutes(20), Times.parseDuration("pt20m"));
    }

    @Test
    void parseDuration_invalidOrNotPositive_rejected() {
        for (String bad : new String[] {"", "m", "30", "30x", "1m1h", "-5m", "0s", "PT0S", "PT-5M", "P", "soon",
            "1h 30m"}) {
            assertThrows(IllegalArgumentException.class, () -> Times.parseDuration(bad), bad);
        }
    }

    @Test
    void parseInstant_isoOffsetZonedAndLocal() {
        assertEquals(Instant.parse("2030-01-31T18:00:00Z"), Times.parseInstant("2030-01-31T18:00:00Z"));
        assertEquals(Instant.parse("2030-01-31T18:00:00Z"), Times.parseInstant("2030-01-31T19:00+01:00"));
        assertEquals(Instant.parse("2030-07-01T10:00:00Z"), Times.parseInstant("2030-07-01T12:00+02:00[Europe/Paris]"));
        assertEquals(LocalDateTime.parse("2030-01-31T18:00").atZone(ZoneId.systemDefault()).toInstant(),
                Times.parseInstant("2030-01-31T18:00"));
        assertThrows(IllegalArgumentException.class, () -> Times.parseInstant("tomorrow"));
        assertThrows(IllegalArgumentException.class, () -> Times.parseInstant("2030-02-30T00:00:00Z"));
    }
}
