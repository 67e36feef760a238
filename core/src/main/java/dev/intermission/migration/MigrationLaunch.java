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

    MigrationLaunch() {
    }

    void recorded(String id) {
        this.windowId = id;
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
