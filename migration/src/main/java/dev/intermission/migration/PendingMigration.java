package dev.intermission.migration;

/**
 * One migration not applied yet.
 *
 * @param version     its version, or {@code null} for a repeatable migration
 * @param description its description
 * @param script      the script or class that implements it
 */
public record PendingMigration(String version, String description, String script) {
}
