/**
 * The operator command line: {@link dev.intermission.cli.MaintenanceCli} reads and switches maintenance straight
 * in the database.
 */
package dev.intermission.cli;
