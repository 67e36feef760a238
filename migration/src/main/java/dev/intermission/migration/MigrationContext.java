package dev.intermission.migration;

import java.util.List;

import dev.intermission.InvalidValueException;
import dev.intermission.Mode;

/**
 * What a {@link MigrationHook} knows about the window it runs in.
 *
 * @param windowId    the window's id, as recorded
 * @param serviceName the service
 * @param actor       who started the window
 * @param mode        the maintenance mode in force during the window
 * @param plan        what was pending when the window started
 * @param applied     the migrations applied so far; empty before migrating
 */
public record MigrationContext(String windowId, String serviceName, String actor, Mode mode, MigrationPlan plan,
        List<AppliedMigration> applied) {

    /**
     * Copies the list.
     *
     * @throws InvalidValueException when {@code applied} is {@code null}
     */
    public MigrationContext {
        if (applied == null) {
            throw new InvalidValueException("applied", null, "must not be null");
        }
        applied = List.copyOf(applied);
    }
}
