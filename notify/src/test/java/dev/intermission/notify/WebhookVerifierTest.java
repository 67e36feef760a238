package dev.intermission.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.intermission.InvalidValueException;
import dev.intermission.notify.WebhookVerifier.Verdict;
import dev.intermission.testing.ManualClock;

/** The receiver's check: the right secret over "timestamp.body", within the tolerance, nothing else. */
class WebhookVerifierTest {

    private static final byte[] BODY = "{\"id\":\"x\",\"type\":\"started\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2030-03-01T10:00:00Z");

    private final ManualClock clock = new ManualClock(NOW);
    private final WebhookVerifier verifier = WebhookVerifier.newBuilder(Fixture.SECRET).clock(clock)
            .tolerance(Duration.ofMinutes(5)).build();

    private static String sign(long t, byte[] body) {
        return WebhookVerifier.signature(Fixture.SECRET, t, body);
    }

    @Test
    void signatureOverTimestampAndBody_isValid_andItsFormIsTheDocumentedOne() {
        String header = sign(NOW.getEpochSecond(), BODY);
        assertTrue(header.matches("t=" + NOW.getEpochSecond() + ",v1=[0-9a-f]{64}"), header);
        assertEquals(Verdict.VALID, verifier.verify(header, BODY));
        assertTrue(verifier.verify(header, BODY).valid());
    }

    @Test
    void changedBody_changedTimestamp_orOtherSecret_isAMismatch() {
        long t = NOW.getEpochSecond();
        String header = sign(t, BODY);
        assertEquals(Verdict.MISMATCH, verifier.verify(header, "{\"id\":\"y\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Verdict.MISMATCH, verifier.verify(header.replace("t=" + t, "t=" + (t + 1)), BODY));
        String other = WebhookVerifier.signature("another-secret-0123456789", t, BODY);
        assertEquals(Verdict.MISMATCH, verifier.verify(other, BODY));
    }

    @Test
    void requestOlderOrNewerThanTheTolerance_isExpired_soALateReplayIsRefused() {
        String header = sign(NOW.getEpochSecond(), BODY);
        clock.set(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1));
        assertEquals(Verdict.EXPIRED, verifier.verify(header, BODY));
        clock.set(NOW.minus(Duration.ofMinutes(6)));
        assertEquals(Verdict.EXPIRED, verifier.verify(header, BODY));
    }

    @Test
    void aSecondSignature_asDuringASecretRotation_isAccepted_ifOneMatches() {
        long t = NOW.getEpochSecond();
        String old = WebhookVerifier.signature("the-old-secret-0123456789", t, BODY);
        String header = sign(t, BODY) + "," + old.substring(old.indexOf("v1="));
        assertEquals(Verdict.VALID, verifier.verify(header, BODY));
    }

    @Test
    void missingOrMalformedHeaders_areNamedAsSuch() {
        assertEquals(Verdict.MISSING, verifier.verify(null, BODY));
        assertEquals(Verdict.MISSING, verifier.verify(" ", BODY));
        assertEquals(Verdict.MALFORMED, verifier.verify("v1=abc", BODY));
        assertEquals(Verdict.MALFORMED, verifier.verify("t=now,v1=" + "0".repeat(64), BODY));
        assertEquals(Verdict.MALFORMED, verifier.verify("t=1", BODY));
        assertEquals(Verdict.MALFORMED, verifier.verify("t=1,t=2,v1=" + "0".repeat(64), BODY));
        assertEquals(Verdict.MALFORMED, verifier.verify("garbage", BODY));
        assertFalse(verifier.verify("garbage", BODY).valid());
    }

    @Test
    void shortSecret_isRefused_withoutRepeatingIt() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> WebhookVerifier.newBuilder("tiny"));
        assertEquals("secret", e.field());
        assertFalse(e.getMessage().contains("tiny"));
    }
}
