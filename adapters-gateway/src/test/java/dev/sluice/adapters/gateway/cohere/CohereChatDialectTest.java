package dev.sluice.adapters.gateway.cohere;

import dev.sluice.adapters.gateway.ChatFixtures;
import dev.sluice.adapters.gateway.dialect.WireJson;
import dev.sluice.domain.chat.ChatEvent;
import dev.sluice.domain.chat.ChatMessage;
import dev.sluice.domain.chat.ChatRequest;
import dev.sluice.domain.chat.ChatResult;
import dev.sluice.domain.chat.ContentPart;
import dev.sluice.domain.chat.EmbeddingRequest;
import dev.sluice.domain.chat.FinishReason;
import dev.sluice.domain.chat.ProviderRequest;
import dev.sluice.domain.chat.Role;
import dev.sluice.domain.chat.Sampling;
import dev.sluice.domain.chat.ToolChoice;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.usage.TokenUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Cohere dialect against the v2 API as Cohere documents it (docs.cohere.com: "Chat" v2 reference,
 * "Streaming responses" — the tool-call stream in {@code stream-tool-call.txt} —, "Tool use",
 * "Embed" v2 reference, "Errors").
 */
class CohereChatDialectTest {

    private final CohereChatDialect dialect = new CohereChatDialect(Clock.systemUTC());

    @Test
    void aConversationKeepsItsRolesWithImagePartsToolCallsAndResults() {
        ProviderRequest request = dialect.chatRequest(ChatFixtures.conversation("command-a-03-2025",
                ChatFixtures.sampling(0.3, 200), true), ChatFixtures.CLIENT);
        assertThat(request.path()).isEqualTo("v2/chat");
        assertThat(request.headers().first("authorization")).contains("Bearer sk-client");
        Map<String, Object> body = ChatFixtures.json(request.body());
        assertThat(body).containsEntry("p", 0.9).containsEntry("temperature", 0.3).containsEntry("max_tokens", 200L)
                .containsEntry("stop_sequences", List.of("END")).containsEntry("stream", true)
                .containsEntry("x_vendor", "kept").doesNotContainKey("tool_choice");
        List<Map<String, Object>> messages = WireJson.objects(body, "messages");
        assertThat(messages).extracting(message -> message.get("role"))
                .containsExactly("system", "user", "assistant", "tool", "user");
        assertThat(WireJson.list(messages.get(1), "content").get(2)).isEqualTo(Map.of("type", "image_url",
                "image_url", Map.of("url", "data:image/jpeg;base64,/9j/4AAQ")));
        assertThat(WireJson.list(messages.get(2), "tool_calls").get(0)).isEqualTo(Map.of("id", "call_1",
                "type", "function", "function", Map.of("name", "get_weather", "arguments", "{\"location\":\"Paris\"}")));
        assertThat(messages.get(3)).containsEntry("tool_call_id", "call_1").containsEntry("content", "{\"temperature\":21}");
        assertThat(WireJson.list(body, "tools").get(0)).isEqualTo(Map.of("type", "function", "function",
                Map.of("name", "get_weather", "description", "Current weather", "parameters", ChatFixtures.WEATHER_SCHEMA)));
    }

    @Test
    void aNamedToolOrSeveralChoicesAreRefusedAndRequiredIsWrittenCoheresWay() {
        ChatRequest base = ChatFixtures.conversation("command-a-03-2025", Sampling.DEFAULTS, false);
        assertThat(ChatFixtures.json(dialect.chatRequest(ChatFixtures.with(base, Sampling.DEFAULTS, Optional.empty(),
                Optional.of(ToolChoice.REQUIRED)), ChatFixtures.CLIENT).body())).containsEntry("tool_choice", "REQUIRED");
        assertThatThrownBy(() -> dialect.chatRequest(ChatFixtures.with(base, Sampling.DEFAULTS, Optional.empty(),
                Optional.of(ToolChoice.function("get_weather"))), ChatFixtures.CLIENT))
                .isInstanceOf(GatewayException.class).hasMessageStartingWith("tool_choice: cohere");
        Sampling two = new Sampling(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(2),
                Optional.empty(), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> dialect.chatRequest(ChatFixtures.with(base, two, Optional.empty(), Optional.empty()),
                ChatFixtures.CLIENT)).hasMessageStartingWith("n: cohere");
    }

