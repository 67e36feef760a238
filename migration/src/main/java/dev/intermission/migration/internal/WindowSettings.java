package dev.intermission.migration.internal;

import java.time.Duration;
import java.util.List;

import dev.intermission.InFlightRequests;
import dev.intermission.Mode;
import dev.intermission.internal.Engine;
import dev.intermission.migration.DrainPolicy;
import dev.intermission.migration.MigrationHook;
import dev.intermission.migration.SchemaMigrator;

/** Everything a migration window's builder collected, validated. */
public record WindowSettings(Engine service, SchemaMigrator migrator, Mode mode, String message,
        Duration estimate, Duration drainTimeout, DrainPolicy drainPolicy, Duration lockWaitTimeout,
        Duration leaseDuration, Duration propagationMargin, InFlightRequests inFlightRequests,
        List<MigrationHook> hooks, String actor, String clientAddress, String holder) {
}
