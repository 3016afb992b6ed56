package dev.sluice.bootstrap;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.Delay;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * A WebSocket message is judged by the lengths its frames announce, before their payloads are read: one larger than
 * {@code sluice.server.max-parsed-body-size} in all its frames closes the socket with 1009, and one that would take the
 * request bodies and messages in flight past {@code sluice.server.request-body-budget} (which HTTP bodies share) with
 * 1013, while the others go on and are answered. A message keeps its share until its request is answered. Netty's
 * decoder held each frame's whole payload, and Micronaut each message's every fragment, before anything was checked:
 * eight 10 MB messages at once on the default gateway ran the server's direct memory out (the security probe). The
 * limits here are small (2 MiB of bodies, 1.5 MiB a message) so the test sends little.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketMessageBudgetEndToEndTest implements TestPropertyProvider {

    private static final String SOCKET = "/v1/local/default";
    private static final int LARGE = 1_200_000;

    private ClientAndServer slow;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            slow = ClientAndServer.startClientAndServer(0);
            slow.when(request()).respond(response().withStatusCode(200).withHeader("content-type", "application/json")
                    .withBody("{\"id\":\"slow\",\"object\":\"chat.completion\",\"choices\":[]}")
                    .withDelay(Delay.milliseconds(1500)));
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-websocket-budget").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "micronaut.server.max-request-size", "2097152",
                    "sluice.server.request-body-budget", "2097152",
                    "sluice.server.max-parsed-body-size", "1572864",
                    "sluice.server.parsed-body-budget", "1572864",
                    "sluice.providers.custom-slow.base-url", "http://127.0.0.1:" + slow.getPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        slow.stop();
    }

    /** A universal request of {@code size} bytes: a small step and a long field the gateway reads and ignores. */
    private static byte[] message(String eventId, String provider, int size) {
        String start = "{\"type\":\"universal.create\",\"request\":{\"eventId\":\"" + eventId + "\",\"provider\":\""
                + provider + "\",\"endpoint\":\"v1/chat/completions\",\"headers\":{\"Content-Type\":\"application/json\"},"
                + "\"query\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}},\"padding\":\"";
        String end = "\"}";
        return (start + "x".repeat(size - start.length() - end.length()) + end).getBytes(StandardCharsets.UTF_8);
    }

    private RawWebSocket socket() throws IOException {
        return new RawWebSocket(server.getPort(), SOCKET);
    }

    /**
     * A large message on a new socket is answered (tried again for a moment while a connection closed by the test still
     * holds its share on the server), and so is an HTTP request.
     */
    private void assertAnswered(String eventId, String provider) throws Exception {
        RawWebSocket.Frame answer = null;
        for (int attempt = 0; attempt < 20 && (answer == null || answer.opcode() != RawWebSocket.TEXT); attempt++) {
            if (answer != null) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            try (RawWebSocket socket = socket()) {
                answer = socket.head(true, RawWebSocket.TEXT, LARGE).payload(message(eventId, provider, LARGE)).read();
            }
        }
        assertThat(answer.text()).contains("\"type\":\"universal.created\"").contains("\"eventId\":\"" + eventId + "\"");
        SluiceClient client = new SluiceClient(server.getURI());
        assertThat(client.send(client.request("/health")).statusCode()).isEqualTo(200);
    }

    @Test
    void aMessageOverTheLimitInOneFrameOrInFragmentsIsClosedWith1009OnTheHeadThatPassesIt() throws Exception {
        try (RawWebSocket socket = socket()) {
            // Under the largest frame Netty reads (11 MiB), over the message limit: its payload is never sent.
            socket.head(true, RawWebSocket.TEXT, 1_600_000);
            assertThat(socket.read().closeCode()).isEqualTo(1009);
        }
        try (RawWebSocket socket = socket()) {
            byte[] first = new byte[1_000_000];
            Arrays.fill(first, (byte) ' ');
            socket.head(false, RawWebSocket.TEXT, first.length).payload(first)
                    .head(true, RawWebSocket.CONTINUATION, 1_000_000);
            assertThat(socket.read().closeCode()).isEqualTo(1009);
            assertThat(socket.closedByServer()).isTrue();
        }
        assertAnswered("after-too-big", "mock");
    }

    @Test
    void aMessageThatWouldPassTheBudgetIsClosedWith1013BeforeItsPayloadWhileTheOneInFlightGoesOn() throws Exception {
        byte[] message = message("held", "mock", LARGE);
        try (RawWebSocket held = socket(); RawWebSocket refused = socket()) {
            held.head(true, RawWebSocket.TEXT, message.length).payload(Arrays.copyOf(message, 1000));
            TimeUnit.MILLISECONDS.sleep(300);
            refused.head(true, RawWebSocket.TEXT, message.length);
            assertThat(refused.read().closeCode()).as("1013, Try Again Later").isEqualTo(1013);
            held.payload(Arrays.copyOfRange(message, 1000, message.length));
            assertThat(held.read().text()).contains("\"type\":\"universal.created\"").contains("\"eventId\":\"held\"");
            assertThat(refused.closedByServer()).isTrue();
        }
        assertAnswered("after-busy", "mock");
    }

    @Test
    void anHttpBodyInFlightAndAWebSocketMessageShareOneBudget() throws Exception {
        try (Socket http = new Socket("127.0.0.1", server.getPort())) {
            OutputStream out = http.getOutputStream();
            out.write(("POST /v1/local/default/mock/v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + LARGE + "\r\n\r\n{\"model\":\"m\",")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            TimeUnit.MILLISECONDS.sleep(300);
            try (RawWebSocket refused = socket()) {
                refused.head(true, RawWebSocket.TEXT, LARGE);
                assertThat(refused.read().closeCode()).isEqualTo(1013);
            }
        }
        assertAnswered("after-http", "mock");
    }

    @Test
    void aMessageKeepsItsShareUntilItsRequestIsAnswered() throws Exception {
        try (RawWebSocket waiting = socket(); RawWebSocket refused = socket()) {
            waiting.head(true, RawWebSocket.TEXT, LARGE).payload(message("waiting", "custom-slow", LARGE));
            TimeUnit.MILLISECONDS.sleep(500);
            refused.head(true, RawWebSocket.TEXT, LARGE);
            assertThat(refused.read().closeCode()).as("the first message's request is still unanswered").isEqualTo(1013);
            assertThat(waiting.read().text()).contains("\"type\":\"universal.created\"")
                    .contains("\"eventId\":\"waiting\"");
        }
        assertAnswered("after-answer", "custom-slow");
    }

    @Test
    void smallMessagesTakeNothingAndAreAnsweredWhileTheBudgetIsFull() throws Exception {
        byte[] message = message("held", "mock", LARGE);
        try (RawWebSocket held = socket(); RawWebSocket small = socket()) {
            held.head(true, RawWebSocket.TEXT, message.length).payload(Arrays.copyOf(message, 1000));
            TimeUnit.MILLISECONDS.sleep(300);
            small.text(new String(message("small", "mock", 60_000), StandardCharsets.UTF_8));
            assertThat(small.read().text()).contains("\"type\":\"universal.created\"").contains("\"eventId\":\"small\"");
            held.payload(Arrays.copyOfRange(message, 1000, message.length));
            assertThat(held.read().text()).contains("\"eventId\":\"held\"");
        }
    }
}
