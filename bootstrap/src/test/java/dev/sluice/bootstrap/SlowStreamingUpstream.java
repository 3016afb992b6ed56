package dev.sluice.bootstrap;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An upstream that sends one server-sent event, then waits until the test says its client has that
 * event before sending the rest. Through a gateway that buffers, the client would never see the first
 * event in time, and {@link #releasedByClient()} would be false.
 */
final class SlowStreamingUpstream implements AutoCloseable {

    static final String FIRST = "data: {\"choices\":[{\"delta\":{\"content\":\"first\"}}]}\n\n";
    static final String REST = "data: {\"choices\":[{\"delta\":{\"content\":\"second\"}}]}\n\ndata: [DONE]\n\n";

    private final HttpServer server;
    private final CountDownLatch clientHasFirst = new CountDownLatch(1);
    private volatile boolean releasedByClient;

    SlowStreamingUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("content-type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(FIRST.getBytes(StandardCharsets.UTF_8));
                out.flush();
                releasedByClient = clientHasFirst.await(10, TimeUnit.SECONDS);
                out.write(REST.getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    void clientReceivedFirstEvent() {
        clientHasFirst.countDown();
    }

    boolean releasedByClient() {
        return releasedByClient;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
