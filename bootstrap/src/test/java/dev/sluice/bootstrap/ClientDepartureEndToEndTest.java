package dev.sluice.bootstrap;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that leaves cancels its provider call at once, whether it was still waiting for the answer or
 * reading a stream, and the attempt is logged with status 499. The provider here is a raw socket that
 * reports when its connection from the gateway closes.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientDepartureEndToEndTest implements TestPropertyProvider {

    private ServerSocket provider;
    private final BlockingQueue<Long> closedAt = new LinkedBlockingQueue<>();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            provider = new ServerSocket(0);
            Thread acceptor = new Thread(this::accept, "test-provider");
            acceptor.setDaemon(true);
            acceptor.start();
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-departure").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "sluice.logs.flush-interval", "20ms",
                    "sluice.providers.custom-slow.base-url", "http://127.0.0.1:" + provider.getLocalPort() + "/");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "/hang" never answers; "/stream" sends a head and an event every 100 ms until the gateway hangs up. */
    private void accept() {
        while (!provider.isClosed()) {
            try {
                Socket connection = provider.accept();
                Thread handler = new Thread(() -> serve(connection), "test-provider-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            String head = readHead(in);
            OutputStream out = connection.getOutputStream();
            if (head.contains(" /stream ")) {
                out.write(("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 600; i++) {
                    byte[] event = ("data: {\"choices\":[{\"delta\":{\"content\":\"word " + i + "\"}}]}\n\n")
                            .getBytes(StandardCharsets.UTF_8);
                    out.write((Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(event);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(100);
                }
            } else {
                connection.setSoTimeout(60_000);
                while (in.read() >= 0) {
                    // Waits for the gateway to hang up.
                }
            }
        } catch (IOException | InterruptedException e) {
            // The gateway hung up: a write or read failed.
        }
        closedAt.add(System.nanoTime());
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @AfterAll
    void stop() throws IOException {
        provider.close();
    }

    /** Sends a request on a raw connection, reads {@code bytes} of the answer (0: none), then hangs up. */
    private long leaveAfter(String path, int bytes, long waitMillis) throws Exception {
        try (Socket client = new Socket("127.0.0.1", server.getPort())) {
            client.getOutputStream().write(("POST /v1/local/default/custom-slow/" + path + " HTTP/1.1\r\n"
                    + "host: localhost\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}")
                    .getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            client.getInputStream().readNBytes(bytes);
            Thread.sleep(waitMillis);
            return System.nanoTime();
        }
    }

    private String logs() throws Exception {
        HttpResponse<String> response = new SluiceClient(server.getURI()).admin("GET",
                "/client/v4/accounts/local/ai-gateway/gateways/default/logs?per_page=50", null);
        return response.body();
    }

    @Test
    void aClientThatLeavesBeforeTheAnswerCancelsTheProviderCallWithinASecond() throws Exception {
        closedAt.clear();
        long left = leaveAfter("hang", 0, 300);
        Long closed = closedAt.poll(5, TimeUnit.SECONDS);
        assertThat(closed).as("the provider's connection closed").isNotNull();
        assertThat(TimeUnit.NANOSECONDS.toMillis(closed - left)).isLessThan(1000);
        awaitLogged("\"path\":\"hang\"");
        assertThat(logs()).contains("\"status_code\":499");
    }

    @Test
    void aClientThatLeavesMidStreamCancelsTheProviderCallWithinASecond() throws Exception {
        closedAt.clear();
        long left = leaveAfter("stream", 400, 0);
        Long closed = closedAt.poll(5, TimeUnit.SECONDS);
        assertThat(closed).as("the provider's connection closed").isNotNull();
        assertThat(TimeUnit.NANOSECONDS.toMillis(closed - left)).isLessThan(1000);
        awaitLogged("\"path\":\"stream\"");
    }

    private void awaitLogged(String fragment) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!logs().contains(fragment) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(logs()).contains(fragment);
    }
}
