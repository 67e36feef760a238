package dev.intermission.admin;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/** A webhook receiver on the loopback address that refuses the first {@code failures} posts with 500. */
final class HookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger posts = new AtomicInteger();

    HookReceiver(int failures) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            int n = posts.incrementAndGet();
            exchange.sendResponseHeaders(n <= failures ? 500 : 204, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    int posts() {
        return posts.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
