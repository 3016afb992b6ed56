package dev.sluice.bootstrap;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's version and Host as RFC 9112 asks, through the real server with raw connections: an HTTP/1.1 request
 * without a Host, or any with two or a malformed one, is refused with 400 in its surface's error body; a major version
 * other than 1 with 400 (2121); a higher HTTP/1 minor version is answered as HTTP/1.1.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestHeadEndToEndTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-request-head").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The whole answer to a request the server closes the connection after. */
    private String refused(String request) throws IOException {
        try (RawConnection connection = new RawConnection(server.getURI())) {
            String answer = connection.send(request).readUntilClosed();
            assertThat(answer).as(request).doesNotContain("<still open>");
            return answer;
        }
    }

    private String answered(String request) throws IOException {
        try (RawConnection connection = new RawConnection(server.getURI())) {
            return connection.send(request).readResponse();
        }
    }

    @Test
    void anHttp11RequestWithoutAHostIsRefusedWith400InItsSurfacesErrorBody() throws Exception {
        assertThat(refused("GET /v1/local/default/mock/v1/models HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400")
                .contains("\"name\":\"AiGatewayError\"").contains("\"code\":2100").contains("Host header");
        assertThat(refused("GET /client/v4/accounts/local/ai-gateway/gateways HTTP/1.1\r\n\r\n"))
                .startsWith("HTTP/1.1 400").contains("\"errors\":[{\"code\":2100");
        assertThat(refused("POST /generate HTTP/1.1\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}"))
                .startsWith("HTTP/1.1 400").contains("{\"error\":{\"code\":\"INVALID_HEADER\"");
        assertThat(refused("GET /health HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400").contains("connection: close");
    }

    /**
     * Found by a probe: a header line without a colon, or a control character in a header, is a malformed header
     * (2100), which was answered as a malformed body (2101, "Invalid request: Bad Request").
     */
    @Test
    void aMalformedHeaderLineIsRefusedAsAHeaderInItsSurfacesErrorBody() throws Exception {
        String body = "content-length: 2\r\n\r\n{}";
        assertThat(refused("POST /v1/local/default/mock/v1/chat/completions HTTP/1.1\r\nhost: x\r\nbadheader\r\n" + body))
                .startsWith("HTTP/1.1 400").contains("\"name\":\"AiGatewayError\"").contains("\"code\":2100")
                .contains("malformed");
        assertThat(refused("POST /v1/local/default/mock/v1/chat/completions HTTP/1.1\r\nhost: x\r\ncf-aig-event-id: a\u0001b\r\n"
                + body)).startsWith("HTTP/1.1 400").contains("\"code\":2100");
        assertThat(refused("POST /client/v4/accounts/local/ai-gateway/gateways HTTP/1.1\r\nhost: x\r\nbadheader\r\n" + body))
                .startsWith("HTTP/1.1 400").contains("\"errors\":[{\"code\":2100");
    }

    @Test
    void twoHostsOrAMalformedOneAreRefusedWith400InAnyVersion() throws Exception {
        for (String version : new String[] {"HTTP/1.1", "HTTP/1.0"}) {
            assertThat(refused("GET /health " + version + "\r\nhost: a.example\r\nhost: b.example\r\n\r\n"))
                    .as(version).startsWith("HTTP/1.1 400").contains("one Host header");
            for (String host : new String[] {"a b", "a/b", "user@a.example"}) {
                assertThat(refused("GET /health " + version + "\r\nhost: " + host + "\r\n\r\n"))
                        .as(version + " " + host).startsWith("HTTP/1.1 400").contains("\"code\":2100");
            }
        }
    }

    @Test
    void wellFormedHostsAndAnHttp10RequestWithoutOnePass() throws Exception {
        for (String host : new String[] {"localhost", "127.0.0.1:8080", "[::1]:8080", "gateway.example.com"}) {
            assertThat(answered("GET /health HTTP/1.1\r\nhost: " + host + "\r\n\r\n")).as(host).startsWith("HTTP/1.1 200");
        }
        assertThat(answered("GET /health HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.0 200");
    }

    @Test
    void aMajorVersionOtherThanOneIsRefusedWith400() throws Exception {
        for (String version : new String[] {"HTTP/2.7", "HTTP/0.9", "HTTP/3.0", "HTTP/2.0"}) {
            assertThat(refused("GET /health " + version + "\r\nhost: localhost\r\n\r\n")).as(version)
                    .startsWith("HTTP/1.1 400").contains("\"code\":2121").contains("HTTP version not supported");
        }
    }

    @Test
    void aHigherHttp1MinorVersionIsAnsweredAsHttp11() throws Exception {
        assertThat(answered("GET /health HTTP/1.9\r\nhost: localhost\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(refused("GET /health HTTP/1.9\r\n\r\n")).as("and needs a Host as HTTP/1.1 does")
                .startsWith("HTTP/1.1 400");
    }

    /**
     * RFC 9112 §6.3: a request whose Transfer-Encoding does not end in chunked has no length a server can read, and must
     * be refused with 400 and the connection closed. Spread over two header lines ({@code chunked}, then
     * {@code identity}) it was read as chunked and answered, while an intermediary that takes the last coding reads the
     * body differently: the split a request smuggler needs. Only {@code chunked}, once, is a coding Sluice decodes.
     */
    @Test
    void aTransferEncodingOtherThanChunkedAloneIsRefusedAndTheConnectionClosed() throws Exception {
        String post = "POST /v1/local/default/mock/v1/chat/completions HTTP/1.1\r\nhost: localhost\r\n"
                + "content-type: application/json\r\n";
        String chunks = "0\r\n\r\nGET /health HTTP/1.1\r\nhost: localhost\r\n\r\n";
        for (String codings : new String[] {"chunked\r\nTransfer-Encoding: identity", "identity, chunked",
                "chunked\r\nTransfer-Encoding: chunked", "chunked, identity"}) {
            String answer = refused(post + "Transfer-Encoding: " + codings + "\r\n\r\n" + chunks);
            assertThat(answer).as(codings).startsWith("HTTP/1.1 400").contains("AiGatewayError")
                    .doesNotContain("HTTP/1.1 200");
        }
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(answered(post + "Transfer-Encoding: Chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n"
                + body + "\r\n0\r\n\r\n")).as("chunked alone, in any case, is read").startsWith("HTTP/1.1 200");
    }

    /**
     * Found by a probe: a URL over 16 KB on a {@code /client/v4} path got its 431 in the data plane's error body
     * ({@code "error"}, {@code "result":[]}), where headers over 16 KB on the same path got the v4 envelope. The codec
     * keeps no part of a request line it could not read, so its surface is taken from the line's first bytes.
     */
    @Test
    void aUrlOverTheLimitIsA431InItsSurfacesErrorBody() throws Exception {
        String longQuery = "?q=" + "a".repeat(17_000);
        String v4 = "GET /client/v4/accounts/local/ai-gateway/gateways" + longQuery + " HTTP/1.1\r\nhost: x\r\n\r\n";
        assertThat(refused(v4)).startsWith("HTTP/1.1 431")
                .contains("{\"success\":false,\"result\":null,\"errors\":[{\"code\":2100,")
                .doesNotContain("AiGatewayError");
        assertThat(refused("\r\n" + v4)).as("after the empty lines a request may follow").startsWith("HTTP/1.1 431")
                .contains("\"errors\":[{\"code\":2100,");
        assertThat(refused("POST /generate" + longQuery + " HTTP/1.1\r\nhost: x\r\n\r\n")).startsWith("HTTP/1.1 431")
                .contains("{\"error\":{\"code\":\"INVALID_HEADER\"");
        assertThat(refused("GET /v1/local/default/mock/v1/models" + longQuery + " HTTP/1.1\r\nhost: x\r\n\r\n"))
                .matches("(?s)HTTP/1\\.[01] 431 .*").contains("\"name\":\"AiGatewayError\"").contains("\"code\":2100");
        try (RawConnection connection = new RawConnection(server.getURI())) {
            assertThat(connection.send("GET /health HTTP/1.1\r\nhost: x\r\n\r\n").readResponse())
                    .startsWith("HTTP/1.1 200");
            assertThat(connection.send(v4).readUntilClosed()).as("the second request of a connection")
                    .startsWith("HTTP/1.1 431").contains("\"errors\":[{\"code\":2100,");
        }
    }
}
