package dev.intermission;

/** Thrown when a conditional change expected a version the state no longer has; nothing was written. */
public final class VersionConflictException extends MaintenanceException {

    private static final long serialVersionUID = 1L;

    private final long expectedVersion;
    private final long actualVersion;

    /**
     * Creates an exception.
     *
     * @param serviceName     the service
     * @param expectedVersion the version the change expected
     * @param actualVersion   the version the state has
     */
    public VersionConflictException(String serviceName, long expectedVersion, long actualVersion) {
        super("version conflict on service '" + serviceName + "': expected version " + expectedVersion
                + " but the state is at version " + actualVersion);
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    /** @return the version the change expected */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** @return the version the state has */
    public long actualVersion() {
        return actualVersion;
    }
}
