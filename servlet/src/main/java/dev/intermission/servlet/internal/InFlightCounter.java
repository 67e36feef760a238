package dev.intermission.servlet.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Counts requests let through that are still running, and separately those that may write: one up when a request
 * enters, one down exactly once when it ends, which for an asynchronous request is when its async cycle completes.
 */
public final class InFlightCounter {

    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();

    /**
     * Returns the number of requests still running.
     *
     * @return zero or more
     */
    public int current() {
        return count.get();
    }

    /**
     * Returns the number of requests still running that may write.
     *
     * @return zero or more, at most {@link #current()}
     */
    public int writes() {
        return writes.get();
    }

    /**
     * Counts a request in; call {@link #leave(HttpServletRequest, boolean)} once the chain returns, even when it
     * threw, or {@link #leaveNow(boolean)} when the request is refused.
     *
     * @param write whether the request may write
     */
    public void enter(boolean write) {
        // The total first (and last on the way out), so that writes never exceed it for a reader.
        count.incrementAndGet();
        if (write) {
            writes.incrementAndGet();
        }
    }

    /**
     * Counts a request out at once (one that was refused, or never reached the chain).
     *
     * @param write whether it was counted as one that may write
     */
    public void leaveNow(boolean write) {
        if (write) {
            writes.decrementAndGet();
        }
        count.decrementAndGet();
    }

    /**
     * Counts a request out now, or when its async cycle completes if it went asynchronous.
     *
     * @param request the request whose chain has just returned
     * @param write   whether it was counted as one that may write
     */
    public void leave(HttpServletRequest request, boolean write) {
        boolean async;
        try {
            async = request.isAsyncStarted();
        } catch (RuntimeException e) {
            async = false;
        }
        if (async) {
            Ticket ticket = new Ticket(write);
            try {
                request.getAsyncContext().addListener(ticket);
                return;
            } catch (RuntimeException e) {
                // The async cycle ended between the two calls: the request is over.
                ticket.release();
                return;
            }
        }
        leaveNow(write);
    }

    /** Releases its count once, on the completion of the async cycle (and follows the request into new cycles). */
    private final class Ticket implements AsyncListener {
        private final AtomicBoolean released = new AtomicBoolean();
        private final boolean write;

        Ticket(boolean write) {
            this.write = write;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                leaveNow(write);
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // onComplete follows once the container or the application completes the request.
        }

        @Override
        public void onError(AsyncEvent event) {
            // onComplete follows once the container or the application completes the request.
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // A new async cycle drops the listeners of the old one: follow the request into it.
            event.getAsyncContext().addListener(this);
        }
    }
}
