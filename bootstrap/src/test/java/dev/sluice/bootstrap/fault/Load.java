package dev.sluice.bootstrap.fault;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A small closed-loop load: a few threads, each sending one request after another until stopped, and
 * what the clients saw (status codes, failures to connect or read, when each 2xx arrived, cache statuses).
 */
final class Load implements AutoCloseable {

    /** What one request returned, when it finished (nanoTime), and its cf-aig-cache-status. */
    record Outcome(int status, String error, long finishedNanos, String cacheStatus) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    /**
     * Starts {@code threads} senders of {@code request.apply(n)} (n counts requests across threads) to
     * {@code base}, pausing {@code pause} between two requests of one thread.
     */
    Load(URI base, int threadCount, Duration pause, IntFunction<HttpRequest.Builder> request) {
        for (int t = 0; t < threadCount; t++) {
            Thread thread = new Thread(() -> {
                while (running) {
                    send(request.apply(sequence.getAndIncrement()));
                    sleep(pause);
                }
            }, "fault-load-" + t);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /** A POST of {@code json} to {@code path} on {@code base}, with its headers. */
    static HttpRequest.Builder post(URI base, String path, String json, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private void send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            outcomes.add(new Outcome(response.statusCode(), null, System.nanoTime(),
                    response.headers().firstValue("cf-aig-cache-status").orElse("")));
        } catch (Exception e) {
            outcomes.add(new Outcome(0, e.getClass().getSimpleName(), System.nanoTime(), ""));
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    long count(java.util.function.Predicate<Outcome> which) {
        return outcomes.stream().filter(which).count();
    }

    /** Status codes (and failures by exception name) with their counts. */
    Map<String, Long> summary() {
        Map<String, Long> summary = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            summary.merge(outcome.error() != null ? outcome.error() : String.valueOf(outcome.status()), 1L, Long::sum);
        }
        return summary;
    }

    /** Stops the senders and waits for the requests under way. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(15_000);
        }
    }
}
