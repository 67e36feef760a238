/**
 * Maintenance mode for Jakarta Servlet 6 applications: {@link dev.intermission.servlet.MaintenanceFilter}, the
 * 503 filter, configured by {@link dev.intermission.servlet.MaintenanceFilterConfig} in code or by init-params,
 * which tells a {@link dev.intermission.servlet.RequestOutcomeListener} what it did with each request.
 */
package dev.intermission.servlet;
