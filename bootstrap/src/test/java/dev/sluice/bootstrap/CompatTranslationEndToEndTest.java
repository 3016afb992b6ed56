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
import org.mockserver.model.Parameter;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * The unified API through the real server to providers with formats of their own, played by MockServer
 * in their documented wire formats: Anthropic's Messages API (whole, streamed, tools, errors, a stream
 * cut short), Google's generateContent and its SSE stream, Cohere's v2 chat and its events. The client
 * speaks only OpenAI's format and gets only OpenAI's format back; the gateway's cache, logs and refusals
 * hold as on any other path.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompatTranslationEndToEndTest implements TestPropertyProvider {

    private static final String CHAT = "/v1/local/default/compat/chat/completions";
    private static final String CACHED = "/v1/local/cached/compat/chat/completions";
    private static final String LOGS = "/client/v4/accounts/local/ai-gateway/gateways/logged/logs";

    static final String ANTHROPIC_MESSAGE = "{\"id\":\"msg_013Zva2CMHLNnXjNJJKqJ2EF\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\","
            + "\"text\":\"I'll check the weather.\"},{\"type\":\"tool_use\",\"id\":\"toolu_01A09q90qw90lq917835lq9\","
            + "\"name\":\"get_weather\",\"input\":{\"location\":\"San Francisco, CA\"}}],\"stop_reason\":\"tool_use\","
            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":2095,\"cache_creation_input_tokens\":1000,"
            + "\"cache_read_input_tokens\":3000,\"output_tokens\":503}}";
    static final String ANTHROPIC_STREAM = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
            + "{\"id\":\"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"content\":[],\"model\":\"claude-sonnet-4-5-20250929\",\"stop_reason\":null,\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
            + "{\"type\":\"text\",\"text\":\"\"}}\n\n"
            + "event: ping\ndata: {\"type\": \"ping\"}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
            + "{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
            + "{\"type\":\"text_delta\",\"text\":\"!\"}}\n\n"
            + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"name\":\"get_weather\",\"input\":{}}}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
            + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"location\\\": \\\"San Fra\"}}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
            + "{\"type\":\"input_json_delta\",\"partial_json\":\"ncisco, CA\\\"}\"}}\n\n"
            + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

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
                    Map.entry("sluice.data-dir", Files.createTempDirectory("sluice-compat-translation").toString()),
                    Map.entry("micronaut.server.port", "-1"),
                    Map.entry("sluice.admin-token", SluiceClient.ADMIN),
                    Map.entry("sluice.gateways.cached.cache-ttl", "3600"),
                    Map.entry("sluice.gateways.logged.cache-ttl", "0"),
                    Map.entry("sluice.gateways.gemini.cache-ttl", "0"),
                    Map.entry("sluice.logs.flush-interval", "20ms"),
                    Map.entry("sluice.providers.anthropic.base-url", base + "/anthropic/"),
                    Map.entry("sluice.providers.google-ai-studio.base-url", base + "/google/"),
                    Map.entry("sluice.providers.cohere.base-url", base + "/cohere/"));
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

    private void answers(String path, int status, String body, String contentType) {
        upstream.when(request().withMethod("POST").withPath(path))
                .respond(response().withStatusCode(status).withHeader("content-type", contentType).withBody(body));
    }

    private HttpRequest sent(String path) {
        HttpRequest[] received = upstream.retrieveRecordedRequests(request().withPath(path));
        assertThat(received).as("requests to " + path).hasSize(1);
        return received[0];
    }

    private JsonNode parse(String body) throws IOException {
        return json.readValue(body, JsonNode.class);
    }

    private static String weatherRequest(String model, String extra) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Weather in SF? " + UUID.randomUUID() + "\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":"
                + "\"Current weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"location\":"
                + "{\"type\":\"string\"}},\"required\":[\"location\"]}}}]" + extra + "}";
    }

    /** The {@code data:} payloads of an SSE body, in order. */
    private static List<String> events(String body) {
        List<String> data = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }
        return data;
    }

    @Test
    void anthropicAnswersInOpenAisShapeWithToolCallsAndCacheTokens() throws Exception {
        answers("/anthropic/v1/messages", 200, ANTHROPIC_MESSAGE, "application/json");
        HttpResponse<String> answer = client().post(CHAT, weatherRequest("anthropic/claude-sonnet-4-5", ""),
                "authorization", "Bearer sk-ant-key");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("content-type")).contains("application/json");
        JsonNode completion = parse(answer.body());
        assertThat(completion.get("object").getStringValue()).isEqualTo("chat.completion");
        JsonNode choice = completion.get("choices").get(0);
        assertThat(choice.get("finish_reason").getStringValue()).isEqualTo("tool_calls");
        JsonNode call = choice.get("message").get("tool_calls").get(0);
        assertThat(call.get("id").getStringValue()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(call.get("function").get("name").getStringValue()).isEqualTo("get_weather");
        assertThat(parse(call.get("function").get("arguments").getStringValue()).get("location").getStringValue())
                .isEqualTo("San Francisco, CA");
        JsonNode usage = completion.get("usage");
        assertThat(usage.get("prompt_tokens").getLongValue()).isEqualTo(6095);
        assertThat(usage.get("prompt_tokens_details").get("cached_tokens").getLongValue()).isEqualTo(3000);

        HttpRequest request = sent("/anthropic/v1/messages");
        assertThat(request.getFirstHeader("x-api-key")).isEqualTo("sk-ant-key");
        assertThat(request.getFirstHeader("anthropic-version")).isNotEmpty();
        assertThat(request.containsHeader("authorization")).isFalse();
        JsonNode body = parse(request.getBodyAsString());
        assertThat(body.get("model").getStringValue()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.get("max_tokens").getLongValue()).isPositive();
        assertThat(body.get("tools").get(0).get("input_schema").get("type").getStringValue()).isEqualTo("object");
        assertThat(body.get("messages").get(0).get("role").getStringValue()).isEqualTo("user");
    }

    @Test
    void anthropicsSignedThinkingIsAnsweredAndPassedBackOnTheToolResultsTurn() throws Exception {
        // Anthropic's extended thinking with tool use, as its documentation shows the answer.
        answers("/anthropic/v1/messages", 200, "{\"id\":\"msg_01Thk\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"thinking\",\"thinking\":"
                + "\"The user wants the weather in SF.\",\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_01Thk\",\"name\":\"get_weather\",\"input\":{\"location\":"
                + "\"San Francisco, CA\"}}],\"stop_reason\":\"tool_use\",\"stop_sequence\":null,\"usage\":"
                + "{\"input_tokens\":400,\"output_tokens\":120}}", "application/json");
        String asked = "{\"role\":\"user\",\"content\":\"Weather in SF? " + UUID.randomUUID() + "\"}";
        HttpResponse<String> first = client().post(CHAT, "{\"model\":\"anthropic/claude-sonnet-4-5\",\"reasoning_effort\":"
                + "\"low\",\"messages\":[" + asked + "]}", "authorization", "Bearer sk-ant");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode message = parse(first.body()).get("choices").get(0).get("message");
        assertThat(message.get("thinking_blocks").get(0).get("signature").getStringValue())
                .isEqualTo("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds");

        // The client appends the message as it came, and the tool's result, as OpenAI's SDKs are used.
        upstream.reset();
        answers("/anthropic/v1/messages", 200, ANTHROPIC_MESSAGE, "application/json");
        String assistant = json.writeValueAsString(message);
        HttpResponse<String> second = client().post(CHAT, "{\"model\":\"anthropic/claude-sonnet-4-5\",\"reasoning_effort\":"
                + "\"low\",\"messages\":[" + asked + "," + assistant + ",{\"role\":\"tool\",\"tool_call_id\":"
                + "\"toolu_01Thk\",\"content\":\"18C, fog\"}]}", "authorization", "Bearer sk-ant");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode turn = parse(sent("/anthropic/v1/messages").getBodyAsString()).get("messages").get(1);
        assertThat(turn.get("role").getStringValue()).isEqualTo("assistant");
        JsonNode thinking = turn.get("content").get(0);
        assertThat(thinking.get("type").getStringValue()).as("Anthropic wants the turn to start with it").isEqualTo("thinking");
        assertThat(thinking.get("thinking").getStringValue()).isEqualTo("The user wants the weather in SF.");
        assertThat(thinking.get("signature").getStringValue()).isEqualTo("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds");
        assertThat(turn.get("content").get(1).get("type").getStringValue()).isEqualTo("tool_use");
    }

    @Test
    void anAnthropicStreamArrivesAsOpenAiChunksWithToolCallDeltasAndUsage() throws Exception {
        answers("/anthropic/v1/messages", 200, ANTHROPIC_STREAM, "text/event-stream");
        HttpResponse<String> answer = client().post(CHAT, weatherRequest("anthropic/claude-sonnet-4-5",
                ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"), "authorization", "Bearer sk-ant");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("content-type")).contains("text/event-stream");
        List<String> data = events(answer.body());
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        String finish = null;
        JsonNode usage = null;
        for (String event : data.subList(0, data.size() - 1)) {
            JsonNode chunk = parse(event);
            assertThat(chunk.get("object").getStringValue()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("id").getStringValue()).isEqualTo("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY");
            if (chunk.get("usage") != null && !chunk.get("usage").isNull()) {
                usage = chunk.get("usage");
            }
            if (chunk.get("choices").size() == 0) {
                continue;
            }
            JsonNode choice = chunk.get("choices").get(0);
            JsonNode delta = choice.get("delta");
            if (delta.get("content") != null && delta.get("content").isString()) {
                text.append(delta.get("content").getStringValue());
            }
            if (delta.get("tool_calls") != null) {
                JsonNode call = delta.get("tool_calls").get(0);
                assertThat(call.get("index").getIntValue()).isZero();
                arguments.append(call.get("function").get("arguments").getStringValue());
            }
            if (choice.get("finish_reason") != null && choice.get("finish_reason").isString()) {
                finish = choice.get("finish_reason").getStringValue();
            }
        }
        assertThat(text.toString()).isEqualTo("Hello!");
        assertThat(arguments.toString()).isEqualTo("{\"location\": \"San Francisco, CA\"}");
        assertThat(finish).isEqualTo("tool_calls");
        assertThat(usage).isNotNull();
        assertThat(usage.get("prompt_tokens").getLongValue()).isEqualTo(25);
        assertThat(usage.get("completion_tokens").getLongValue()).isEqualTo(15);
        assertThat(parse(sent("/anthropic/v1/messages").getBodyAsString()).get("stream").getBooleanValue()).isTrue();
    }

    @Test
    void aTranslatedStreamIsCachedAsTheProvidersAndTranslatedAgainOnAHit() throws Exception {
        answers("/anthropic/v1/messages", 200, ANTHROPIC_STREAM, "text/event-stream");
        String body = weatherRequest("anthropic/claude-sonnet-4-5", ",\"stream\":true");
        HttpResponse<String> first = client().post(CACHED, body, "authorization", "Bearer sk-ant");
        HttpResponse<String> second = client().post(CACHED, body, "authorization", "Bearer sk-ant");

        assertThat(second.headers().firstValue("cf-aig-cache-status")).contains("HIT");
        assertThat(events(second.body())).hasSameSizeAs(events(first.body())).last().isEqualTo("[DONE]");
        assertThat(upstream.retrieveRecordedRequests(request().withPath("/anthropic/v1/messages"))).hasSize(1);
    }

    @Test
    void aStreamAnthropicEndsEarlyGetsAnErrorChunkNoDoneAndIsNotCached() throws Exception {
        String truncated = ANTHROPIC_STREAM.substring(0, ANTHROPIC_STREAM.indexOf("event: content_block_stop"));
        answers("/anthropic/v1/messages", 200, truncated, "text/event-stream");
        String body = weatherRequest("anthropic/claude-sonnet-4-5", ",\"stream\":true");
        HttpResponse<String> first = client().send(client().request(CACHED)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json"), HttpResponse.BodyHandlers.ofString());
        List<String> data = events(first.body());
        assertThat(data).doesNotContain("[DONE]");
        assertThat(data.get(data.size() - 1)).contains("\"error\"").contains("before its answer was complete");

        client().send(client().request(CACHED).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json"), HttpResponse.BodyHandlers.ofString());
        assertThat(upstream.retrieveRecordedRequests(request().withPath("/anthropic/v1/messages"))).hasSize(2);
    }

    @Test
    void anAnthropicErrorKeepsItsStatusAndMessageInOpenAisShape() throws Exception {
        answers("/anthropic/v1/messages", 400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"max_tokens: 100000 > 64000, which is the maximum allowed\"}}", "application/json");
        HttpResponse<String> answer = client().post(CHAT, weatherRequest("anthropic/claude-sonnet-4-5",
                ",\"max_tokens\":100000"), "authorization", "Bearer sk-ant");

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode error = parse(answer.body()).get("error");
        assertThat(error.get("message").getStringValue()).contains("64000");
        assertThat(error.get("type").getStringValue()).isEqualTo("invalid_request_error");
    }

    @Test
    void whatAnthropicCannotExpressIsRefusedBeforeAnythingIsSent() throws Exception {
        HttpResponse<String> answer = client().post(CHAT, weatherRequest("anthropic/claude-sonnet-4-5", ",\"n\":2"));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(parse(answer.body()).get("error").get(0).get("message").getStringValue()).startsWith("n:");
        HttpResponse<String> noEmbeddings = client().post("/v1/local/default/compat/embeddings",
                "{\"model\":\"anthropic/claude-sonnet-4-5\",\"input\":\"x\"}");
        assertThat(noEmbeddings.statusCode()).isEqualTo(400);
        HttpResponse<String> noToolId = client().post(CHAT, "{\"model\":\"anthropic/claude-sonnet-4-5\","
                + "\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"type\":\"function\",\"function\":"
                + "{\"name\":\"f\",\"arguments\":\"{}\"}}]}]}");
        assertThat(noToolId.statusCode()).isEqualTo(400);
        assertThat(parse(noToolId.body()).get("error").get(0).get("message").getStringValue())
                .startsWith("messages[0].tool_calls[0].id");
        assertThat(upstream.retrieveRecordedRequests(request())).isEmpty();
    }

    @Test
    void aTenMegabyteInlineImageGoesThroughAndAnUnreadableAnswerIsA502() throws Exception {
        answers("/anthropic/v1/messages", 200, ANTHROPIC_MESSAGE, "application/json");
        String image = "A".repeat(10 * 1024 * 1024);
        HttpResponse<String> answer = client().post(CHAT, "{\"model\":\"anthropic/claude-sonnet-4-5\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64," + image + "\"}}]}]}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode source = parse(sent("/anthropic/v1/messages").getBodyAsString()).get("messages").get(0)
                .get("content").get(1).get("source");
        assertThat(source.get("media_type").getStringValue()).isEqualTo("image/png");
        assertThat(source.get("data").getStringValue()).hasSize(image.length());

        upstream.reset();
        answers("/anthropic/v1/messages", 200, "<html>upstream proxy error</html>", "text/html");
        HttpResponse<String> garbled = client().post(CHAT, weatherRequest("anthropic/claude-sonnet-4-5", ""));
        assertThat(garbled.statusCode()).isEqualTo(502);
        assertThat(parse(garbled.body()).get("error").get("message").getStringValue()).contains("upstream proxy error");
    }

    @Test
    void theLogKeepsTheClientsBodiesAndPricesAnthropicsCacheTokensAtTheirOwnRates() throws Exception {
        answers("/anthropic/v1/messages", 200, ANTHROPIC_MESSAGE, "application/json");
        String body = weatherRequest("anthropic/claude-sonnet-4-5", "");
        HttpResponse<String> answer = client().post("/v1/local/logged/compat/chat/completions", body,
                "authorization", "Bearer sk-ant");

        JsonNode entry = awaitLog();
        assertThat(entry.get("provider").getStringValue()).isEqualTo("anthropic");
        assertThat(entry.get("model").getStringValue()).isEqualTo("claude-sonnet-4-5");
        assertThat(entry.get("tokens_in").getLongValue()).isEqualTo(6095);
        assertThat(entry.get("tokens_out").getLongValue()).isEqualTo(503);
        // claude-sonnet-4-5: $3/M input, $15/M output, $0.30/M cache reads, $3.75/M cache writes.
        double expected = (2095 * 3.0 + 3000 * 0.30 + 1000 * 3.75 + 503 * 15.0) / 1_000_000;
        assertThat(entry.get("cost").getDoubleValue()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
        String id = entry.get("id").getStringValue();
        assertThat(client().admin("GET", LOGS + "/" + id + "/request", null).body()).isEqualTo(body);
        assertThat(client().admin("GET", LOGS + "/" + id + "/response", null).body()).isEqualTo(answer.body());
    }

    @Test
    void googleAnswersWholeAndStreamed() throws Exception {
        String generated = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi there\",\"thoughtSignature\":"
                + "\"sig-text\"}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":4,"
                + "\"candidatesTokenCount\":2,\"totalTokenCount\":6},\"modelVersion\":\"gemini-2.5-flash\","
                + "\"responseId\":\"resp-1\"}";
        answers("/google/v1beta/models/gemini-2.5-flash:generateContent", 200, generated, "application/json");
        HttpResponse<String> whole = client().post(CHAT, "{\"model\":\"google-ai-studio/gemini-2.5-flash\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "authorization", "Bearer g-key");
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        assertThat(parse(whole.body()).get("choices").get(0).get("message").get("content").getStringValue())
                .isEqualTo("Hi there");
        assertThat(parse(whole.body()).get("choices").get(0).get("message").get("extra_content").get("google")
                .get("thought_signature").getStringValue()).as("Gemini's signature on its text").isEqualTo("sig-text");
        assertThat(sent("/google/v1beta/models/gemini-2.5-flash:generateContent").getFirstHeader("x-goog-api-key"))
                .isEqualTo("g-key");

        String stream = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}],\"role\":\"model\"},"
                + "\"index\":0}],\"modelVersion\":\"gemini-2.5-flash\"}\r\n\r\n"
                + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" there\"},{\"text\":\"\","
                + "\"thoughtSignature\":\"sig-end\"}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":4,"
                + "\"candidatesTokenCount\":2,\"totalTokenCount\":6},\"modelVersion\":\"gemini-2.5-flash\"}\r\n\r\n";
        upstream.when(request().withMethod("POST").withPath("/google/v1beta/models/gemini-2.5-flash:streamGenerateContent")
                .withQueryStringParameter(Parameter.param("alt", "sse")))
                .respond(response().withStatusCode(200).withHeader("content-type", "text/event-stream").withBody(stream));
        HttpResponse<String> streamed = client().post(CHAT, "{\"model\":\"google-ai-studio/gemini-2.5-flash\","
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "authorization", "Bearer g-key");
        List<String> data = events(streamed.body());
        assertThat(data).last().isEqualTo("[DONE]");
        assertThat(String.join("", data)).contains("\"content\":\"Hi\"").contains("\"content\":\" there\"")
                .contains("\"finish_reason\":\"stop\"")
                .contains("\"delta\":{\"extra_content\":{\"google\":{\"thought_signature\":\"sig-end\"}}}");
    }

    @Test
    void aGeminiModelNamedWithItsModelsPrefixIsPricedAndLoggedUnderItsOwnName() throws Exception {
        answers("/google/v1beta/models/gemini-2.5-flash:generateContent", 200, "{\"candidates\":[{\"content\":"
                + "{\"parts\":[{\"text\":\"Hi\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":4000,\"candidatesTokenCount\":2000,\"totalTokenCount\":6000}}",
                "application/json");
        HttpResponse<String> answer = client().post("/v1/local/gemini/compat/chat/completions",
                "{\"model\":\"google-ai-studio/models/gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "authorization", "Bearer g-key");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

        JsonNode entry = awaitLog(LOGS.replace("/logged/", "/gemini/"));
        assertThat(entry.get("model").getStringValue()).isEqualTo("gemini-2.5-flash");
        assertThat(entry.get("cost").getDoubleValue()).as("priced as gemini-2.5-flash").isPositive();
    }

    @Test
    void cohereAnswersWholeAndStreamed() throws Exception {
        String chat = "{\"id\":\"c14c80c3-18eb-4519-9460-6c92edd8cfb4\",\"finish_reason\":\"COMPLETE\",\"message\":"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hello from Cohere\"}]},"
                + "\"usage\":{\"billed_units\":{\"input_tokens\":5,\"output_tokens\":4},\"tokens\":{\"input_tokens\":71,"
                + "\"output_tokens\":4}}}";
        answers("/cohere/v2/chat", 200, chat, "application/json");
        HttpResponse<String> whole = client().post(CHAT, "{\"model\":\"cohere/command-a-03-2025\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "authorization", "Bearer co-key");
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        JsonNode completion = parse(whole.body());
        assertThat(completion.get("choices").get(0).get("message").get("content").getStringValue())
                .isEqualTo("Hello from Cohere");
        assertThat(completion.get("model").getStringValue()).isEqualTo("command-a-03-2025");
        assertThat(completion.get("usage").get("prompt_tokens").getLongValue()).as("billed").isEqualTo(5);
        assertThat(sent("/cohere/v2/chat").getFirstHeader("authorization")).isEqualTo("Bearer co-key");

        upstream.reset();
        String events = "event: message-start\ndata: {\"id\":\"29f14a5a\",\"type\":\"message-start\",\"delta\":"
                + "{\"message\":{\"role\":\"assistant\",\"content\":[],\"tool_plan\":\"\",\"tool_calls\":[],"
                + "\"citations\":[]}}}\n\n"
                + "event: content-start\ndata: {\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":"
                + "{\"content\":{\"type\":\"text\",\"text\":\"\"}}}}\n\n"
                + "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":"
                + "{\"content\":{\"text\":\"Hello\"}}}}\n\n"
                + "event: content-end\ndata: {\"type\":\"content-end\",\"index\":0}\n\n"
                + "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\","
                + "\"usage\":{\"billed_units\":{\"input_tokens\":3,\"output_tokens\":1},\"tokens\":{\"input_tokens\":69,"
                + "\"output_tokens\":1}}}}\n\n";
        answers("/cohere/v2/chat", 200, events, "text/event-stream");
        HttpResponse<String> streamed = client().post(CHAT, "{\"model\":\"cohere/command-a-03-2025\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "authorization", "Bearer co-key");
        List<String> data = events(streamed.body());
        assertThat(data).last().isEqualTo("[DONE]");
        assertThat(String.join("", data)).contains("\"content\":\"Hello\"").contains("\"finish_reason\":\"stop\"");
    }

    private JsonNode awaitLog() throws Exception {
        return awaitLog(LOGS);
    }

    private JsonNode awaitLog(String logs) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode list = parse(client().admin("GET", logs, null).body());
            if (list.get("result_info").get("total_count").getLongValue() >= 1) {
                return list.get("result").get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no log entry was written");
    }
}
