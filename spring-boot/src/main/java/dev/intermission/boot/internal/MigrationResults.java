package dev.intermission.boot.internal;

import dev.intermission.migration.MigrationResult;

/** Hears the result of every migration window the starter runs (the window metrics). */
@FunctionalInterface
public interface MigrationResults {

    /**
     * Records one window's result.
     *
     * @param result the result
     */
    void record(MigrationResult result);
}
