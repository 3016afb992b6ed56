import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * Many slow answers at once (issue 12, item 8). Two roles, run as a single-file program:
 *
 *   java bench/ConcurrentBurst.java upstream PORT DELAY_MS   a provider answering every POST after DELAY_MS,
 *                                                          one thread per request so it never queues
 *   java bench/ConcurrentBurst.java burst URL N              N requests at once, each on its own connection;
 *                                                          prints "n ok failed wall_s p50_s p99_s max_s"
 *
 * Loopback targets only.
 */
public class ConcurrentBurst {

    private static final byte[] ANSWER = ("{\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello after a while.\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}")
            .getBytes(StandardCharsets.UTF_8);
    private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    public static void main(String[] args) throws Exception {
        if (args[0].equals("upstream")) {
            upstream(Integer.parseInt(args[1]), Long.parseLong(args[2]));
        } else {
            burst(URI.create(args[1]), Integer.parseInt(args[2]));
        }
    }

    private static void upstream(int port, long delayMs) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4096);
        server.setExecutor(Executors.newFixedThreadPool(2000));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, ANSWER.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ANSWER);
            }
        });
        server.start();
    }

    private static void burst(URI target, int n) throws Exception {
        String host = target.getHost();
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            throw new IllegalArgumentException("loopback targets only");
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json").header("authorization", "Bearer bench")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
        long start = System.nanoTime();
        List<CompletableFuture<Double>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long sent = System.nanoTime();
            calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(response -> response.statusCode() == 200 ? (System.nanoTime() - sent) / 1e9 : -1.0)
                    .exceptionally(error -> -1.0));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        double wall = (System.nanoTime() - start) / 1e9;
        List<Double> ok = calls.stream().map(CompletableFuture::join).filter(t -> t >= 0).sorted().toList();
        double p50 = ok.isEmpty() ? Double.NaN : ok.get(ok.size() / 2);
        double p99 = ok.isEmpty() ? Double.NaN : ok.get(Math.min(ok.size() - 1, (int) (ok.size() * 0.99)));
        double max = ok.isEmpty() ? Double.NaN : ok.get(ok.size() - 1);
        System.out.printf("%d %d %d %.3f %.3f %.3f %.3f%n", n, ok.size(), n - ok.size(), wall, p50, p99, max);
    }
}
