package dev.intermission.example.faults;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Steady client load on several instances: per instance, one thread that lists the orders (GET) and one that places
 * orders (POST), each a request every few milliseconds. Every answer is counted under the instance, the phase the
 * test had set when the request was sent, and what answered it:
 * <ul>
 *   <li>{@link Outcome#SERVED}: the application answered with a 2xx;</li>
 *   <li>{@link Outcome#APP_ERROR}: the application answered, with an error (its own 503 when its database is
 *       away, say): the request went past maintenance all the same;</li>
 *   <li>{@link Outcome#REFUSED}: maintenance (the filter or the start-up gate) answered 503 with
 *       {@code Intermission-Mode}: the application never saw it;</li>
 *   <li>{@link Outcome#NO_ANSWER}: no HTTP answer (connection failed or timed out).</li>
 * </ul>
 */
final class Load implements AutoCloseable {

    /** Who answered a request. */
    enum Outcome { SERVED, APP_ERROR, REFUSED, NO_ANSWER }

    private static final long PAUSE_MILLIS = 20;

    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final AtomicInteger orderNumber = new AtomicInteger();
    private final BiConsumer<Instance, Outcome> onApplication;
    private volatile String phase = "start";
    private volatile boolean running = true;

    private Load(BiConsumer<Instance, Outcome> onApplication) {
        this.onApplication = onApplication;
    }

    /** Starts the load on the instances; every answer of the application is also passed to {@code onApplication}. */
    static Load on(List<Instance> instances, BiConsumer<Instance, Outcome> onApplication) {
        Load load = new Load(onApplication);
        instances.forEach(load::add);
        return load;
    }

    /** Starts the load on the instances. */
    static Load on(List<Instance> instances) {
        return on(instances, (i, o) -> { });
    }

    /** Adds an instance (one started later). */
    void add(Instance instance) {
        for (String method : List.of("GET", "POST")) {
            Thread t = new Thread(() -> run(instance, method), "load-" + instance.name() + "-" + method);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Sets the phase that requests sent from now on are counted under. */
    void phase(String name) {
        phase = name;
    }

    private void run(Instance instance, String method) {
        while (running) {
            String sentIn = phase;
            Outcome outcome;
            try {
                HttpResponse<String> response = method.equals("GET")
                        ? instance.send("GET", "/api/orders", null, "Accept", "application/json")
                        : instance.send("POST", "/api/orders", "{\"item\":\"load " + orderNumber.incrementAndGet()
                                + "\",\"quantity\":1}", "Content-Type", "application/json",
                                "Accept", "application/json");
                outcome = classify(response);
            } catch (IOException e) {
                outcome = Outcome.NO_ANSWER;
            } catch (InterruptedException e) {
                return;
            }
            if (outcome == Outcome.SERVED || outcome == Outcome.APP_ERROR) {
                onApplication.accept(instance, outcome);
            }
            counts.computeIfAbsent(key(instance.name(), sentIn, method, outcome), k -> new LongAdder()).increment();
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static Outcome classify(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 503 && response.headers().firstValue("Intermission-Mode").isPresent()) {
            return Outcome.REFUSED;
        }
        return status >= 200 && status < 300 ? Outcome.SERVED : Outcome.APP_ERROR;
    }

    private static String key(String instance, String phase, String method, Outcome outcome) {
        return instance + "|" + phase + "|" + method + "|" + outcome;
    }

    /** Requests sent to one instance in one phase (both methods) that ended so. */
    long count(Instance instance, String phaseName, Outcome outcome) {
        return count(instance, phaseName, "GET", outcome) + count(instance, phaseName, "POST", outcome);
    }

    /** Requests of one method sent to one instance in one phase that ended so. */
    long count(Instance instance, String phaseName, String method, Outcome outcome) {
        LongAdder a = counts.get(key(instance.name(), phaseName, method, outcome));
        return a == null ? 0 : a.sum();
    }

    /** Every request sent to one instance in one phase. */
    long total(Instance instance, String phaseName) {
        long n = 0;
        for (Outcome o : Outcome.values()) {
            n += count(instance, phaseName, o);
        }
        return n;
    }

    /** Every count, for the failure message. */
    String summary() {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted.toString();
    }

    /** Prints every count under a scenario's name (to the test's output file): the figures of a passing run. */
    void report(String scenario) {
        System.out.println("[faults] " + scenario + ": " + summary());
    }

    /** Waits until each instance has at least {@code n} answers in the current phase. */
    void awaitRequests(List<Instance> instances, int n) throws InterruptedException {
        String current = phase;
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (Instance i : instances) {
            while (total(i, current) < n) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("too few requests on " + i + " in phase " + current + ": " + summary());
                }
                Thread.sleep(10);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            for (Thread t : threads) {
                t.join(35_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
