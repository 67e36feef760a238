package dev.intermission.background;

import dev.intermission.InvalidValueException;
import dev.intermission.internal.Checks;

/**
 * A task that names itself and says what to do while maintenance is on, overriding the defaults of the executor
 * it is given to (see {@link BackgroundWork#wrap(String, java.util.concurrent.ScheduledExecutorService,
 * PausePolicy)}).
 */
public interface BackgroundTask extends Runnable {

    /**
     * Returns the task's name, as operators see it among the running jobs.
     *
     * @return the name
     */
    String name();

    /**
     * Returns what the task does when it is due while maintenance is on.
     *
     * @return the policy
     */
    PausePolicy pausePolicy();

    /**
     * Names a task and gives it its own policy.
     *
     * @param name   1 to 100 characters, no control characters
     * @param policy what to do while maintenance is on
     * @param body   the work
     * @return the task
     * @throws InvalidValueException when the name is invalid, or the policy or body is {@code null}
     */
    static BackgroundTask of(String name, PausePolicy policy, Runnable body) {
        String checked = Checks.label("name", name, Checks.MAX_JOB_NAME_LENGTH);
        if (policy == null) {
            throw new InvalidValueException("pausePolicy", null, "must be SKIP, DEFER or RUN");
        }
        if (body == null) {
            throw new InvalidValueException("body", null, "must not be null");
        }
        return new BackgroundTask() {
            @Override
            public String name() {
                return checked;
            }

            @Override
            public PausePolicy pausePolicy() {
                return policy;
            }

            @Override
            public void run() {
                body.run();
            }

            @Override
            public String toString() {
                return "BackgroundTask[" + checked + ", " + policy + "]";
            }
        };
    }
}
