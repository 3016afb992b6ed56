package dev.sluice.bootstrap;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.BinaryBody;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * Found by the cache probe: a client's {@code Accept-Encoding: gzip} (the OpenAI and Anthropic Node SDKs send it) was
 * forwarded, the provider compressed its answer, and the gateway could not read it: the entry was logged with no
 * tokens and no cost (so token and spend limits did not count it), and, cached, its gzip bytes were replayed to the
 * next client, which had asked for no compression. The provider, playing a real one, compresses only when asked.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompressedAnswersEndToEndTest implements TestPropertyProvider {

    private static final String CHAT = "/v1/local/compressed/openai/v1/chat/completions";
    private static final String LOGS = "/client/v4/accounts/local/ai-gateway/gateways/compressed/logs";
    private static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":2000,\"total_tokens\":3000}}";

    private static final String ANYWAY = "x-test-compress-anyway";
    private static final String CHUNK = "data: {\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\","
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n";
    private static final String STREAM = CHUNK + "data: {\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\","
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":400,\"total_tokens\":700}}\n\ndata: [DONE]\n\n";

    private ClientAndServer upstream;

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        try {
            upstream = ClientAndServer.startClientAndServer(0);
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-compressed-e2e").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "sluice.gateways.compressed.cache-ttl", "3600",
                    "sluice.logs.flush-interval", "20ms",
                    "sluice.providers.openai.base-url", "http://127.0.0.1:" + upstream.getPort() + "/v1");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        upstream.stop();
    }

    @BeforeEach
    void providerCompressesOnlyWhenAsked() throws IOException {
        upstream.reset();
        // Told to by the test, it compresses even an answer asked for as identity, as a misbehaving server would.
        upstream.when(request().withMethod("POST").withPath("/v1/chat/completions").withHeader(ANYWAY, "json"))
                .respond(response().withStatusCode(200).withHeader("content-type", "application/json")
                        .withHeader("content-encoding", "gzip").withBody(BinaryBody.binary(gzip(COMPLETION))));
        upstream.when(request().withMethod("POST").withPath("/v1/chat/completions").withHeader(ANYWAY, "stream"))
                .respond(response().withStatusCode(200).withHeader("content-type", "text/event-stream")
                        .withHeader("content-encoding", "gzip").withBody(BinaryBody.binary(gzip(STREAM))));
        upstream.when(request().withMethod("POST").withPath("/v1/chat/completions").withHeader(ANYWAY, "cut"))
                .respond(response().withStatusCode(200).withHeader("content-type", "text/event-stream")
                        .withHeader("content-encoding", "gzip").withBody(BinaryBody.binary(gzip(CHUNK))));
        upstream.when(request().withMethod("POST").withPath("/v1/chat/completions").withHeader("accept-encoding", ".*gzip.*"))
                .respond(response().withStatusCode(200).withHeader("content-type", "application/json")
                        .withHeader("content-encoding", "gzip").withBody(BinaryBody.binary(gzip(COMPLETION))));
        upstream.when(request().withMethod("POST").withPath("/v1/chat/completions"))
                .respond(response().withStatusCode(200).withHeader("content-type", "application/json").withBody(COMPLETION));
    }

    private SluiceClient client() {
        return new SluiceClient(server.getURI());
    }

    private static String prompt() {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + UUID.randomUUID() + "\"}]}";
    }

    private HttpResponse<byte[]> acceptingGzip(String body) throws Exception {
        return client().send(client().request(CHAT).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("authorization", "Bearer sk-test").header("accept-encoding", "gzip, deflate, br"),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void anAnswerToAClientAcceptingGzipIsReadForItsTokensAndCost() throws Exception {
        HttpResponse<byte[]> answer = acceptingGzip(prompt());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(COMPLETION);
        String logId = answer.headers().firstValue("cf-aig-log-id").orElseThrow();

        JsonNode entry = awaitEntry(logId);
        assertThat(entry.get("tokens_in").getLongValue()).isEqualTo(1000);
        assertThat(entry.get("tokens_out").getLongValue()).isEqualTo(2000);
        assertThat(entry.get("cost").getNumberValue().doubleValue()).isPositive();
    }

    @Test
    void aCachedAnswerIsReplayedReadableToAClientThatAskedForNoCompression() throws Exception {
        String body = prompt();
        HttpResponse<byte[]> first = acceptingGzip(body);
        assertThat(first.headers().firstValue("cf-aig-cache-status")).contains("MISS");

        HttpResponse<String> plain = client().post(CHAT, body, "authorization", "Bearer sk-test");
        assertThat(plain.headers().firstValue("cf-aig-cache-status")).contains("HIT");
        assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
        assertThat(plain.body()).isEqualTo(COMPLETION);
        assertThat(upstream.retrieveRecordedRequests(request().withPath("/v1/chat/completions"))).hasSize(1);
    }

    @Test
    void anAnswerCompressedThoughAskedForNoneIsLoggedDecodedWithItsTokensAndCost() throws Exception {
        HttpResponse<String> answer = client().post(CHAT, prompt(), "authorization", "Bearer sk-test", ANYWAY, "json");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("content-encoding")).contains("gzip");
        String logId = answer.headers().firstValue("cf-aig-log-id").orElseThrow();

        JsonNode entry = awaitEntry(logId);
        assertThat(entry.get("tokens_in").getLongValue()).isEqualTo(1000);
        assertThat(entry.get("tokens_out").getLongValue()).isEqualTo(2000);
        assertThat(entry.get("cost").getNumberValue().doubleValue()).isPositive();
        assertThat(entry.get("success").getBooleanValue()).isTrue();
        assertThat(client().awaitAdmin(LOGS + "/" + logId + "/response").body()).isEqualTo(COMPLETION);
    }

    @Test
    void aStreamCompressedThoughAskedForNoneIsReadForItsTokensAndItsEnd() throws Exception {
        String whole = client().post(CHAT, prompt(), "authorization", "Bearer sk-test", ANYWAY, "stream")
                .headers().firstValue("cf-aig-log-id").orElseThrow();
        String cut = client().post(CHAT, prompt(), "authorization", "Bearer sk-test", ANYWAY, "cut")
                .headers().firstValue("cf-aig-log-id").orElseThrow();

        JsonNode entry = awaitEntry(whole);
        assertThat(entry.get("tokens_in").getLongValue()).isEqualTo(300);
        assertThat(entry.get("tokens_out").getLongValue()).isEqualTo(400);
        assertThat(entry.get("success").getBooleanValue()).isTrue();
        assertThat(client().awaitAdmin(LOGS + "/" + whole + "/response").body()).isEqualTo(STREAM);
        assertThat(awaitEntry(cut).get("success").getBooleanValue()).as("a stream that stops before its end").isFalse();
    }

    private JsonNode awaitEntry(String logId) throws Exception {
        HttpResponse<String> response = client().awaitAdmin(LOGS + "/" + logId);
        assertThat(response.statusCode()).as("log entry " + logId).isEqualTo(200);
        return json.readValue(response.body(), JsonNode.class).get("result");
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
