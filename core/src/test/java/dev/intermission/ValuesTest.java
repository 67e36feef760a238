package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Durations written by people: read in every form, and refused quoting what was written. */
class ValuesTest {

    @Test
    void durationOutOfBounds_isRefusedQuotingTheValueAsWritten() {
        InvalidValueException tooLong = assertThrows(InvalidValueException.class,
                () -> Values.duration("--lock-wait", "25h", Duration.ZERO, Duration.ofDays(1)));
        assertEquals("--lock-wait: must be between 0s and 1d, was '25h'", tooLong.getMessage());
        InvalidValueException tooShort = assertThrows(InvalidValueException.class,
                () -> Values.duration("INTERMISSION_REFRESH_INTERVAL", " PT0.005S ", Duration.ofMillis(50),
                        Duration.ofHours(1)));
        assertEquals("INTERMISSION_REFRESH_INTERVAL: must be between 50ms and 1h, was 'PT0.005S'",
                tooShort.getMessage());
        assertEquals(Duration.ofMinutes(90), Values.duration("--for", "1h30m", Duration.ZERO, Duration.ofDays(1)));
    }
}
