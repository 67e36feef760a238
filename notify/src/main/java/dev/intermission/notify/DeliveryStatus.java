package dev.intermission.notify;

/** Where the delivery of one notification to one webhook stands. */
public enum DeliveryStatus {
    /** Not delivered yet: waiting for its first attempt or for a retry. */
    PENDING,
    /** The receiver answered with a 2xx status. */
    DELIVERED,
    /** Every attempt failed; the delivery was given up. */
    FAILED
}
