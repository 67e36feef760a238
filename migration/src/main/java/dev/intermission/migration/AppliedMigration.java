package dev.intermission.migration;

/**
 * One migration applied by a window.
 *
 * @param version         its version, or {@code null} for a repeatable migration
 * @param description     its description
 * @param script          the script or class that implements it
 * @param executionMillis how long it ran, in milliseconds
 */
public record AppliedMigration(String version, String description, String script, long executionMillis) {
}
