package dev.sluice.bootstrap;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/** The provider-native surface through the real server, with MockServer and a raw server as providers. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderProxyEndToEndTest implements TestPropertyProvider {

    private static final String OPENAI = "/v1/local/default/openai/v1/chat/completions";

    private ClientAndServer upstream;
    private SlowStreamingUpstream streaming;
    private int closedPort;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            upstream = ClientAndServer.startClientAndServer(0);
            streaming = new SlowStreamingUpstream();
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-e2e").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "micronaut.server.max-request-size", "65536",
                    "sluice.providers.openai.base-url", "http://127.0.0.1:" + upstream.getPort() + "/v1",
                    "sluice.providers.custom-slow.base-url", streaming.baseUrl(),
                    "sluice.providers.custom-down.base-url", "http://127.0.0.1:" + closedPort + "/");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        upstream.stop();
        streaming.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    private SluiceClient client() {
        return new SluiceClient(server.getURI());
    }

    @Test
    void proxiesToTheProviderAndBackUnchanged() throws Exception {
        String completion = "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\",\"choices\":[]}";
        upstream.when(request().withMethod("POST").withPath("/v1/chat/completions"))
                .respond(response().withStatusCode(200).withHeader("content-type", "application/json")
                        .withHeader("x-request-id", "up-1").withBody(completion));

        HttpResponse<String> response = client().post(OPENAI, "{\"model\":\"gpt-4o-mini\",\"messages\":[]}",
                "authorization", "Bearer sk-live", "cf-aig-metadata", "{\"team\":\"ai\"}",
                "cf-aig-event-id", "evt-7");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(completion);
        assertThat(response.headers().firstValue("x-request-id")).contains("up-1");
        assertThat(response.headers().firstValue("cf-aig-log-id")).isPresent();
        assertThat(response.headers().firstValue("cf-aig-request-id"))
                .isEqualTo(response.headers().firstValue("cf-aig-log-id"));
        assertThat(response.headers().firstValue("cf-aig-event-id")).contains("evt-7");

        HttpRequest received = upstream.retrieveRecordedRequests(request())[0];
        assertThat(received.getFirstHeader("authorization")).isEqualTo("Bearer sk-live");
        assertThat(received.containsHeader("cf-aig-metadata")).isFalse();
        assertThat(new String(received.getBodyAsRawBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"gpt-4o-mini\",\"messages\":[]}");
    }

    @Test
    void retriesAServerErrorAndAnswersWithTheRetry() throws Exception {
        for (int i = 0; i < 5; i++) {
            upstream.reset();
            upstream.when(request().withPath("/v1/chat/completions"), org.mockserver.matchers.Times.once())
                    .respond(response().withStatusCode(503).withBody("{\"error\":\"busy\"}"));
            upstream.when(request().withPath("/v1/chat/completions"))
                    .respond(response().withStatusCode(200).withBody("{\"ok\":" + i + "}"));

            HttpResponse<String> response = client().post(OPENAI, "{}", "cf-aig-max-attempts", "2",
                    "cf-aig-retry-delay", "10");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"ok\":" + i + "}");
            assertThat(upstream.retrieveRecordedRequests(request())).hasSize(2);
        }
    }

    @Test
    void providerErrorsPassThroughAsTheProviderSentThem() throws Exception {
        String error = "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}";
        upstream.when(request().withPath("/v1/chat/completions"))
                .respond(response().withStatusCode(401).withBody(error));

        HttpResponse<String> response = client().post(OPENAI, "{}", "authorization", "Bearer bad");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(error);
    }

    @Test
    void nonStandardStatusesLikeAnthropicsOverloaded529PassThrough() throws Exception {
        String overloaded = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
        upstream.when(request().withPath("/v1/chat/completions"))
                .respond(response().withStatusCode(529).withBody(overloaded));

        HttpResponse<String> response = client().post(OPENAI, "{}");

        assertThat(response.statusCode()).isEqualTo(529);
        assertThat(response.body()).isEqualTo(overloaded);
    }

    @Test
    void theGatewayNeverRecompressesWhatThePassesThrough() throws Exception {
        String large = "{\"text\":\"" + "lorem ipsum ".repeat(400) + "\"}";
        upstream.when(request().withPath("/v1/chat/completions"))
                .respond(response().withStatusCode(200).withHeader("content-type", "application/json").withBody(large));

        HttpResponse<String> response = client().post(OPENAI, "{}", "accept-encoding", "gzip, deflate");

        assertThat(response.headers().firstValue("content-encoding")).isEmpty();
        assertThat(response.body()).isEqualTo(large);
    }

    @Test
    void aProvidersCompressedAnswerReachesTheClientUnchanged() throws Exception {
        java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(gzipped)) {
            gzip.write("{\"id\":\"chatcmpl-gz\"}".getBytes(StandardCharsets.UTF_8));
        }
        upstream.when(request().withPath("/v1/chat/completions"))
                .respond(response().withStatusCode(200).withHeader("content-encoding", "gzip")
                        .withBody(org.mockserver.model.BinaryBody.binary(gzipped.toByteArray())));

        HttpResponse<byte[]> response = client().send(client().request(OPENAI).header("accept-encoding", "gzip")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.headers().firstValue("content-encoding")).contains("gzip");
        assertThat(response.body()).isEqualTo(gzipped.toByteArray());
    }

    @Test
    void aRequestBodyMarkedGzipIsPassedOnDecodedAndOneThatIsNotGzipIsA400() throws Exception {
        upstream.when(request().withPath("/v1/chat/completions"))
                .respond(response().withStatusCode(200).withHeader("content-type", "application/json").withBody("{}"));
        java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(gzipped)) {
            gzip.write("{\"model\":\"gz\"}".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> decoded = client().send(client().request(OPENAI).header("content-encoding", "gzip")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray())),
                HttpResponse.BodyHandlers.ofString());
        assertThat(decoded.statusCode()).isEqualTo(200);
        var sent = upstream.retrieveRecordedRequests(request().withPath("/v1/chat/completions"));
        assertThat(sent[sent.length - 1].getBodyAsString()).isEqualTo("{\"model\":\"gz\"}");
        assertThat(sent[sent.length - 1].containsHeader("content-encoding")).isFalse();

        int before = sent.length;
        HttpResponse<String> refused = client().post(OPENAI, "{\"messages\":[]}", "content-encoding", "gzip");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"code\":2101").contains("Content-Encoding");
        assertThat(refused.headers().firstValue("cf-aig-log-id")).isPresent();
        assertThat(upstream.retrieveRecordedRequests(request().withPath("/v1/chat/completions"))).hasSize(before);
    }

    /** It was sent on as an empty body and logged a success, and a request pipelined behind it was never answered. */
    @Test
    void aBodyWhoseChunkingIsMalformedIsA400NeverSentOnAndTheConnectionCloses() throws Exception {
        upstream.when(request().withPath("/v1/chat/completions"))
                .respond(response().withStatusCode(200).withHeader("content-type", "application/json").withBody("{}"));
        int before = upstream.retrieveRecordedRequests(request().withPath("/v1/chat/completions")).length;
        for (String size : new String[] {"zz", "ffffffffffffffff"}) {
            try (RawConnection connection = new RawConnection(server.getURI())) {
                String answer = connection.send("POST " + OPENAI + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\n"
                        + "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").readUntilClosed();
                assertThat(answer).as(size).doesNotContain("<still open>").startsWith("HTTP/1.1 400")
                        .contains("\"code\":2101").contains("chunked encoding is malformed")
                        .as("one answer, for the malformed request").containsOnlyOnce("HTTP/1.1");
            }
        }
        Thread.sleep(300);
        assertThat(upstream.retrieveRecordedRequests(request().withPath("/v1/chat/completions"))).hasSize(before);
    }

    @Test
    void theClientGetsTheFirstEventWhileTheProviderIsStillSending() throws Exception {
        HttpResponse<InputStream> response = client().send(client().request("/v1/local/default/custom-slow/chat")
                        .header("accept-encoding", "gzip, deflate")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"stream\":true}")),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");

        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String firstLine = reader.readLine();
            assertThat(firstLine + "\n\n").isEqualTo(SlowStreamingUpstream.FIRST);
            streaming.clientReceivedFirstEvent();
            StringBuilder rest = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertThat(rest.toString()).isEqualTo("\n" + SlowStreamingUpstream.REST);
        }
        assertThat(streaming.releasedByClient()).as("first event reached the client before the stream ended").isTrue();
    }

    @Test
    void unknownGatewayAndProviderGetCloudflareCodes() throws Exception {
        HttpResponse<String> gateway = client().post("/v1/local/nope/openai/chat/completions", "{}");
        assertThat(gateway.statusCode()).isEqualTo(400);
        assertThat(gateway.body()).contains("\"code\":2001").contains("\"name\":\"AiGatewayError\"");
        assertThat(gateway.headers().firstValue("cf-aig-log-id")).isPresent();

        HttpResponse<String> account = client().post("/v1/elsewhere/default/openai/chat/completions", "{}");
        assertThat(account.body()).contains("\"code\":2001");

        HttpResponse<String> provider = client().post("/v1/local/default/nope/chat/completions", "{}");
        assertThat(provider.statusCode()).isEqualTo(400);
        assertThat(provider.body()).contains("\"internalCode\":2008");
    }

    @Test
    void badGatewayHeadersAreRefusedWithTheHeaderNamed() throws Exception {
        HttpResponse<String> nested = client().post(OPENAI, "{}", "cf-aig-metadata", "{\"a\":{\"b\":1}}");
        assertThat(nested.statusCode()).isEqualTo(400);
        assertThat(nested.body()).contains("cf-aig-metadata");

        HttpResponse<String> badEventId = client().post(OPENAI, "{}", "cf-aig-event-id", "x".repeat(300));
        assertThat(badEventId.statusCode()).isEqualTo(400);
        assertThat(badEventId.headers().firstValue("cf-aig-event-id"))
                .as("an invalid event id is not echoed").isEqualTo(badEventId.headers().firstValue("cf-aig-log-id"));

        HttpResponse<String> infinite = client().post(OPENAI, "{}", "cf-aig-metadata", "{\"a\":1e400}");
        assertThat(infinite.statusCode()).isEqualTo(400);

        HttpResponse<String> notJson = client().post(OPENAI, "{}", "cf-aig-metadata", "team=ai");
        assertThat(notJson.statusCode()).isEqualTo(400);

        HttpResponse<String> timeout = client().post(OPENAI, "{}", "cf-aig-request-timeout", "soon");
        assertThat(timeout.statusCode()).isEqualTo(400);
        assertThat(timeout.body()).contains("cf-aig-request-timeout");
        assertThat(upstream.retrieveRecordedRequests(request())).isEmpty();
    }

    @Test
    void encodedDotSegmentsAreRefusedAndNothingIsSent() throws Exception {
        for (String path : List.of("..%2Fsecret/x", "%2e%2e%2fsecret/x", ".%2e%2Fsecret/x", "..%5Csecret/x",
                "v1beta/%2E%2E/%2E%2E/secret", "v1/%252e%252e/secret", "v1/..;/secret")) {
            HttpResponse<String> response = client().post("/v1/local/default/openai/" + path, "{}");
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.body()).as(path).contains("\"code\":2108");
        }
        assertThat(rawRequestLine("POST /v1/local/default/openai/..\\secret/x HTTP/1.1")).startsWith("HTTP/1.1 400");
        assertThat(upstream.retrieveRecordedRequests(request())).isEmpty();
    }

    /** Sends a request line no URI class would build (a raw backslash) and returns the status line. */
    private String rawRequestLine(String requestLine) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write((requestLine + "\r\nhost: localhost\r\ncontent-type: application/json\r\n"
                    + "content-length: 2\r\nconnection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        HttpResponse<String> response = client().post(OPENAI, "{\"x\":\"" + "a".repeat(70_000) + "\"}");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"code\":2102");
        assertThat(response.headers().firstValue("cf-aig-cache-status")).contains("MISS");
        assertThat(response.headers().firstValue("cf-aig-log-id")).isPresent();
    }

    @Test
    void headersOverTheLimitAre431() throws Exception {
        HttpResponse<String> response = client().post(OPENAI, "{}", "x-padding", "a".repeat(20_000));
        assertThat(response.statusCode()).isEqualTo(431);
        assertThat(response.body()).contains("\"code\":2100");
    }

    @Test
    void unknownRoutesGetTheEnvelopeNotAStackTrace() throws Exception {
        HttpResponse<String> response = client().send(client().request("/v2/whatever").GET());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"success\":false").doesNotContain("Exception");
    }

    @Test
    void anUnreachableProviderIsA502WithACode() throws Exception {
        HttpResponse<String> response = client().post("/v1/local/default/custom-down/chat?key=s3cret", "{}");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("\"code\":2005").doesNotContain("s3cret").doesNotContain("Exception:");
        // Found by a probe: the entry's response was empty, and nothing on record said why the call failed.
        String logId = response.headers().firstValue("cf-aig-log-id").orElseThrow();
        assertThat(client().awaitAdmin("/client/v4/accounts/local/ai-gateway/gateways/default/logs/" + logId
                + "/response").body()).contains("\"code\":2005").doesNotContain("s3cret");
    }

    @Test
    void theMockProviderAnswersOfflineInOpenAiAndWorkersAiShapes() throws Exception {
        HttpResponse<String> chat = client().post("/v1/local/default/mock/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertThat(chat.statusCode()).isEqualTo(200);
        assertThat(chat.body()).contains("\"object\":\"chat.completion\"").contains("You said: \\\"Hello\\\"");
        HttpResponse<String> again = client().post("/v1/local/default/mock/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertThat(withoutCreated(again.body())).as("deterministic but for the timestamp")
                .isEqualTo(withoutCreated(chat.body()));

        HttpResponse<String> workers = client().post("/v1/local/default/mock/@cf/meta/llama-3.1-8b-instruct",
                "{\"prompt\":\"Hi\",\"stream\":true}");
        assertThat(workers.headers().firstValue("content-type")).contains("text/event-stream");
        assertThat(workers.body()).startsWith("data: {\"response\":").endsWith("data: [DONE]\n\n");
    }

    private static String withoutCreated(String body) {
        return body.replaceAll("\"created\":\\d+", "\"created\":0");
    }
}
