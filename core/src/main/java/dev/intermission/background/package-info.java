/**
 * Background work that pauses during maintenance (the runbook's "stop background job processing"): wrap an
 * executor so its tasks are skipped, deferred or run anyway while maintenance is on, or guard jobs that run their
 * own way; running jobs count in the instance's in-flight work, so a migration window waits for them. Reach it
 * through {@link dev.intermission.MaintenanceService#background()}.
 */
package dev.intermission.background;
