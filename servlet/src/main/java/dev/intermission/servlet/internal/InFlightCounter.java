package dev.intermission.servlet.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Counts requests let through that are still running: one up when a request enters, one down exactly once when
 * it ends, which for an asynchronous request is when its async cycle completes.
 */
public final class InFlightCounter {

    private final AtomicInteger count = new AtomicInteger();

    /**
     * Returns the number of requests still running.
     *
     * @return zero or more
     */
    public int current() {
        return count.get();
    }

    /**
     * Counts a request in; call {@link #leave(HttpServletRequest)} once the chain returns, even when it threw.
     */
    public void enter() {
        count.incrementAndGet();
    }

    /**
     * Counts a request out now, or when its async cycle completes if it went asynchronous.
     *
     * @param request the request whose chain has just returned
     */
    public void leave(HttpServletRequest request) {
        boolean async;
        try {
            async = request.isAsyncStarted();
        } catch (RuntimeException e) {
            async = false;
        }
        if (async) {
            Ticket ticket = new Ticket();
            try {
                request.getAsyncContext().addListener(ticket);
                return;
            } catch (RuntimeException e) {
                // The async cycle ended between the two calls: the request is over.
                ticket.release();
                return;
            }
        }
        count.decrementAndGet();
    }

    /** Releases its count once, on the completion of the async cycle (and follows the request into new cycles). */
    private final class Ticket implements AsyncListener {
        private final AtomicBoolean released = new AtomicBoolean();

        void release() {
            if (released.compareAndSet(false, true)) {
                count.decrementAndGet();
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
