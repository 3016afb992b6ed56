package dev.sluice.bootstrap;

import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented body limit ({@code micronaut.server.max-request-size}, 25 MB, from application.yml as
 * shipped) is the one enforced on every route that takes a body: a body 1 MiB under it goes through whole,
 * one byte over it is a 413 with code 2102 in the surface's envelope. Micronaut's own buffer limit
 * (10 MiB unless set) used to cut first.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BodyLimitEndToEndTest implements TestPropertyProvider {

    private static final int LIMIT = 26_214_400;
    private static final int CONTROL_LIMIT = 1_048_576;
    private static final String PROXY = "/v1/local/default/custom-sink/v1/upload";
    private static final String GATEWAYS = "/client/v4/accounts/local/ai-gateway/gateways";
    private static final String COMPAT = "/v1/local/default/compat/chat/completions";

    private BodySinkUpstream sink;

    @Inject
    EmbeddedServer server;

    @Inject
    HttpServerConfiguration serverConfiguration;

    @Override
    public Map<String, String> getProperties() {
        try {
            sink = new BodySinkUpstream();
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-body-limit").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "sluice.logs.max-body-size", "1024",
                    "sluice.providers.custom-sink.base-url", sink.baseUrl());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        sink.close();
    }

    private SluiceClient client() {
        return new SluiceClient(server.getURI());
    }

    @Test
    void theShippedLimitIsTheDocumented25MegabytesForBothMicronautLimits() {
        assertThat(serverConfiguration.getMaxRequestSize()).isEqualTo(LIMIT);
        assertThat(serverConfiguration.getMaxRequestBufferSize()).isEqualTo(LIMIT);
    }

    @Test
    void aProxiedBodyJustUnderTheLimitReachesTheProviderWhole() throws Exception {
        byte[] body = body(LIMIT - 1_048_576, (byte) 'a');
        HttpResponse<String> response = client().send(client().request(PROXY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("content-type", "application/octet-stream"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"received\":" + body.length + "}");
        BodySinkUpstream.Received received = sink.received().get(sink.received().size() - 1);
        assertThat(received.length()).isEqualTo(body.length);
        assertThat(received.sha256()).isEqualTo(HexFormat.of().formatHex(BodySinkUpstream.sha256().digest(body)));
    }

    @Test
    void aProxiedBodyOneByteOverTheLimitIs413AndNothingIsSent() throws Exception {
        int before = sink.received().size();
        HttpResponse<String> response = client().send(client().request(PROXY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(LIMIT + 1, (byte) 'b')))
                .header("content-type", "application/octet-stream"));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"name\":\"AiGatewayError\"").contains("\"code\":2102");
        assertThat(sink.received()).hasSize(before);
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIs413Too() throws Exception {
        int before = sink.received().size();
        byte[] body = body(LIMIT + 1, (byte) 'c');
        HttpResponse<String> response = client().send(client().request(PROXY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .header("content-type", "application/octet-stream"));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"code\":2102");
        assertThat(sink.received()).hasSize(before);
    }

    @Test
    void aManagementBodyUpToTheControlLimitIsReadAndOneByteOverIs413SentWholeOrChunked() throws Exception {
        HttpResponse<String> under = createGateway("big-body", CONTROL_LIMIT, false);
        assertThat(under.statusCode()).as(under.body()).isEqualTo(200);
        assertThat(under.body()).contains("\"id\":\"big-body\"");

        for (boolean chunked : new boolean[] {false, true}) {
            HttpResponse<String> over = createGateway("too-big-body", CONTROL_LIMIT + 1, chunked);
            assertThat(over.statusCode()).as("chunked " + chunked).isEqualTo(413);
            assertThat(over.body()).startsWith("{\"success\":false").contains("\"errors\":[{\"code\":2102")
                    .contains("sluice.server.max-control-body-size");
        }
        // Twenty times the limit (the size that took the heap) is refused by its Content-Length, unread.
        assertThat(createGateway("huge-body", 20 * CONTROL_LIMIT, false).statusCode()).isEqualTo(413);
        assertThat(client().admin("GET", GATEWAYS + "/too-big-body", null).statusCode()).isEqualTo(404);
    }

    @Test
    void generateAndLogPatchesAreHeldToTheControlLimitToo() throws Exception {
        byte[] prompt = ("{\"prompt\":\"" + "p".repeat(CONTROL_LIMIT) + "\"}").getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> generate = postJson("/generate", prompt);
        assertThat(generate.statusCode()).isEqualTo(413);
        assertThat(generate.body()).as("in /generate's own error shape")
                .startsWith("{\"error\":{\"code\":\"BODY_TOO_LARGE\"").contains("max-control-body-size");
        HttpResponse<String> patch = client().send(client().request(GATEWAYS + "/default/logs/0190a0a0-0000-7000-8000-000000000000")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(prompt))
                .header("authorization", "Bearer " + SluiceClient.ADMIN).header("content-type", "application/json"));
        assertThat(patch.statusCode()).isEqualTo(413);
        assertThat(postJson("/generate", "{\"prompt\":\"hi\"}".getBytes(StandardCharsets.US_ASCII)).statusCode())
                .as("the connection's next request is not held against the last").isEqualTo(200);
    }

    @Test
    void theSurfacesThatReadJsonTakeBodiesUpToTheParsedLimitAndRefuseLargerOnesWith413() throws Exception {
        int parsed = 11_534_336;
        for (String path : new String[] {COMPAT, "/v1/local/default"}) {
            HttpResponse<String> over = postJson(path, chat("mock/m", parsed + 1));
            assertThat(over.statusCode()).as(path).isEqualTo(413);
            assertThat(over.body()).as(path).contains("\"code\":2102").contains("sluice.server.max-parsed-body-size");
        }
        HttpResponse<String> under = postJson(COMPAT, chat("custom-sink/m", parsed));
        assertThat(under.statusCode()).as(under.body()).isEqualTo(200);
        HttpResponse<String> mock = postJson("/v1/local/default/mock/v1/chat/completions", chat("m", 1_048_577));
        assertThat(mock.statusCode()).as("the mock reads at most 1 MiB").isEqualTo(413);
    }

    @Test
    void largeBodiesReadAsJsonBeyondTheBudgetTogetherAre503WithRetryAfterAndSmallOnesStillPass() throws Exception {
        // A mock call that waits holds its body's share of the budget (11 MiB) until it answers; through the unified
        // API its body is counted twice (the unified API reads it, then the mock does): five hold 10 MB.
        byte[] large = chat("mock/m", 1_000_000);
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> held = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(client().sendAsync(json(COMPAT, large).header("x-sluice-mock-latency-ms", "1500")));
        }
        Thread.sleep(700);
        HttpResponse<String> busy = postJson(COMPAT, chat("custom-sink/m", 2_000_000));
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.body()).contains("\"code\":2115").contains("sluice.server.parsed-body-budget");
        assertThat(busy.headers().firstValue("retry-after")).contains("1");
        HttpResponse<String> small = postJson(COMPAT, chat("mock/m", 10_000));
        assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
        for (var call : held) {
            assertThat(call.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> after = postJson(COMPAT, chat("mock/m", 1_000_000));
        assertThat(after.statusCode()).as("the budget given back").isEqualTo(200);
    }

    @Test
    void aUniversalRequestIsCountedWhileItsStepsAreReadNotTwiceWithItsUnifiedApiStep() throws Exception {
        String step = new String(chat("custom-sink/m", 6_000_000), StandardCharsets.US_ASCII);
        byte[] universal = ("[{\"provider\":\"compat\",\"endpoint\":\"chat/completions\",\"query\":" + step + "}]")
                .getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> answer = postJson("/v1/local/default", universal);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private HttpRequest.Builder json(String path, byte[] body) {
        return client().request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("content-type", "application/json");
    }

    private HttpResponse<String> postJson(String path, byte[] body) throws Exception {
        return client().send(json(path, body));
    }

    /** A chat completion for {@code model} whose one message is padded so the body is {@code size} bytes. */
    private static byte[] chat(String model, int size) {
        String head = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"";
        String tail = "\"}]}";
        return (head + "a".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.US_ASCII);
    }

    /** A gateway whose body is padded to {@code size} bytes with a field Sluice ignores (many short strings). */
    private HttpResponse<String> createGateway(String id, int size, boolean chunked) throws Exception {
        String head = "{\"id\":\"" + id + "\",\"guardrails\":[";
        StringBuilder json = new StringBuilder(size).append(head);
        String item = "\"" + "g".repeat(1000) + "\"";
        while (json.length() + item.length() + 3 <= size) {
            json.append(item).append(',');
        }
        int rest = size - json.length() - 4;
        json.append("\"").append("g".repeat(rest)).append("\"]}");
        byte[] body = json.toString().getBytes(StandardCharsets.US_ASCII);
        assertThat(body.length).isEqualTo(size);
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return client().send(client().request(GATEWAYS).POST(publisher)
                .header("authorization", "Bearer " + SluiceClient.ADMIN).header("content-type", "application/json"));
    }

    private static byte[] body(int size, byte fill) {
        byte[] body = new byte[size];
        Arrays.fill(body, fill);
        return body;
    }
}
