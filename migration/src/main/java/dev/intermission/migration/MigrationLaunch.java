package dev.intermission.migration;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A migration window started in the background by {@link MigrationWindow#start()} or
 * {@link MigrationWindow#migrateOnStart()}: its id once recorded, and its result once it ends.
 */
public final class MigrationLaunch {

    private final CompletableFuture<MigrationResult> completion = new CompletableFuture<>();
    private volatile String windowId;
    private volatile boolean cancelled;
    private final Object sleeper = new Object();

    MigrationLaunch() {
    }

    void recorded(String id) {
        this.windowId = id;
    }

    /**
     * Stops a start-up window from trying again; a window that is running finishes its current step.
     *
     * @return whether the launch was still running
     */
    public boolean cancel() {
        cancelled = true;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        return !completion.isDone();
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Waits before the next try; {@code false} when cancelled or interrupted meanwhile. */
    boolean sleep(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (sleeper) {
            while (!cancelled) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return true;
                }
                try {
                    sleeper.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    void complete(MigrationResult result) {
        completion.complete(result);
    }

    /**
     * Returns the id of the window this launch recorded, readable with {@link MigrationHistory#find(String)}.
     *
     * @return the id, or empty while no window is recorded (still waiting for the lock) or when none will be
     *         (nothing pending, another window running, a failure before the lock)
     */
    public Optional<String> windowId() {
        return Optional.ofNullable(windowId);
    }

    /**
     * Returns the result, which completes when the window ends; it never completes exceptionally.
     *
     * @return the future result
     */
    public CompletableFuture<MigrationResult> completion() {
        return completion;
    }

    /**
     * Returns whether the window has ended.
     *
     * @return {@code true} once {@link #completion()} is complete
     */
    public boolean done() {
        return completion.isDone();
    }

    /**
     * Waits for the window to end.
     *
     * @return the result
     */
    public MigrationResult join() {
        return completion.join();
    }

    @Override
    public String toString() {
        return "MigrationLaunch[" + (windowId == null ? "not recorded" : windowId) + ", "
                + (completion.isDone() ? completion.join().outcome() : "running") + "]";
    }
}
