package dev.intermission.containers;

import java.time.Duration;
import java.util.function.Supplier;

/** Polling for a state that another process reaches in its own time; the deadline only bounds a broken run. */
final class Waits {

    /** Long enough for any container on a loaded 2-core machine; passing runs take a fraction of it. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private Waits() {
    }

    /** Lets time pass (a stretch in which something must not happen); never a measurement. */
    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits until the supplier returns a value accepted by {@code done}, and returns that value. */
    static <T> T until(Supplier<T> probe, java.util.function.Predicate<T> done, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            pause();
        }
        throw new AssertionError("never " + what + "; last seen: " + last);
    }
}
