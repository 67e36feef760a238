/**
 * Implementation of the servlet module, not a public API: the request gate (free of servlet types), its compiled
 * parts, and the servlet-side adapters.
 */
package dev.intermission.servlet.internal;
