package dev.intermission.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.intermission.InvalidValueException;

/**
 * What a migration hook tells about the backup it took before migrating, for the window's report: where it is,
 * its size and checksum, whether it was verified. Give it to {@link Notifier#recordBackup}.
 *
 * <pre>{@code
 * notifier.recordBackup(context, Backup.newBuilder()
 *         .location("s3://backups/billing/" + context.windowId() + ".dump")
 *         .sizeBytes(dumpSize)
 *         .checksum("sha256:" + sha256)
 *         .verified(true)
 *         .build());
 * }</pre>
 */
public final class Backup {

    /** The longest text of any field. */
    public static final int MAX_TEXT_LENGTH = 500;

    private final String id;
    private final String location;
    private final Long sizeBytes;
    private final String checksum;
    private final Boolean verified;
    private final Instant takenAt;
    private final String note;

    private Backup(Builder b) {
        this.id = b.id;
        this.location = b.location;
        this.sizeBytes = b.sizeBytes;
        this.checksum = b.checksum;
        this.verified = b.verified;
        this.takenAt = b.takenAt;
        this.note = b.note;
    }

    /**
     * Starts building the facts of a backup; every field is optional.
     *
     * @return a new builder
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Returns the backup's own id (a snapshot id, a job id), or {@code null}.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * Returns where the backup is (a path, a URL, a bucket key), or {@code null}.
     *
     * @return the location
     */
    public String location() {
        return location;
    }

    /**
     * Returns its size in bytes, or {@code null} when unknown.
     *
     * @return the size
     */
    public Long sizeBytes() {
        return sizeBytes;
    }

    /**
     * Returns its checksum as written by the hook ({@code sha256:...}), or {@code null}.
     *
     * @return the checksum
     */
    public String checksum() {
        return checksum;
    }

    /**
     * Returns whether it was verified (restored to a scratch database, listed, checked), or {@code null} when
     * unknown.
     *
     * @return whether verified
     */
    public Boolean verified() {
        return verified;
    }

    /**
     * Returns when it was taken, or {@code null}.
     *
     * @return the instant
     */
    public Instant takenAt() {
        return takenAt;
    }

    /**
     * Returns a note for the report (how to restore it), or {@code null}.
     *
     * @return the note
     */
    public String note() {
        return note;
    }

    /**
     * Returns the facts that are set, by name ({@code id}, {@code location}, {@code sizeBytes}, {@code checksum},
     * {@code verified}, {@code takenAt}, {@code note}), as text, in that order.
     *
     * @return the facts
     */
    public Map<String, String> facts() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "id", id);
        put(m, "location", location);
        put(m, "sizeBytes", sizeBytes);
        put(m, "checksum", checksum);
        put(m, "verified", verified);
        put(m, "takenAt", takenAt);
        put(m, "note", note);
        return m;
    }

    private static void put(Map<String, String> m, String name, Object value) {
        if (value != null) {
            m.put(name, value.toString());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Backup b && facts().equals(b.facts());
    }

    @Override
    public int hashCode() {
        return Objects.hash(facts());
    }

    @Override
    public String toString() {
        return "Backup" + facts();
    }

    /** A mutable builder of one {@link Backup}; setters fail fast on bad values. */
    public static final class Builder {
        private String id;
        private String location;
        private Long sizeBytes;
        private String checksum;
        private Boolean verified;
        private Instant takenAt;
        private String note;

        private Builder() {
        }

        /**
         * Sets the backup's own id.
         *
         * @param id at most {@value Backup#MAX_TEXT_LENGTH} characters, no control characters; {@code null} for none
         * @return this builder
         * @throws InvalidValueException when too long or holding control characters
         */
        public Builder id(String id) {
            this.id = text("backup.id", id);
            return this;
        }

        /**
         * Sets where the backup is.
         *
         * @param location at most {@value Backup#MAX_TEXT_LENGTH} characters, no control characters; {@code null}
         *                 for none
         * @return this builder
         * @throws InvalidValueException when too long or holding control characters
         */
        public Builder location(String location) {
            this.location = text("backup.location", location);
            return this;
        }

        /**
         * Sets its size.
         *
         * @param sizeBytes zero or more bytes
         * @return this builder
         * @throws InvalidValueException when negative
         */
        public Builder sizeBytes(long sizeBytes) {
            if (sizeBytes < 0) {
                throw new InvalidValueException("backup.sizeBytes", Long.toString(sizeBytes), "must not be negative");
            }
            this.sizeBytes = sizeBytes;
            return this;
        }

        /**
         * Sets its checksum.
         *
         * @param checksum at most {@value Backup#MAX_TEXT_LENGTH} characters, no control characters; {@code null}
         *                 for none
         * @return this builder
         * @throws InvalidValueException when too long or holding control characters
         */
        public Builder checksum(String checksum) {
            this.checksum = text("backup.checksum", checksum);
            return this;
        }

        /**
         * Sets whether it was verified.
         *
         * @param verified whether verified
         * @return this builder
         */
        public Builder verified(boolean verified) {
            this.verified = verified;
            return this;
        }

        /**
         * Sets when it was taken.
         *
         * @param takenAt the instant, or {@code null}
         * @return this builder
         */
        public Builder takenAt(Instant takenAt) {
            this.takenAt = takenAt;
            return this;
        }

        /**
         * Sets a note for the report, such as how to restore it.
         *
         * @param note at most {@value Backup#MAX_TEXT_LENGTH} characters, no control characters; {@code null} for
         *             none
         * @return this builder
         * @throws InvalidValueException when too long or holding control characters
         */
        public Builder note(String note) {
            this.note = text("backup.note", note);
            return this;
        }

        /**
         * Builds the facts.
         *
         * @return the immutable facts
         */
        public Backup build() {
            return new Backup(this);
        }

        private static String text(String field, String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            if (value.length() > MAX_TEXT_LENGTH) {
                throw new InvalidValueException(field, null, "must be at most " + MAX_TEXT_LENGTH
                        + " characters (was " + value.length() + ")");
            }
            if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new InvalidValueException(field, null, "contains a control character");
            }
            return value.strip();
        }
    }
}
