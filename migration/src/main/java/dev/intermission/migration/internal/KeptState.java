package dev.intermission.migration.internal;

import java.time.Instant;

import dev.intermission.Mode;

/**
 * The maintenance state an operator had switched on before a window, which the window leaves on afterwards;
 * stored with the window as JSON so that a window taking over after a failed one knows it too.
 */
public record KeptState(Mode mode, String message, Instant until) {
}
