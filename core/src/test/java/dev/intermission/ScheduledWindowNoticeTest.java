package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** A window's notice time: optional, never after its start, and when the window becomes public. */
class ScheduledWindowNoticeTest {

    private static final Instant START = Instant.parse("2030-01-31T18:00:00Z");
    private static final Instant END = Instant.parse("2030-01-31T19:00:00Z");

    @Test
    void withoutNoticeTime_isPublicFromTheStart_asBefore() {
        ScheduledWindow w = new ScheduledWindow(START, END, Mode.FULL, "Upgrade");
        assertNull(w.noticeAt());
        assertTrue(w.isAnnouncedAt(START.minusSeconds(86_400 * 30)));
    }

    @Test
    void noticeTime_announcesTheWindowFromThenOn() {
        Instant notice = START.minusSeconds(3600);
        ScheduledWindow w = new ScheduledWindow(START, END, Mode.READ_ONLY, null, notice);
        assertFalse(w.isAnnouncedAt(notice.minusMillis(1)));
        assertTrue(w.isAnnouncedAt(notice));
        assertTrue(w.isAnnouncedAt(START));
        assertEquals(w, new ScheduledWindow(START, END, Mode.READ_ONLY, null).withNoticeAt(notice));
    }

    @Test
    void noticeTime_atTheStart_isAccepted_andTruncatedToMilliseconds() {
        assertEquals(START, new ScheduledWindow(START, END, Mode.FULL, null, START).noticeAt());
        Instant precise = START.minusNanos(1_500_000);
        assertEquals(START.minusMillis(2), new ScheduledWindow(START, END, Mode.FULL, null, precise).noticeAt());
    }

    @Test
    void noticeTime_afterTheStart_isRefusedNamingTheField() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> new ScheduledWindow(START, END, Mode.FULL, null, START.plusMillis(1)));
        assertEquals("window.noticeAt", e.field());
        assertTrue(e.getMessage().contains("must not be after window.start"), e.getMessage());
    }

    @Test
    void noticeTime_beforeTheEpoch_isRefusedNamingTheField() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> new ScheduledWindow(START, END, Mode.FULL, null, Instant.EPOCH.minusSeconds(1)));
        assertEquals("window.noticeAt", e.field());
    }
}
