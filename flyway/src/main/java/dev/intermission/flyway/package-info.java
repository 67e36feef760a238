/**
 * Runs the application's Flyway migrations inside a maintenance window:
 * {@link dev.intermission.flyway.FlywayMigrator} builds the {@link dev.intermission.migration.SchemaMigrator} that
 * {@link dev.intermission.migration.MigrationWindow} runs.
 *
 * <h2>What this artifact brings</h2>
 * <p>{@code intermission-flyway} depends on {@code intermission-core} and {@code org.flywaydb:flyway-core} only,
 * and is tested with Flyway 11 and 13. Manage {@code flyway-core} to the version the application already uses (a
 * Spring Boot application gets Boot's): the adapter calls only what both lines offer, and no type of Flyway's
 * appears in its public API.
 *
 * <h2>Database modules</h2>
 * <p>Since Flyway 10, {@code flyway-core} alone migrates H2 and SQLite only. Every other database needs its Flyway
 * module on the application's class path, in the application's own Flyway version (the same as
 * {@code flyway-core}); this artifact forces none on anyone:
 * <ul>
 *   <li>PostgreSQL: {@code org.flywaydb:flyway-database-postgresql}</li>
 *   <li>MySQL and MariaDB: {@code org.flywaydb:flyway-mysql}</li>
 *   <li>others (SQL Server, Oracle, CockroachDB...): the module Flyway's documentation names for them</li>
 * </ul>
 * <p>Without it, planning or migrating fails with a message that names the artifact to add, instead of Flyway's
 * "Unsupported Database".
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>org.flywaydb</groupId>
 *   <artifactId>flyway-database-postgresql</artifactId>
 *   <version>${flyway.version}</version>  <!-- the version of flyway-core -->
 * </dependency>
 * }</pre>
 */
package dev.intermission.flyway;
