package dev.intermission.benchmarks.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks one URL for its status code over a kept-alive HTTP/1.1 connection, as fast as it answers. */
public final class Poller {

    private final HttpClient client;
    private final HttpRequest request;

    /**
     * Creates a poller.
     *
     * @param url the URL to poll
     */
    public Poller(String url) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
    }

    /**
     * Sends one request.
     *
     * @return the status code
     * @throws IOException          when the request fails
     * @throws InterruptedException when interrupted
     */
    public int status() throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
