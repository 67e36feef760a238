/** The admin endpoint's internals: routing, authorization, strict JSON input and problem responses. */
package dev.intermission.admin.internal;
