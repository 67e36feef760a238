/**
 * Schema migrations run as one safe maintenance window: {@link dev.intermission.migration.SchemaMigrator} is the
 * pluggable hook (Flyway first, through {@link dev.intermission.flyway.FlywayMigrator}),
 * {@link dev.intermission.migration.MigrationWindow} runs the window, and
 * {@link dev.intermission.migration.MigrationHistory} reads the recorded windows.
 */
package dev.intermission.migration;
