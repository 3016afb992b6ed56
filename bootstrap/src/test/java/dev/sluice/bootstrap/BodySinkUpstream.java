package dev.sluice.bootstrap;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A provider that reads each request body as it streams in and answers with its length and SHA-256,
 * so a test can tell a body of many megabytes arrived whole without keeping it. It records what arrived.
 */
final class BodySinkUpstream implements AutoCloseable {

    record Received(String method, String path, String query, long length, String sha256, List<String> headerLines) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    BodySinkUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            long length = 0;
            MessageDigest sha = sha256();
            try (InputStream in = exchange.getRequestBody()) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    sha.update(buffer, 0, n);
                    length += n;
                }
            }
            String digest = HexFormat.of().formatHex(sha.digest());
            List<String> lines = exchange.getRequestHeaders().entrySet().stream()
                    .flatMap(e -> e.getValue().stream().map(v -> e.getKey().toLowerCase() + ": " + v)).toList();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), length,
                    digest, lines));
            byte[] answer = ("{\"received\":" + length + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
