package dev.intermission.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real webhook receiver for tests: the JDK's HTTP server on a free port, recording every request it gets and
 * answering as told per request (a status, a redirect, or hanging until released).
 */
final class Receiver implements AutoCloseable {

    /** What the receiver does with its n-th request (from 1). */
    record Answer(int status, String location, CountDownLatch hangUntil) {
        static Answer ok() {
            return new Answer(200, null, null);
        }

        static Answer status(int status) {
            return new Answer(status, null, null);
        }

        static Answer redirect(String location) {
            return new Answer(302, location, null);
        }

        static Answer hang(CountDownLatch until) {
            return new Answer(200, null, until);
        }
    }

    /** One request as received. */
    record Request(String path, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String eventId() {
            return header(Webhook.EVENT_ID_HEADER);
        }

        String type() {
            return header(Webhook.EVENT_TYPE_HEADER);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-receiver");
        t.setDaemon(true);
        return t;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile IntFunction<Answer> answers = n -> Answer.ok();
    private final AtomicInteger hanging = new AtomicInteger();

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Sets what the n-th request (counted from 1 over every path) gets. */
    Receiver answering(IntFunction<Answer> answers) {
        this.answers = answers;
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** How many requests are being held by a hanging answer right now. */
    int hanging() {
        return hanging.get();
    }

    /** Waits until the received requests satisfy a condition; fails the test after the timeout. */
    List<Request> await(Predicate<List<Request>> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Request> now = requests();
            if (condition.test(now)) {
                return now;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("the receiver did not get " + what + " in time; it got "
                + requests().stream().map(r -> r.type() + "@" + r.path()).toList());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
                    String.join(",", v)));
            requests.add(new Request(exchange.getRequestURI().getPath(), headers, body));
            Answer answer = answers.apply(count.incrementAndGet());
            if (answer.hangUntil() != null) {
                hanging.incrementAndGet();
                try {
                    answer.hangUntil().await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    hanging.decrementAndGet();
                }
            }
            if (answer.location() != null) {
                exchange.getResponseHeaders().add("Location", answer.location());
            }
            byte[] reply = ("status " + answer.status()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        } catch (IOException e) {
            // the client gave up (a timeout): nothing to answer
        }
    }

    /** Returns the event ids in the order first received. */
    List<String> eventIds(String path) {
        List<String> ids = new ArrayList<>();
        for (Request r : requests(path)) {
            if (!ids.contains(r.eventId())) {
                ids.add(r.eventId());
            }
        }
        return ids;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
