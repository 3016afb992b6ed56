package dev.sluice.bootstrap;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A raw HTTP upstream for end-to-end tests, where timing is the point: each path answers with the
 * server-sent events its script writes, every event flushed the moment it is written.
 */
final class EventStreamUpstream implements AutoCloseable {

    /** What a path answers: events written in order, with whatever waiting the test needs between them. */
    @FunctionalInterface
    interface Script {
        void play(Events events) throws IOException, InterruptedException;
    }

    /** The open response of one request. */
    static final class Events {
        private final OutputStream out;

        private Events(OutputStream out) {
            this.out = out;
        }

        void send(String event) throws IOException {
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private final HttpServer server;

    EventStreamUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.start();
    }

    EventStreamUpstream stream(String path, Script script) {
        return handle(path, exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("content-type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                script.play(new Events(out));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    EventStreamUpstream handle(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
