package dev.intermission.internal;

import java.util.List;

/**
 * The work one instance has in flight, counted in memory: requests (and those that may write) and background
 * jobs with their names.
 *
 * @param requests requests in flight
 * @param writes   requests in flight that may write
 * @param jobs     background jobs running
 * @param jobNames the running jobs' names, at most {@link #MAX_NAMES}
 */
public record LocalWork(int requests, int writes, int jobs, List<String> jobNames) {

    /** The most job names carried. */
    public static final int MAX_NAMES = 10;
    /** No work in flight. */
    public static final LocalWork NONE = new LocalWork(0, 0, 0, List.of());

    /** Copies the names and keeps the counts non-negative. */
    public LocalWork {
        requests = Math.max(0, requests);
        writes = Math.max(0, Math.min(writes, requests));
        jobs = Math.max(0, jobs);
        jobNames = jobNames == null ? List.of() : List.copyOf(jobNames.subList(0, Math.min(MAX_NAMES,
                jobNames.size())));
    }

    /**
     * Returns whether nothing a window in the given mode waits for is in flight: no job, and no request (or, for a
     * read-only window, no request that may write).
     *
     * @param readOnly whether the window is read-only
     * @return whether it is idle for that window
     */
    public boolean idleFor(boolean readOnly) {
        return jobs == 0 && (readOnly ? writes == 0 : requests == 0);
    }

    /**
     * Describes the work a window waits for, in words.
     *
     * @param readOnly whether the window is read-only
     * @return the description, or an empty string when idle
     */
    public String describe(boolean readOnly) {
        StringBuilder b = new StringBuilder();
        int r = readOnly ? writes : requests;
        if (r > 0) {
            b.append(r).append(readOnly ? " write" : " request").append(r == 1 ? "" : "s").append(" in flight");
        }
        if (jobs > 0) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(jobs).append(" background job").append(jobs == 1 ? "" : "s").append(" running");
            if (!jobNames.isEmpty()) {
                b.append(" (").append(String.join(", ", jobNames)).append(')');
            }
        }
        return b.toString();
    }
}
