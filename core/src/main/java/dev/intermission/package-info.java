/**
 * Intermission's public API: {@link dev.intermission.Maintenance#newBuilder()} builds a
 * {@link dev.intermission.MaintenanceService}, which answers "are we in maintenance?" from memory and switches
 * the state through the database with an audit trail.
 */
package dev.intermission;
