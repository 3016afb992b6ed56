package dev.sluice.bootstrap;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How answers are framed on the wire for the HTTP version a client speaks, through the real server with raw
 * connections: an HTTP/1.0 client gets a stream unchunked and ended by the connection's close (RFC 9112 §6.1), an
 * HTTP/1.0 answer with a length keeps it (and is not made to close the connection), and an HTTP/1.1 stream stays
 * chunked.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpFramingEndToEndTest implements TestPropertyProvider {

    private static final String STREAM = "/v1/local/default/custom-stream/v1/chat/completions";
    private static final String BODY = "{\"stream\":true}";
    private static final String EVENTS = "data: {\"n\":0}\n\ndata: {\"n\":1}\n\ndata: [DONE]\n\n";

    private EventStreamUpstream stream;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            stream = new EventStreamUpstream().stream("/", events -> {
                events.send("data: {\"n\":0}\n\n");
                Thread.sleep(50);
                events.send("data: {\"n\":1}\n\n");
                events.send("data: [DONE]\n\n");
            });
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-http-framing").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "sluice.providers.custom-stream.base-url", stream.baseUrl());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        stream.close();
    }

    private String exchange(String request) throws IOException {
        try (RawConnection connection = new RawConnection(server.getURI())) {
            return connection.send(request).readUntilClosed();
        }
    }

    private static String post(String version, String extraHeaders) {
        return "POST " + STREAM + " " + version + "\r\n" + extraHeaders + "content-type: application/json\r\n"
                + "content-length: " + BODY.length() + "\r\n\r\n" + BODY;
    }

    private static String head(String answer) {
        return answer.substring(0, answer.indexOf("\r\n\r\n") + 2).toLowerCase();
    }

    private static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void aStreamToAnHttp10ClientIsSentUnchunkedAndEndedByClosingTheConnection() throws Exception {
        for (String keepAlive : new String[] {"", "connection: keep-alive\r\n"}) {
            String answer = exchange(post("HTTP/1.0", keepAlive));

            assertThat(answer).as(keepAlive).startsWith("HTTP/1.0 200").doesNotContain("<still open>");
            assertThat(head(answer)).doesNotContain("transfer-encoding").doesNotContain("content-length")
                    .contains("connection: close");
            assertThat(body(answer)).as("the events alone, without chunk sizes").isEqualTo(EVENTS);
        }
    }

    @Test
    void anHttp10KeepAliveAnswerWithALengthIsLeftAsItIs() throws Exception {
        try (RawConnection connection = new RawConnection(server.getURI())) {
            String answer = connection.send("GET /health HTTP/1.0\r\nconnection: keep-alive\r\n\r\n").readResponse();

            assertThat(answer).startsWith("HTTP/1.0 200").contains("\"status\":\"UP\"");
            assertThat(head(answer)).contains("content-length: ").doesNotContain("transfer-encoding")
                    .doesNotContain("connection: close");
        }
    }

    @Test
    void anHttp11StreamIsStillChunked() throws Exception {
        String answer = exchange(post("HTTP/1.1", "host: localhost\r\nconnection: close\r\n"));

        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(head(answer)).contains("transfer-encoding: chunked");
        assertThat(body(answer)).endsWith("0\r\n\r\n");
    }
}
