/**
 * The admin endpoint: {@link dev.intermission.admin.MaintenanceAdminServlet} reads and switches the maintenance
 * state over HTTP, configured by {@link dev.intermission.admin.MaintenanceAdminConfig} in code or by init-params,
 * and authorizes callers by named bearer tokens or an {@link dev.intermission.admin.AdminAuthorizer}.
 */
package dev.intermission.admin;
