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
import org.mockserver.model.HttpRequest;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * The unified API through the real server to providers that speak OpenAI's format (OpenAI, Workers AI's
 * OpenAI-compatible endpoint, a custom vLLM/Ollama), played by MockServer: the client's body goes on
 * byte for byte with only its model rewritten, the answer comes back untouched, and everything the
 * gateway does — logs, cache, authentication, bad input — holds on /compat as on the native endpoints.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompatEndToEndTest implements TestPropertyProvider {

    private static final String COMPAT = "/v1/local/default/compat";
    private static final String CACHED = "/v1/local/cached/compat/chat/completions";
    private static final String LOGS = "/client/v4/accounts/local/ai-gateway/gateways/logged/logs";
    private static final String PASSED_LOGS = "/client/v4/accounts/local/ai-gateway/gateways/passed/logs";
    private static final String COMPLETION = "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Hi!\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1000,"
            + "\"completion_tokens\":500,\"total_tokens\":1500,\"prompt_tokens_details\":{\"cached_tokens\":400}}}";
    private static final String STREAM = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":"
            + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
            + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
            + "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";

    private ClientAndServer upstream;

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        try {
            upstream = ClientAndServer.startClientAndServer(0);
            String base = "http://127.0.0.1:" + upstream.getPort();
            return Map.ofEntries(
                    Map.entry("sluice.data-dir", Files.createTempDirectory("sluice-compat-e2e").toString()),
                    Map.entry("micronaut.server.port", "-1"),
                    Map.entry("sluice.admin-token", SluiceClient.ADMIN),
                    Map.entry("sluice.gateways.cached.cache-ttl", "3600"),
                    Map.entry("sluice.gateways.logged.cache-ttl", "0"),
                    Map.entry("sluice.gateways.passed.cache-ttl", "0"),
                    Map.entry("sluice.gateways.locked.authentication", "true"),
                    Map.entry("sluice.logs.flush-interval", "20ms"),
                    Map.entry("sluice.providers.openai.base-url", base + "/openai/v1"),
                    Map.entry("sluice.providers.workers-ai.base-url", base + "/cf/accounts/acct/ai"),
                    Map.entry("sluice.providers.groq.base-url", base + "/groq/openai/v1"),
                    Map.entry("sluice.providers.custom-vllm.base-url", base + "/vllm/v1"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        upstream.stop();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    private SluiceClient client() {
        return new SluiceClient(server.getURI());
    }

    private void answers(String path, String body, String contentType) {
        upstream.when(request().withMethod("POST").withPath(path))
                .respond(response().withStatusCode(200).withHeader("content-type", contentType).withBody(body));
    }

    private HttpRequest[] received(String path) {
        return upstream.retrieveRecordedRequests(request().withPath(path));
    }

    private static String chat(String model, String extra) {
        return "{\"model\": \"" + model + "\",\n \"messages\":[{\"role\":\"user\",\"content\":\"" + UUID.randomUUID()
                + "\"}]" + extra + ", \"temperature\": 0.25, \"x_vendor_field\": {\"kept\": [1, 2.5, true]}}";
    }

    private JsonNode parse(String body) throws IOException {
        return json.readValue(body, JsonNode.class);
    }

    @Test
    void anOpenAiRequestGoesOnByteForByteWithOnlyTheModelRewritten() throws Exception {
        answers("/openai/v1/chat/completions", COMPLETION, "application/json");
        String body = chat("openai/gpt-4o-mini", "");
        HttpResponse<String> answer = client().post(COMPAT + "/chat/completions", body,
                "authorization", "Bearer sk-openai");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(COMPLETION);
        assertThat(answer.headers().firstValue("cf-aig-log-id")).isPresent();
        HttpRequest sent = received("/openai/v1/chat/completions")[0];
        assertThat(utf8(sent.getBody().getRawBytes())).isEqualTo(body.replace("openai/gpt-4o-mini", "gpt-4o-mini"));
        assertThat(sent.getFirstHeader("authorization")).isEqualTo("Bearer sk-openai");
    }

    @Test
    void workersAiModelsGoToItsOpenAiCompatibleEndpoint() throws Exception {
        answers("/cf/accounts/acct/ai/v1/chat/completions", COMPLETION, "application/json");
        String body = chat("workers-ai/@cf/meta/llama-3.2-3b-instruct", "");
        HttpResponse<String> answer = client().post(COMPAT + "/chat/completions", body,
                "authorization", "Bearer cf-token");

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode sent = parse(received("/cf/accounts/acct/ai/v1/chat/completions")[0].getBodyAsString());
        assertThat(sent.get("model").getStringValue()).isEqualTo("@cf/meta/llama-3.2-3b-instruct");
    }

    @Test
    void customAndOpenAiCompatibleProvidersAreReachedByTheirPrefix() throws Exception {
        answers("/vllm/v1/chat/completions", COMPLETION, "application/json");
        answers("/groq/openai/v1/chat/completions", COMPLETION, "application/json");
        assertThat(client().post(COMPAT + "/chat/completions", chat("custom-vllm/meta-llama/Llama-3.1-8B", ""))
                .statusCode()).isEqualTo(200);
        assertThat(client().post(COMPAT + "/chat/completions", chat("groq/llama-3.1-8b-instant", ""))
                .statusCode()).isEqualTo(200);
        assertThat(parse(received("/vllm/v1/chat/completions")[0].getBodyAsString()).get("model").getStringValue())
                .isEqualTo("meta-llama/Llama-3.1-8B");
        assertThat(received("/groq/openai/v1/chat/completions")).hasSize(1);
    }

    @Test
    void theLogNamesTheRealProviderAndModelWithTokensCostAndTheClientsBodies() throws Exception {
        answers("/cf/accounts/acct/ai/v1/chat/completions", COMPLETION, "application/json");
        answers("/openai/v1/chat/completions", COMPLETION, "application/json");
        String body = chat("workers-ai/@cf/meta/llama-3.2-3b-instruct", "");
        client().post("/v1/local/logged/compat/chat/completions", body, "cf-aig-metadata", "{\"user_id\":\"u-1\"}");
        client().post("/v1/local/logged/compat/chat/completions", chat("openai/gpt-4o-mini", ""));

        JsonNode entries = awaitLogs(2).get("result");
        JsonNode openai = entries.get(0);
        JsonNode workers = entries.get(1);
        assertThat(workers.get("provider").getStringValue()).isEqualTo("workers-ai");
        assertThat(workers.get("model").getStringValue()).isEqualTo("@cf/meta/llama-3.2-3b-instruct");
        assertThat(workers.get("metadata").getStringValue()).contains("u-1");
        assertThat(openai.get("provider").getStringValue()).isEqualTo("openai");
        assertThat(openai.get("model").getStringValue()).isEqualTo("gpt-4o-mini");
        assertThat(openai.get("tokens_in").getLongValue()).isEqualTo(1000);
        assertThat(openai.get("tokens_out").getLongValue()).isEqualTo(500);
        // 600 uncached input at $0.15/M, 400 cached at $0.075/M, 500 output at $0.60/M.
        assertThat(openai.get("cost").getDoubleValue()).isCloseTo(0.00042, org.assertj.core.data.Offset.offset(1e-9));

        String id = workers.get("id").getStringValue();
        HttpResponse<String> request = client().admin("GET", LOGS + "/" + id + "/request", null);
        assertThat(request.body()).isEqualTo(body);
        HttpResponse<String> response = client().admin("GET", LOGS + "/" + id + "/response", null);
        assertThat(response.body()).isEqualTo(COMPLETION);
    }

    @Test
    void streamsPassThroughAndAreCached() throws Exception {
        answers("/openai/v1/chat/completions", STREAM, "text/event-stream");
        String body = chat("openai/gpt-4o-mini", ", \"stream\": true");
        HttpResponse<String> first = client().post(CACHED, body, "authorization", "Bearer sk-1");
        HttpResponse<String> second = client().post(CACHED, body, "authorization", "Bearer sk-1");

        assertThat(first.body()).isEqualTo(STREAM);
        assertThat(second.body()).isEqualTo(STREAM);
        assertThat(second.headers().firstValue("cf-aig-cache-status")).contains("HIT");
        assertThat(received("/openai/v1/chat/completions")).hasSize(1);
    }

    @Test
    void aPassedStreamThatEndsBeforeItsDoneOrCarriesAnErrorIsFlaggedLoggedAsFailedAndNotCached() throws Exception {
        String cut = STREAM.substring(0, STREAM.indexOf("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"));
        String failed = cut + "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n";
        for (String answer : List.of(cut, failed)) {
            upstream.reset();
            answers("/openai/v1/chat/completions", answer, "text/event-stream");
            String body = chat("openai/gpt-4o-mini", ", \"stream\": true");
            HttpResponse<String> first = client().post(CACHED, body, "authorization", "Bearer sk-1");
            HttpResponse<String> second = client().post(CACHED, body, "authorization", "Bearer sk-1");

            assertThat(first.body()).as("the provider's bytes first").startsWith(cut).doesNotContain("[DONE]");
            if (answer.equals(cut)) {
                assertThat(first.body().substring(cut.length())).startsWith("data: {\"error\":")
                        .contains("before its answer was complete");
            } else {
                assertThat(first.body()).as("the provider's own error ends it").isEqualTo(failed);
            }
            assertThat(second.headers().firstValue("cf-aig-cache-status")).as("never cached").contains("MISS");
            assertThat(received("/openai/v1/chat/completions")).hasSize(2);
        }
        HttpResponse<String> logged = client().post("/v1/local/passed/compat/chat/completions",
                chat("openai/gpt-4o-mini", ", \"stream\": true"), "authorization", "Bearer sk-1");
        String id = logged.headers().firstValue("cf-aig-log-id").orElseThrow();
        JsonNode entry = awaitLogs(PASSED_LOGS, 1).get("result").get(0);
        assertThat(entry.get("id").getStringValue()).isEqualTo(id);
        assertThat(entry.get("success").getBooleanValue()).as("a failed stream is no success").isFalse();
    }

    @Test
    void embeddingsPassThroughToOpenAiCompatibleProviders() throws Exception {
        String vectors = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.1,0.2]}],"
                + "\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}";
        answers("/openai/v1/embeddings", vectors, "application/json");
        HttpResponse<String> answer = client().post(COMPAT + "/embeddings",
                "{\"model\":\"openai/text-embedding-3-small\",\"input\":\"hello\"}");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(vectors);
        assertThat(utf8(received("/openai/v1/embeddings")[0].getBody().getRawBytes()))
                .isEqualTo("{\"model\":\"text-embedding-3-small\",\"input\":\"hello\"}");
    }

    @Test
    void modelsListsWhatSluiceKnowsPricesForAndTheMock() throws Exception {
        HttpResponse<String> answer = client().send(client().request(COMPAT + "/models").GET());
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode list = parse(answer.body());
        assertThat(list.get("object").getStringValue()).isEqualTo("list");
        StringBuilder ids = new StringBuilder();
        list.get("data").values().forEach(model -> ids.append(model.get("id").getStringValue()).append(' '));
        assertThat(ids.toString()).contains("openai/gpt-4o-mini ").contains("mock/gpt-4o-mini ")
                .doesNotContain("azure-openai/");
    }

    @Test
    void theMockAnswersThroughTheUnifiedApiWithNoKey() throws Exception {
        HttpResponse<String> answer = client().post(COMPAT + "/chat/completions",
                "{\"model\":\"mock/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(parse(answer.body()).get("choices").get(0).get("message").get("content").getStringValue())
                .contains("hello");
    }

    @Test
    void badRequestsAreRefusedWithTheGatewaysEnvelopeBeforeAnythingIsSent() throws Exception {
        assertRefused(client().post(COMPAT + "/chat/completions", chat("gpt-4o-mini", "")), 400, 2101,
                "{provider}/{model}");
        assertRefused(client().post(COMPAT + "/chat/completions", chat("nope/gpt-4o-mini", "")), 400, 2008,
                "Invalid provider 'nope'");
        assertRefused(client().post(COMPAT + "/chat/completions", chat("azure-openai/gpt-4o", "")), 400, 2008,
                "not available on the unified API");
        assertRefused(client().post(COMPAT + "/chat/completions", "{\"model\": 7}"), 400, 2101, "model");
        assertRefused(client().post(COMPAT + "/chat/completions", "{\"messages\": []"), 400, 2101, "is not valid JSON: Unexpected end-of-input");
        assertRefused(client().post(COMPAT + "/chat/completions", "[1,2]"), 400, 2101, "JSON object");
        assertRefused(client().post(COMPAT + "/completions", chat("openai/gpt-4o-mini", "")), 404, 2103,
                "chat/completions");
        assertRefused(client().send(client().request(COMPAT + "/chat/completions").GET()), 405, 2104, "POST");
        assertRefused(client().post("/v1/local/locked/compat/chat/completions", chat("openai/gpt-4o-mini", "")),
                401, 2009, "");
        assertThat(upstream.retrieveRecordedRequests(request())).isEmpty();
    }

    private void assertRefused(HttpResponse<String> answer, int status, int code, String message) throws IOException {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        JsonNode error = parse(answer.body()).get("error").get(0);
        assertThat(error.get("code").getIntValue()).isEqualTo(code);
        assertThat(error.get("message").getStringValue()).contains(message);
    }

    private JsonNode awaitLogs(int count) throws Exception {
        return awaitLogs(LOGS, count);
    }

    private JsonNode awaitLogs(String logs, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode list;
        do {
            HttpResponse<String> response = client().admin("GET", logs, null);
            list = parse(response.body());
            if (list.get("result_info").get("total_count").getLongValue() >= count) {
                return list;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return list;
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
