package dev.intermission.migration.internal;

import dev.intermission.migration.InstanceWait;

/**
 * The library's InstanceWait: one immutable value.
 *
 * @param instanceId   the instance
 * @param host         its host
 * @param waitedMillis how long it held the window up
 * @param reason       what held the window up
 * @param outcome      how the wait ended
 */
public record WaitValue(String instanceId, String host, long waitedMillis, String reason, Outcome outcome)
        implements InstanceWait {
}
