package dev.sluice.bootstrap;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.ConnectionOptions;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * The unified API ends a translated stream at the provider's closing event, not when the provider closes its
 * connection: MockServer plays Anthropic, Google and Cohere in their documented stream formats and keeps the connection
 * open after the last event.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompatStreamEndEndToEndTest implements TestPropertyProvider {

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
                    Map.entry("sluice.data-dir", Files.createTempDirectory("sluice-compat-stream-end").toString()),
                    Map.entry("micronaut.server.port", "-1"),
                    Map.entry("sluice.admin-token", SluiceClient.ADMIN),
                    Map.entry("sluice.gateways.held-anthropic.cache-ttl", "0"),
                    Map.entry("sluice.gateways.held-google.cache-ttl", "0"),
                    Map.entry("sluice.gateways.held-cohere.cache-ttl", "0"),
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

    static final String GEMINI_STREAM = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}],"
            + "\"role\":\"model\"},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":4,\"totalTokenCount\":4},"
            + "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r-held\"}\r\n\r\n"
            + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" there\"}],\"role\":\"model\"},"
            + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":4,"
            + "\"candidatesTokenCount\":2,\"totalTokenCount\":6},\"modelVersion\":\"gemini-2.5-flash\","
            + "\"responseId\":\"r-held\"}\r\n\r\n";

    static final String COHERE_STREAM = "event: message-start\ndata: {\"id\":\"29f14a5a\",\"type\":\"message-start\","
            + "\"delta\":{\"message\":{\"role\":\"assistant\",\"content\":[],\"tool_plan\":\"\",\"tool_calls\":[],"
            + "\"citations\":[]}}}\n\n"
            + "event: content-start\ndata: {\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":"
            + "{\"content\":{\"type\":\"text\",\"text\":\"\"}}}}\n\n"
            + "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":"
            + "{\"content\":{\"text\":\"Hello\"}}}}\n\n"
            + "event: content-end\ndata: {\"type\":\"content-end\",\"index\":0}\n\n"
            + "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\","
            + "\"usage\":{\"billed_units\":{\"input_tokens\":3,\"output_tokens\":1},\"tokens\":{\"input_tokens\":69,"
            + "\"output_tokens\":1}}}}\n\n";

    /**
     * A provider that keeps its connection open after its closing event (Anthropic's {@code message_stop}, Gemini's
     * last chunk, the one with the finish reason, Cohere's {@code message-end}): here an answer sent without a length
     * on a connection MockServer never closes, so only the closing event can tell that it is over. The client gets its
     * {@code [DONE]} and the end of its answer at once, and the entry is logged with the usage of that last event.
     */
    @ParameterizedTest
    @CsvSource({"anthropic, /anthropic/v1/messages, anthropic/claude-sonnet-4-5, 25, 15",
            "google, /google/v1beta/models/gemini-2.5-flash:streamGenerateContent, google-ai-studio/gemini-2.5-flash, 4, 2",
            "cohere, /cohere/v2/chat, cohere/command-a-03-2025, 3, 1"})
    void theAnswerEndsAtTheProvidersClosingEventThoughItsConnectionStaysOpen(String name, String path, String model,
                                                                            long in, long out) throws Exception {
        String stream = switch (name) {
            case "anthropic" -> CompatTranslationEndToEndTest.ANTHROPIC_STREAM;
            case "google" -> GEMINI_STREAM;
            default -> COHERE_STREAM;
        };
        upstream.when(request().withMethod("POST").withPath(path)).respond(response().withStatusCode(200)
                .withHeader("content-type", "text/event-stream").withBody(stream)
                .withConnectionOptions(ConnectionOptions.connectionOptions().withSuppressContentLengthHeader(true)
                        .withCloseSocket(false).withKeepAliveOverride(false)));
        java.net.http.HttpRequest held = client().request("/v1/local/held-" + name + "/compat/chat/completions")
                .header("content-type", "application/json").header("authorization", "Bearer key")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
                        + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")).build();
        java.util.concurrent.CompletableFuture<HttpResponse<String>> whole = java.net.http.HttpClient.newHttpClient()
                .sendAsync(held, HttpResponse.BodyHandlers.ofString());
        // The request's own timeout covers its headers only: the whole answer is what must not wait for the provider.
        HttpResponse<String> answer = whole.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(events(answer.body())).last().isEqualTo("[DONE]");

        JsonNode entry = awaitLog("/client/v4/accounts/local/ai-gateway/gateways/held-" + name + "/logs");
        assertThat(entry.get("success").getBooleanValue()).isTrue();
        assertThat(entry.get("tokens_in").getLongValue()).isEqualTo(in);
        assertThat(entry.get("tokens_out").getLongValue()).isEqualTo(out);
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

    private JsonNode awaitLog(String logs) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode list = json.readValue(client().admin("GET", logs, null).body(), JsonNode.class);
            if (list.get("result_info").get("total_count").getLongValue() >= 1) {
                return list.get("result").get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no log entry was written");
    }
}
