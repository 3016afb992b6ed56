package dev.sluice.bootstrap;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The universal endpoint over a real WebSocket, with the JDK's client: authentication by header and by a
 * browser's subprotocol, whole and streamed answers with several requests in flight, and bad messages
 * answered on a socket that stays open. The in-process mock provider answers. (The JDK's client allows
 * one send at a time: each is awaited before the next.)
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UniversalWebSocketEndToEndTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    /** A provider whose whole stream comes in one read: it ends while its first events are still being written. */
    private ScriptedStreamUpstream quick;
    private SilentUpstream silent;

    @Override
    public Map<String, String> getProperties() {
        try {
            List<String> events = new ArrayList<>();
            events.add("data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                    + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
            for (int i = 0; i < 4; i++) {
                events.add("data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                        + "{\"content\":\"w" + i + "\"},\"finish_reason\":null}]}\n\n");
            }
            events.add("data: [DONE]\n\n");
            quick = new ScriptedStreamUpstream(events, true);
            silent = new SilentUpstream();
            return Map.of(
                    "sluice.providers.custom-quick.base-url", quick.baseUrl(),
                    "sluice.providers.custom-silent.base-url", silent.baseUrl(),
                    "sluice.data-dir", Files.createTempDirectory("sluice-websocket-e2e").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "sluice.gateways.locked.authentication", "true");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @org.junit.jupiter.api.AfterAll
    void stopUpstream() throws IOException {
        quick.close();
        silent.close();
    }

    private WebSocket connect(WebSocketInbox inbox, String gateway, String header, String subprotocol) throws Exception {
        URI uri = URI.create("ws://" + server.getHost() + ":" + server.getPort() + "/v1/local/" + gateway);
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (header != null) {
            builder.header("cf-aig-authorization", header);
        }
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        return builder.buildAsync(uri, inbox).get(10, TimeUnit.SECONDS);
    }

    private static String create(String eventId, String provider, boolean stream) {
        return "{\"type\":\"universal.create\",\"request\":{\"eventId\":\"" + eventId + "\",\"provider\":\"" + provider
                + "\",\"endpoint\":\"v1/chat/completions\",\"headers\":{\"Content-Type\":\"application/json\"},"
                + "\"query\":{\"model\":\"m\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}}";
    }

    /** Upgrades a plain socket to a WebSocket by hand, for frames no client library sends; returns its input. */
    private static java.io.DataInputStream upgraded(java.net.Socket socket) throws IOException {
        var in = new java.io.DataInputStream(socket.getInputStream());
        socket.getOutputStream().write(("GET /v1/local/default HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return in;
    }

    /** The status code of the next frame, which must be a close frame from the server (unmasked, with a code). */
    private static int closeCode(java.io.DataInputStream in) throws IOException {
        assertThat(in.readUnsignedByte()).as("FIN + close").isEqualTo(0x88);
        assertThat(in.readUnsignedByte()).as("unmasked, with at least a status code").isGreaterThanOrEqualTo(2);
        return in.readUnsignedShort();
    }

    private List<JsonNode> receive(WebSocketInbox inbox, int count) throws Exception {
        List<JsonNode> received = new ArrayList<>();
        while (received.size() < count) {
            String message = inbox.messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("message %d of %d", received.size() + 1, count).isNotNull();
            received.add(json.readValue(message, JsonNode.class));
        }
        return received;
    }

    @Test
    void aBrowsersSubprotocolTokenAuthenticatesAndWholeAndStreamedAnswersArriveTogether() throws Exception {
        WebSocketInbox inbox = new WebSocketInbox();
        WebSocket socket = connect(inbox, "locked", null, "cf-aig-authorization." + SluiceClient.ADMIN);
        assertThat(socket.getSubprotocol()).isEqualTo("cf-aig-authorization." + SluiceClient.ADMIN);
        socket.sendText(create("streamed", "mock", true), true).get(5, TimeUnit.SECONDS);
        socket.sendText(create("whole", "mock", false), true).get(5, TimeUnit.SECONDS);

        List<JsonNode> streamed = new ArrayList<>();
        JsonNode whole = null;
        while (streamed.isEmpty() || !streamed.get(streamed.size() - 1).get("type").getStringValue().equals("universal.done")
                || whole == null) {
            JsonNode message = receive(inbox, 1).get(0);
            String eventId = message.get("metadata").get("eventId").getStringValue();
            if (eventId.equals("whole")) {
                whole = message;
            } else {
                streamed.add(message);
            }
        }
        assertThat(whole.get("type").getStringValue()).isEqualTo("universal.created");
        assertThat(whole.get("metadata").get("step").getStringValue()).isEqualTo("0");
        assertThat(whole.get("metadata").get("cacheStatus").getStringValue()).isEqualTo("MISS");
        assertThat(whole.get("metadata").get("logId").getStringValue()).isNotBlank();
        assertThat(whole.get("response").get("choices").get(0).get("message").get("content").getStringValue())
                .contains("hi");

        assertThat(streamed.get(0).get("type").getStringValue()).isEqualTo("universal.created");
        assertThat(streamed.get(0).get("metadata").get("contentType").getStringValue()).startsWith("text/event-stream");
        assertThat(streamed.subList(1, streamed.size() - 1)).isNotEmpty()
                .allSatisfy(chunk -> assertThat(chunk.get("type").getStringValue()).isEqualTo("universal.stream"));
        StringBuilder text = new StringBuilder();
        streamed.subList(1, streamed.size() - 1).forEach(chunk -> {
            JsonNode delta = chunk.get("response").get("choices").size() > 0
                    ? chunk.get("response").get("choices").get(0).get("delta") : null;
            if (delta != null && delta.get("content") != null && delta.get("content").isString()) {
                text.append(delta.get("content").getStringValue());
            }
        });
        assertThat(text.toString()).contains("hi");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    /**
     * Found by a probe: a socket closed while its request still waited for the provider's first byte left the call going
     * until the upstream timeout (300 s), holding its connection (and a concurrency rule's slot), then logged 504.
     */
    @Test
    void aSocketThatClosesCancelsTheCallsItStillWaitsFor() throws Exception {
        WebSocketInbox inbox = new WebSocketInbox();
        WebSocket socket = connect(inbox, "default", null, null);
        socket.sendText(create("abandoned", "custom-silent", false), true).get(5, TimeUnit.SECONDS);
        silent.awaitHeld(1);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "leaving").get(5, TimeUnit.SECONDS);
        silent.awaitAllClosed();
        SluiceClient client = new SluiceClient(server.getURI());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String logs;
        do {
            Thread.sleep(50);
            logs = client.admin("GET", "/client/v4/accounts/local/ai-gateway/gateways/default/logs"
                    + "?filters.key=provider&filters.operator=eq&filters.value=custom-silent", null).body();
        } while (!logs.contains("\"status_code\":499") && System.nanoTime() < deadline);
        assertThat(logs).as("logged as the client's leaving").contains("\"status_code\":499");
    }

    /** Every event's message comes before {@code universal.done}, even when the stream ended as they were written. */
    @Test
    void universalDoneComesAfterEveryStreamMessage() throws Exception {
        WebSocketInbox inbox = new WebSocketInbox();
        WebSocket socket = connect(inbox, "default", null, null);
        for (int round = 0; round < 10; round++) {
            socket.sendText(create("quick-" + round, "custom-quick", true), true).get(5, TimeUnit.SECONDS);
            List<String> types = new ArrayList<>();
            while (types.size() < 7 && !types.contains("universal.done")) {
                types.add(receive(inbox, 1).get(0).get("type").getStringValue());
            }
            Thread.sleep(100);
            while (!inbox.messages.isEmpty()) {
                types.add(receive(inbox, 1).get(0).get("type").getStringValue());
            }
            assertThat(types).as("round " + round).containsExactly("universal.created", "universal.stream",
                    "universal.stream", "universal.stream", "universal.stream", "universal.stream", "universal.done");
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    /**
     * A socket whose upgrade does not open its gateway is told why (2009 without a valid token, 2001 for a gateway that
     * does not exist) and closed with 1008 (Policy Violation); what it sent is never read. Such sockets stayed open, and
     * every message on them was read as JSON (up to 11 MiB each) before being refused, so anyone could make Sluice parse
     * without end, past its heap, on a gateway they had no token for.
     */
    @Test
    void theHeaderFormAuthenticatesAndASocketThatDoesNotOpenItsGatewayIsToldWhyAndClosed() throws Exception {
        WebSocketInbox withHeader = new WebSocketInbox();
        WebSocket authenticated = connect(withHeader, "locked", "Bearer " + SluiceClient.ADMIN, null);
        authenticated.sendText(create("ok", "mock", false), true).get(5, TimeUnit.SECONDS);
        assertThat(receive(withHeader, 1).get(0).get("type").getStringValue()).isEqualTo("universal.created");

        assertRefused("locked", null, null, 2009);
        assertRefused("locked", "Bearer wrong", null, 2009);
        assertRefused("locked", null, "cf-aig-authorization.wrong", 2009);
        assertRefused("nowhere", null, null, 2001);
    }

    private void assertRefused(String gateway, String header, String subprotocol, int code) throws Exception {
        WebSocketInbox inbox = new WebSocketInbox();
        WebSocket socket = connect(inbox, gateway, header, subprotocol);
        socket.sendText(create("unread", "mock", false), true);
        JsonNode refusal = receive(inbox, 1).get(0);
        assertThat(refusal.get("type").getStringValue()).isEqualTo("universal.error");
        assertThat(refusal.get("error").get(0).get("code").getIntValue()).as(gateway).isEqualTo(code);
        assertThat(inbox.closed.get(10, TimeUnit.SECONDS)).as("1008, Policy Violation").isEqualTo(1008);
        assertThat(inbox.messages).as("the message sent is never answered").isEmpty();
    }

    @Test
    void badMessagesAreAnsweredWithAnErrorAndTheSocketStaysOpen() throws Exception {
        WebSocketInbox inbox = new WebSocketInbox();
        WebSocket socket = connect(inbox, "default", null, null);
        socket.sendText("not json", true).get(5, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"universal.delete\"}", true).get(5, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"universal.create\",\"request\":{\"eventId\":\"e\",\"provider\":\"nope\","
                + "\"endpoint\":\"x\",\"query\":{}}}", true).get(5, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"universal.create\",\"request\":{\"eventId\":\"q\",\"provider\":\"mock\","
                + "\"endpoint\":\"x\",\"query\":\"text\"}}", true).get(5, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"universal.create\",\"request\":{\"eventId\":7,\"provider\":\"mock\","
                + "\"endpoint\":\"x\",\"query\":{}}}", true).get(5, TimeUnit.SECONDS);
        List<JsonNode> errors = receive(inbox, 5);
        assertThat(errors).allSatisfy(error -> assertThat(error.get("type").getStringValue()).isEqualTo("universal.error"));
        assertThat(errors.stream().map(error -> error.get("error").get(0).get("message").getStringValue()).toList())
                .anySatisfy(message -> assertThat(message).contains("unknown provider"))
                .anySatisfy(message -> assertThat(message).contains("steps[0].query"))
                .anySatisfy(message -> assertThat(message).contains("request.eventId: must be a string"));
        socket.sendText(create("after", "mock", false), true).get(5, TimeUnit.SECONDS);
        assertThat(receive(inbox, 1).get(0).get("type").getStringValue()).isEqualTo("universal.created");
        assertThat(socket.isInputClosed()).isFalse();
    }

    @Test
    void aLongPromptFitsInOneMessageAndAMessageOverTheLimitClosesTheSocketAsTooBig() throws Exception {
        WebSocketInbox inbox = new WebSocketInbox();
        WebSocket socket = connect(inbox, "default", null, null);
        String prompt = "x".repeat(100_000);
        socket.sendText(create("long", "mock", false).replace("\"content\":\"hi\"", "\"content\":\"" + prompt + "\""),
                true).get(5, TimeUnit.SECONDS);
        assertThat(receive(inbox, 1).get(0).get("type").getStringValue()).isEqualTo("universal.created");

        WebSocketInbox tooBig = new WebSocketInbox();
        WebSocket big = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://" + server.getHost()
                + ":" + server.getPort() + "/v1/local/default"), tooBig).get(5, TimeUnit.SECONDS);
        // The JDK's client sends it in fragments: it is their sum that is held to the limit.
        big.sendText("x".repeat(12 * 1024 * 1024), true);
        assertThat(tooBig.closed.get(10, TimeUnit.SECONDS)).as("1009, Message Too Big").isEqualTo(1009);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);

        try (java.net.Socket raw = new java.net.Socket(server.getHost(), server.getPort())) {
            raw.setSoTimeout(5000);
            var out = raw.getOutputStream();
            var in = upgraded(raw);
            // One whole text frame announcing 12 MiB: refused on its header, before its payload.
            out.write(new byte[] {(byte) 0x81, (byte) 0xFF, 0, 0, 0, 0, 0, (byte) 0xC0, 0, 0, 1, 2, 3, 4});
            out.flush();
            assertThat(closeCode(in)).as("1009, Message Too Big").isEqualTo(1009);
        }
    }

    @Test
    void aTextFrameThatIsNotUtf8ClosesTheSocketWith1007() throws Exception {
        try (java.net.Socket raw = new java.net.Socket(server.getHost(), server.getPort())) {
            raw.setSoTimeout(5000);
            var out = raw.getOutputStream();
            var in = upgraded(raw);
            byte[] payload = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xFF, '"', '}'};
            byte[] mask = {1, 2, 3, 4};
            byte[] frame = new byte[2 + 4 + payload.length];
            frame[0] = (byte) 0x81; // FIN + text
            frame[1] = (byte) (0x80 | payload.length);
            System.arraycopy(mask, 0, frame, 2, 4);
            for (int i = 0; i < payload.length; i++) {
                frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
            }
            out.write(frame);
            out.flush();
            assertThat(closeCode(in)).as("1007, Invalid frame payload data, not a universal.error").isEqualTo(1007);
        }
    }

    /**
     * Browsers and the {@code ws} package offer permessage-deflate. Micronaut accepted it, and then every compressed
     * text frame was closed with 1007 (the UTF-8 check saw compressed bytes), and Netty's inflater has no bound. The
     * offer is declined, so such a client sends plain frames and is answered.
     */
    @Test
    void anOfferOfCompressionIsDeclinedAndThePlainFramesThatFollowAreAnswered() throws Exception {
        try (java.net.Socket raw = new java.net.Socket(server.getHost(), server.getPort())) {
            raw.setSoTimeout(5000);
            var out = raw.getOutputStream();
            var in = new java.io.DataInputStream(raw.getInputStream());
            out.write(("GET /v1/local/default HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("sec-websocket-extensions");

            byte[] payload = create("plain", "mock", false).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] mask = {5, 6, 7, 8};
            java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
            frame.write(0x81); // FIN + text, no RSV1: not compressed
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
            frame.write(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i % 4]);
            }
            out.write(frame.toByteArray());
            out.flush();
            assertThat(in.readUnsignedByte()).as("FIN + text, not compressed").isEqualTo(0x81);
            int length = in.readUnsignedByte();
            length = length == 126 ? in.readUnsignedShort() : length;
            byte[] answer = in.readNBytes(length);
            JsonNode created = json.readValue(answer, JsonNode.class);
            assertThat(created.get("type").getStringValue()).isEqualTo("universal.created");
            assertThat(created.get("metadata").get("eventId").getStringValue()).isEqualTo("plain");
        }
    }

    @Test
    void anUpgradeWithABadGatewayHeaderHasEachRequestRefusedNamingItOnASocketThatStaysOpen() throws Exception {
        WebSocketInbox inbox = new WebSocketInbox();
        URI uri = URI.create("ws://" + server.getHost() + ":" + server.getPort() + "/v1/local/default");
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .header("cf-aig-cache-ttl", "60").header("cf-aig-cache-ttl", "0")
                .buildAsync(uri, inbox).get(5, TimeUnit.SECONDS);
        socket.sendText(create("twice", "mock", false), true).get(5, TimeUnit.SECONDS);

        JsonNode error = receive(inbox, 1).get(0);
        assertThat(error.get("type").getStringValue()).isEqualTo("universal.error");
        assertThat(error.get("metadata").get("eventId").getStringValue()).isEqualTo("twice");
        assertThat(error.get("error").get(0).get("code").getIntValue()).isEqualTo(2100);
        assertThat(error.get("error").get(0).get("message").getStringValue()).contains("cf-aig-cache-ttl");
        assertThat(socket.isInputClosed()).isFalse();
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    /**
     * A close frame without a status code (RFC 6455 allows it; the {@code ws} package's {@code close()} sends one) is
     * answered with 1000. Micronaut echoed the missing code as 65535, which clients refuse as an invalid frame. The
     * JDK's client always sends a code, so this test speaks the protocol over a plain socket.
     */
    @Test
    void aCloseWithoutAStatusCodeIsAnsweredWithANormalClosure() throws Exception {
        try (java.net.Socket socket = new java.net.Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(5000);
            var out = socket.getOutputStream();
            var in = upgraded(socket);
            out.write(new byte[] {(byte) 0x88, (byte) 0x80, 1, 2, 3, 4}); // FIN + close, masked, no payload
            out.flush();
            assertThat(in.readUnsignedByte()).as("FIN + close").isEqualTo(0x88);
            int length = in.readUnsignedByte();
            assertThat(length).as("a status code and no reason").isEqualTo(2);
            assertThat(in.readUnsignedShort()).isEqualTo(1000);
        }
    }

    /** Micronaut held such an upgrade open without an answer (and logged a stack trace); without Upgrade it is a 400. */
    @Test
    void anUpgradeWhoseUrlHasAMalformedEscapeIsA400AndTheConnectionCloses() throws Exception {
        for (String[] request : new String[][] {{"/v1/local/default?x=%zz", "AiGatewayError"},
                {"/client/v4/accounts/local/ai-gateway/gateways?x=%zz", "\"success\":false"}}) {
            try (RawConnection connection = new RawConnection(server.getURI())) {
                String answer = connection.send("GET " + request[0] + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                        .readUntilClosed();
                assertThat(answer).as(request[0]).startsWith("HTTP/1.1 400").contains(request[1]).contains("2101")
                        .doesNotContain("<still open>");
            }
        }
    }
}
