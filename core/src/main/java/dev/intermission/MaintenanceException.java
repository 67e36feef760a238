package dev.intermission;

/** Thrown when the maintenance state cannot be read or written, for example because the database is unreachable. */
public class MaintenanceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed
     * @param cause   the underlying failure, or {@code null}
     */
    public MaintenanceException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates an exception.
     *
     * @param message what failed
     */
    public MaintenanceException(String message) {
        super(message);
    }
}
