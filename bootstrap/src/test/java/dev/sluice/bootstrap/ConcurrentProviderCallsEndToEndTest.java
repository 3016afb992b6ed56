package dev.sluice.bootstrap;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many slow answers at once: 500 concurrent calls to one provider all reach it at the same time. The
 * provider here holds every request until all 500 are in flight (20 s at most, then it answers 503), so
 * a connection pool that let fewer through at once fails the test instead of only slowing it. How long
 * such a burst takes is measured by {@code bench/concurrent.sh}, not here.
 */
class ConcurrentProviderCallsEndToEndTest {

    private static final int CALLS = 500;

    @TempDir
    Path dataDir;
    private HttpServer upstream;
    private ExecutorService upstreamThreads;
    private EmbeddedServer server;
    private final CountDownLatch allInFlight = new CountDownLatch(CALLS);

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), CALLS * 2);
        upstreamThreads = Executors.newFixedThreadPool(CALLS + 50);
        upstream.setExecutor(upstreamThreads);
        upstream.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            allInFlight.countDown();
            boolean together;
            try {
                together = allInFlight.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                together = false;
            }
            byte[] body = "{\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(together ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        upstream.start();
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "sluice.data-dir", dataDir.toString(),
                "sluice.admin-token", SluiceClient.ADMIN,
                "sluice.providers.custom-wide.base-url", "http://127.0.0.1:" + upstream.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        server.getApplicationContext().close();
        upstream.stop(0);
        upstreamThreads.shutdownNow();
    }

    @Test
    void fiveHundredConcurrentCallsAllReachTheProviderAtOnceAndComplete() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort()
                        + "/v1/local/default/custom-wide/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[]}")).build();
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .thenApply(HttpResponse::statusCode).exceptionally(error -> -1));
        }
        List<Integer> statuses = calls.stream().map(CompletableFuture::join).toList();
        assertThat(allInFlight.getCount()).as("calls that never reached the provider together").isZero();
        assertThat(statuses).hasSize(CALLS).containsOnly(200);
    }
}
