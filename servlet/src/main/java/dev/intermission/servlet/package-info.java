/**
 * Maintenance mode for Jakarta Servlet 6 applications: {@link dev.intermission.servlet.MaintenanceFilter}, the
 * 503 filter, configured by {@link dev.intermission.servlet.MaintenanceFilterConfig} in code or by init-params.
 */
package dev.intermission.servlet;
