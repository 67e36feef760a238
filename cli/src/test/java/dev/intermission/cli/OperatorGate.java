package dev.intermission.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds an H2 migration script until the test has acted: the script calls {@link #await()} through
 * {@code CREATE ALIAS ... FOR 'dev.intermission.cli.OperatorGate.await'}.
 */
public final class OperatorGate {

    private static volatile CountDownLatch entered = new CountDownLatch(1);
    private static volatile CountDownLatch released = new CountDownLatch(1);

    private OperatorGate() {
    }

    /** Closes the gate for the next script. */
    static void reset() {
        entered = new CountDownLatch(1);
        released = new CountDownLatch(1);
    }

    /** Waits until a script is held at the gate. */
    static boolean awaitEntered() throws InterruptedException {
        return entered.await(60, TimeUnit.SECONDS);
    }

    /** Lets the held script go on. */
    static void release() {
        released.countDown();
    }

    /**
     * Called by the migration script: says it is here, then waits to be released.
     *
     * @throws InterruptedException when interrupted
     */
    public static void await() throws InterruptedException {
        entered.countDown();
        if (!released.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never released the migration");
        }
    }
}
