package dev.sluice.bootstrap;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cf-aig-*} header values are UTF-8: bytes that are not are a 400 naming the header before anything
 * is sent upstream, and valid ones (accents, emoji) are stored and returned as sent, where Netty's
 * one-char-per-byte reading used to keep them as mojibake. Raw sockets, since java.net.http refuses such bytes.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeaderEncodingEndToEndTest implements TestPropertyProvider {

    private static final String LOGS = "/client/v4/accounts/local/ai-gateway/gateways/default/logs";
    private static final String SINK = "/v1/local/default/custom-sink/v1/chat/completions";

    private BodySinkUpstream sink;

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        try {
            sink = new BodySinkUpstream();
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-header-encoding").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "sluice.logs.flush-interval", "20ms",
                    "sluice.providers.custom-sink.base-url", sink.baseUrl());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        sink.close();
    }

    /** A request whose header block is given as bytes, so that a test can put any byte in it. */
    private String post(String path, byte[]... headerLines) throws IOException {
        return post(path.getBytes(StandardCharsets.US_ASCII), headerLines);
    }

    /** A request whose path, too, is given as bytes. */
    private String post(byte[] path, byte[]... headerLines) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes("POST ".getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(path);
        request.writeBytes((" HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
                + "content-length: 2\r\nconnection: close\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] line : headerLines) {
            request.writeBytes(line);
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        request.writeBytes("\r\n{}".getBytes(StandardCharsets.US_ASCII));
        try (RawConnection connection = new RawConnection(server.getURI())) {
            return connection.send(request.toByteArray()).readResponse();
        }
    }

    private static byte[] latin1(String line) {
        return line.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void metadataThatIsNotUtf8Is400NamingTheHeaderAndNothingIsSent() throws Exception {
        int before = sink.received().size();
        String response = post(SINK, latin1("cf-aig-metadata: {\"user\":\"Zoë\"}"));

        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).contains("\"code\":2100").contains("cf-aig-metadata is not valid UTF-8")
                .contains("\"name\":\"AiGatewayError\"").contains("cf-aig-log-id: ");
        assertThat(sink.received()).hasSize(before);
    }

    @Test
    void everyGatewayHeaderIsHeldToUtf8() throws Exception {
        for (String header : new String[] {"cf-aig-cache-key", "CF-AIG-Custom-Thing", "cf-aig-authorization"}) {
            String response = post(SINK, latin1(header + ": caf\u00e9\u00ff"));
            assertThat(response).as(header).startsWith("HTTP/1.1 400")
                    .contains(header.toLowerCase() + " is not valid UTF-8");
        }
        // A lone continuation byte and a cut-short sequence are malformed too, whatever the rest.
        byte[] cut = {'c', 'f', '-', 'a', 'i', 'g', '-', 'c', 'a', 'c', 'h', 'e', '-', 'k', 'e', 'y', ':', ' ',
                'a', (byte) 0xE2, (byte) 0x82};
        assertThat(post(SINK, cut)).startsWith("HTTP/1.1 400").contains("cf-aig-cache-key is not valid UTF-8");
    }

    @Test
    void aGatewayHeaderGivenTwiceWithDifferentValuesIs400AndNothingIsSent() throws Exception {
        int before = sink.received().size();
        String response = post(SINK, latin1("cf-aig-cache-ttl: 60"), latin1("CF-AIG-Cache-TTL: abc"));

        assertThat(response).startsWith("HTTP/1.1 400").contains("\"code\":2100")
                .contains("cf-aig-cache-ttl is given more than once with different values");
        assertThat(sink.received()).hasSize(before);
        assertThat(post(SINK, latin1("cf-aig-max-attempts: 2"), latin1("cf-aig-max-attempts: 2")))
                .as("the same value twice says one thing").startsWith("HTTP/1.1 200");
        for (String[] alias : new String[][] {{"cf-skip-cache: true", "cf-skip-cache: false"},
                {"cf-cache-ttl: 60", "CF-Cache-TTL: -1"}}) {
            assertThat(post(SINK, latin1(alias[0]), latin1(alias[1]))).as("the deprecated aliases too: " + alias[0])
                    .startsWith("HTTP/1.1 400").contains("is given more than once with different values");
        }
        assertThat(sink.received()).hasSize(before + 1);
    }

    @Test
    void otherHeadersStillGoToTheProviderByteForByte() throws Exception {
        String response = post(SINK, latin1("x-legacy-label: caf\u00e9"));

        assertThat(response).startsWith("HTTP/1.1 200");
        assertThat(sink.received().get(sink.received().size() - 1).headerLines()).contains("x-legacy-label: caf\u00e9");
    }

    @Test
    void rawUtf8BytesInThePathAndQueryReachTheProviderAsTheSameBytesPercentEncoded() throws Exception {
        String response = post("/v1/local/default/custom-sink/v1/caf\u00e9/\u5317?q=\u00e9t\u00e9&x=%C3%A9"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(response).startsWith("HTTP/1.1 200");
        BodySinkUpstream.Received received = sink.received().get(sink.received().size() - 1);
        assertThat(received.path()).isEqualTo("/v1/caf%C3%A9/%E5%8C%97");
        assertThat(received.query()).isEqualTo("q=%C3%A9t%C3%A9&x=%C3%A9");
    }

    @Test
    void utf8MetadataIsStoredAndReturnedAsSent() throws Exception {
        String metadata = "{\"user\":\"Zoë 🚀\",\"team\":\"façade-北京\"}";
        byte[] line = ("cf-aig-metadata: " + metadata).getBytes(StandardCharsets.UTF_8);
        String response = post(SINK, line, latin1("cf-aig-event-id: utf8-metadata"));
        assertThat(response).startsWith("HTTP/1.1 200");

        JsonNode entry = awaitEntry("utf8-metadata");
        JsonNode stored = json.readValue(entry.get("metadata").getStringValue(), JsonNode.class);
        assertThat(stored.get("user").getStringValue()).isEqualTo("Zoë 🚀");
        assertThat(stored.get("team").getStringValue()).isEqualTo("façade-北京");
    }

    private JsonNode awaitEntry(String eventId) throws Exception {
        SluiceClient client = new SluiceClient(server.getURI());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> list = client.admin("GET", LOGS, null);
            for (JsonNode entry : json.readValue(list.body(), JsonNode.class).get("result").values()) {
                if (entry.get("event_id") != null && eventId.equals(entry.get("event_id").getStringValue())) {
                    return entry;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no log entry with event id " + eventId);
    }
}
