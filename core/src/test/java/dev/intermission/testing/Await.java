package dev.intermission.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with generous patience: tests assert what is seen, never how fast. */
public final class Await {

    /** How long a condition may take before the test fails. */
    public static final Duration PATIENCE = Duration.ofSeconds(20);

    private Await() {
    }

    /** Waits until the condition holds; fails with the message after {@link #PATIENCE}. */
    public static void until(BooleanSupplier condition, String failure) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
