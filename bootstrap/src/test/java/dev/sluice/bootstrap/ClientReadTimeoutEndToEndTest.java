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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow clients (slowloris) through the real server, with the timeouts shortened to 1 s for headers and
 * 2 s for a stalled body: a client that sends half its headers, drips them, sends nothing, or stalls a
 * body is cut within its timeout, with a 408 where it sent something; a body that keeps coming, a long
 * stream read slowly, and a keep-alive connection idle between requests are not cut by either.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientReadTimeoutEndToEndTest implements TestPropertyProvider {

    private static final String SINK = "/v1/local/default/custom-sink/v1/chat/completions";
    private static final String STREAM = "/v1/local/default/custom-stream/v1/chat/completions";
    private static final int EVENTS = 40;
    private static final int EVENT_SIZE = 64 * 1024;

    private BodySinkUpstream sink;
    private EventStreamUpstream stream;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            sink = new BodySinkUpstream();
            String payload = "data: " + "x".repeat(EVENT_SIZE) + "\n\n";
            stream = new EventStreamUpstream().stream("/", events -> {
                for (int i = 0; i < EVENTS; i++) {
                    events.send(payload);
                    Thread.sleep(100);
                }
                events.send("data: [DONE]\n\n");
            });
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-client-timeouts").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "sluice.server.header-timeout", "1s",
                    "sluice.server.body-stall-timeout", "2s",
                    "micronaut.server.idle-timeout", "6s",
                    "sluice.providers.custom-sink.base-url", sink.baseUrl(),
                    "sluice.providers.custom-stream.base-url", stream.baseUrl());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        sink.close();
        stream.close();
    }

    private RawConnection connect() throws IOException {
        return new RawConnection(server.getURI());
    }

    private static String request(String path, int contentLength) {
        return "POST " + path + " HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
                + "content-length: " + contentLength + "\r\n\r\n";
    }

    @Test
    void halfTheHeadersIsCutWithA408WithinTheHeaderTimeout() throws Exception {
        try (RawConnection connection = connect()) {
            String answer = connection.send("POST " + SINK + " HTTP/1.1\r\nhost: localhost\r\ncontent-ty")
                    .readUntilClosed();

            assertThat(connection.elapsedSeconds()).isBetween(0.9, 2.5);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":2120")
                    .contains("\"name\":\"AiGatewayError\"").doesNotContain("<still open>");
        }
    }

    /** The management API's slow head gets its 408 in the v4 envelope, as its other refusals come (it was the data plane's). */
    @Test
    void aManagementRequestsHalfHeadIsCutWithA408InTheV4Envelope() throws Exception {
        try (RawConnection connection = connect()) {
            String answer = connection.send("GET /client/v4/accounts/local/ai-gateway/gateways HTTP/1.1\r\nhost: loc")
                    .readUntilClosed();
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"errors\":[{\"code\":2120")
                    .doesNotContain("AiGatewayError");
        }
    }

    @Test
    void headersDrippedByteByByteAreCutAtTheSameTime() throws Exception {
        try (RawConnection connection = connect()) {
            connection.send("POST " + SINK + " HTTP/1.1\r\n");
            Thread dripper = new Thread(() -> {
                try {
                    for (int i = 0; i < 40; i++) {
                        connection.send("x");
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException e) {
                    // The server hung up: that is the point.
                }
            });
            dripper.start();
            String answer = connection.readUntilClosed();
            dripper.join();

            assertThat(connection.elapsedSeconds()).isBetween(0.9, 2.5);
            assertThat(answer).startsWith("HTTP/1.1 408");
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedWithoutAnAnswer() throws Exception {
        try (RawConnection connection = connect()) {
            String answer = connection.readUntilClosed();

            assertThat(connection.elapsedSeconds()).isBetween(0.9, 2.5);
            assertThat(answer).isEmpty();
        }
    }

    @Test
    void aStalledBodyIsCutWithA408WithinTheBodyTimeoutAndNothingIsSent() throws Exception {
        int before = sink.received().size();
        try (RawConnection connection = connect()) {
            String answer = connection.send(request(SINK, 1000) + "{\"model\":").readUntilClosed();

            assertThat(connection.elapsedSeconds()).isBetween(1.9, 3.5);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":2120");
        }
        assertThat(sink.received()).hasSize(before);
    }

    @Test
    void aStalledManagementBodyGetsTheV4Envelope() throws Exception {
        try (RawConnection connection = connect()) {
            String answer = connection.send("POST /client/v4/accounts/local/ai-gateway/gateways HTTP/1.1\r\n"
                    + "host: localhost\r\nauthorization: Bearer " + SluiceClient.ADMIN + "\r\n"
                    + "content-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\":").readUntilClosed();

            assertThat(connection.elapsedSeconds()).isBetween(1.9, 3.5);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"errors\":[{\"code\":2120");
        }
    }

    @Test
    void aStalledGenerateBodyGetsGeneratesOwnErrorShape() throws Exception {
        try (RawConnection connection = connect()) {
            String answer = connection.send(request("/generate", 100) + "{\"prompt\":").readUntilClosed();

            assertThat(connection.elapsedSeconds()).isBetween(1.9, 3.5);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("{\"error\":{\"code\":\"CLIENT_TIMEOUT\"")
                    .doesNotContain("AiGatewayError");
        }
    }

    @Test
    void aSlowBodyThatKeepsComingIsNotCut() throws Exception {
        String body = "{\"padding\":\"" + "p".repeat(1000) + "\"}";
        try (RawConnection connection = connect()) {
            connection.send(request(SINK, body.length()));
            for (int at = 0; at < body.length(); at += 200) {
                Thread.sleep(600);
                connection.send(body.substring(at, Math.min(body.length(), at + 200)));
            }
            String answer = connection.readResponse();

            assertThat(connection.elapsedSeconds()).isGreaterThan(3.0);
            assertThat(answer).startsWith("HTTP/1.1 200").endsWith("{\"received\":" + body.length() + "}");
        }
    }

    @Test
    void aLongStreamToAClientThatReadsSlowlyArrivesWhole() throws Exception {
        try (RawConnection connection = new RawConnection(server.getURI(), 4096)) {
            connection.send(request(STREAM, 2) + "{}");
            InputStream in = connection.input();
            StringBuilder received = new StringBuilder();
            byte[] buffer = new byte[4096];
            for (int n; !received.toString().endsWith("0\r\n\r\n") && (n = in.read(buffer)) >= 0; ) {
                received.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                Thread.sleep(5);
            }

            assertThat(connection.elapsedSeconds()).isGreaterThan(3.0);
            assertThat(received.toString()).startsWith("HTTP/1.1 200").contains("data: [DONE]\n\n");
            String body = received.substring(received.indexOf("\r\n\r\n"));
            assertThat(body.chars().filter(c -> c == 'x').count()).isEqualTo((long) EVENTS * EVENT_SIZE);
        }
    }

    @Test
    void anIdleKeepAliveConnectionOutlivesBothTimeoutsAndMeetsTheIdleTimeout() throws Exception {
        try (RawConnection connection = connect()) {
            assertThat(connection.send(request(SINK, 2) + "{}").readResponse()).startsWith("HTTP/1.1 200");
            Thread.sleep(3_000);
            assertThat(connection.send(request(SINK, 2) + "{}").readResponse()).startsWith("HTTP/1.1 200");
            double answered = connection.elapsedSeconds();

            assertThat(connection.readUntilClosed()).isEmpty();
            assertThat(connection.elapsedSeconds() - answered).isBetween(5.0, 8.0);
        }
    }
}
