package dev.intermission.background;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import dev.intermission.InvalidValueException;

/**
 * This instance's background work, paused while maintenance is on (any mode, the fail-safe mode included):
 * executors wrapped here check maintenance when each task is due, and guarded jobs check it when they start.
 * Tasks and jobs that run count in the instance's in-flight work, which every instance reports, so a migration
 * window waits until they end.
 */
public interface BackgroundWork {

    /**
     * Starts a guarded job: counts it as running unless maintenance is on (then it is not {@link
     * BackgroundJob#allowed() allowed} and not counted).
     *
     * @param name 1 to 100 characters, no control characters; operators see it among the running jobs
     * @return the job; close it when it ends
     * @throws InvalidValueException when the name is invalid
     */
    BackgroundJob start(String name);

    /**
     * Runs a job now on the calling thread, unless maintenance is on.
     *
     * @param name the job's name, as for {@link #start(String)}
     * @param job  the work
     * @return whether it ran
     * @throws InvalidValueException when the name is invalid or the job is {@code null}
     */
    boolean runIfOpen(String name, Runnable job);

    /**
     * Wraps an executor: each task, when it is due, runs as a counted job while maintenance is off, and follows
     * its policy while maintenance is on ({@link BackgroundTask#pausePolicy()}, or {@code defaultPolicy}).
     * Shutting the wrapper down shuts the executor down.
     *
     * @param name          the name of the tasks that do not name themselves
     * @param executor      the executor that runs the tasks
     * @param defaultPolicy the policy of the tasks that do not say
     * @return the wrapper
     * @throws InvalidValueException when the name is invalid or an argument is {@code null}
     */
    ScheduledExecutorService wrap(String name, ScheduledExecutorService executor, PausePolicy defaultPolicy);

    /**
     * Wraps a plain executor, as {@link #wrap(String, ScheduledExecutorService, PausePolicy)} does.
     *
     * @param name          the name of the tasks that do not name themselves
     * @param executor      the executor that runs the tasks
     * @param defaultPolicy the policy of the tasks that do not say
     * @return the wrapper
     * @throws InvalidValueException when the name is invalid or an argument is {@code null}
     */
    Executor wrap(String name, Executor executor, PausePolicy defaultPolicy);

    /**
     * Returns whether background work pauses now: maintenance is on for this instance.
     *
     * @return whether paused
     */
    boolean paused();

    /**
     * Returns how many jobs and tasks run now.
     *
     * @return zero or more
     */
    int running();

    /**
     * Returns the names of the jobs and tasks that run now, each once, at most ten.
     *
     * @return the names
     */
    List<String> runningJobs();

    /**
     * Returns how many deferred tasks wait for maintenance to end.
     *
     * @return zero or more
     */
    int deferred();
}
