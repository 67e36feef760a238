/**
 * The Flyway adapter's implementation; not part of the API, it may change in any release.
 */
package dev.intermission.flyway.internal;
