package dev.intermission.cli.internal;

import java.io.Serial;

/**
 * A failure the CLI explains itself: one line for the operator (what went wrong, where, and what to do), reported
 * with exit status 1; the cause, if any, is shown only with {@code --verbose}.
 */
public final class CliFailure extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates a failure.
     *
     * @param message the one line shown
     * @param cause   the underlying error, or {@code null}
     */
    public CliFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates a failure without a cause.
     *
     * @param message the one line shown
     */
    public CliFailure(String message) {
        super(message);
    }
}