    @Test
    void severalTextPartsStayApartAndTheEffortTurnsThinkingOnOrOff() {
        ChatMessage parts = new ChatMessage(Role.USER, List.of(new ContentPart.Text("Translate to German:"),
                new ContentPart.Text("good morning")), List.of(), Optional.empty(), Optional.empty(), Optional.empty());
        ChatRequest request = new ChatRequest("command-a-03-2025", List.of(parts), List.of(), Optional.empty(),
                Sampling.DEFAULTS, Optional.empty(), List.of(), false, false, Optional.of("none"), Optional.empty(),
                Map.of(), true);
        Map<String, Object> body = ChatFixtures.json(dialect.chatRequest(request, ChatFixtures.CLIENT).body());
        assertThat(WireJson.objects(body, "messages").get(0)).containsEntry("content", List.of(
                Map.of("type", "text", "text", "Translate to German:"), Map.of("type", "text", "text", "good morning")));
        assertThat(body).containsEntry("thinking", Map.of("type", "disabled"));

        ChatRequest unknown = new ChatRequest("command-a-03-2025", List.of(parts), List.of(), Optional.empty(),
                Sampling.DEFAULTS, Optional.empty(), List.of(), false, false, Optional.of("banana"), Optional.empty(),
                Map.of(), true);
        assertThatThrownBy(() -> dialect.chatRequest(unknown, ChatFixtures.CLIENT)).isInstanceOf(GatewayException.class)
                .hasMessageStartingWith("reasoning_effort: cohere takes none, minimal");
    }

    @Test
    void aV2AnswerIsReadWithToolCallsAndTheTokensBilled() {
        ChatResult result = dialect.chatResult("""
                {"id":"c14c80c3","finish_reason":"TOOL_CALL","message":{"role":"assistant",
                 "tool_plan":"I will look up the weather.","tool_calls":[{"id":"get_weather_1byjy32y4hvq",
                 "type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Toronto\\"}"}}]},
                 "usage":{"billed_units":{"input_tokens":37,"output_tokens":28},"tokens":{"input_tokens":913,"output_tokens":83}}}
                """.getBytes(StandardCharsets.UTF_8));
        var choice = result.choices().get(0);
        assertThat(choice.finishReason()).contains(FinishReason.TOOL_CALLS);
        assertThat(choice.message().toolCalls().get(0).arguments()).isEqualTo("{\"location\":\"Toronto\"}");
        assertThat(result.usage()).as("the billed units").contains(TokenUsage.reported(37, 28));
        assertThat(result.model()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 9, 100_000})
    void theDocumentedStreamIsReadTheSameHoweverItIsSplit(int every) throws IOException {
        String stream = new String(getClass().getResourceAsStream("/cohere/stream-tool-call.txt").readAllBytes(),
                StandardCharsets.UTF_8);
        CohereStreamDecoder decoder = new CohereStreamDecoder();
        List<ChatEvent> events = ChatFixtures.decode(decoder, stream, every);
        assertThat(events.get(0)).isEqualTo(new ChatEvent.Started("29f14a5a-11de-4cae-9800-25e4747408ea", ""));
        assertThat(events).contains(new ChatEvent.ToolCallDelta(0, 0, Optional.of("get_weather_nsz5zm3w56q3"),
                Optional.of("get_weather"), ""), new ChatEvent.Finished(0, FinishReason.TOOL_CALLS),
                new ChatEvent.Usage(TokenUsage.reported(37, 28)));
        assertThat(ChatFixtures.arguments(events, 0)).isEqualTo("{\n    \"location\": \"Toronto\"\n}");
        assertThat(decoder.finished()).isTrue();
        CohereStreamDecoder cut = new CohereStreamDecoder();
        ChatFixtures.decode(cut, stream.substring(0, stream.indexOf("event: message-end")), every);
        assertThat(cut.finished()).isFalse();
    }

    @Test
    void errorsKeepCoheresMessageAndEmbeddingsUseV2Embed() {
        assertThat(dialect.error(400, "{\"message\":\"invalid request: model 'x' not found\"}"
                .getBytes(StandardCharsets.UTF_8)).message()).isEqualTo("invalid request: model 'x' not found");
        var embeddings = dialect.embeddings().orElseThrow();
        ProviderRequest request = embeddings.embeddingRequest(new EmbeddingRequest("embed-v4.0", List.of("hi"),
                Optional.empty(), Map.of("input_type", "search_query")), ChatFixtures.CLIENT);
        assertThat(request.path()).isEqualTo("v2/embed");
        assertThat(ChatFixtures.json(request.body())).containsEntry("texts", List.of("hi"))
                .containsEntry("input_type", "search_query").containsEntry("embedding_types", List.of("float"));
        var result = embeddings.embeddingResult(("{\"id\":\"e1\",\"embeddings\":{\"float\":[[0.5,0.25]]},"
                + "\"texts\":[\"hi\"],\"meta\":{\"billed_units\":{\"input_tokens\":1}}}").getBytes(StandardCharsets.UTF_8));
        assertThat(result.vectors().get(0)).containsExactly(0.5, 0.25);
        assertThat(result.usage()).contains(TokenUsage.reported(1, 0));
    }
}
