package dev.sluice.adapters.gateway.anthropic;

import dev.sluice.adapters.gateway.ChatFixtures;
import dev.sluice.adapters.gateway.dialect.WireJson;
import dev.sluice.domain.chat.ChatEvent;
import dev.sluice.domain.chat.ChatMessage;
import dev.sluice.domain.chat.ChatRequest;
import dev.sluice.domain.chat.ChatResult;
import dev.sluice.domain.chat.ContentPart;
import dev.sluice.domain.chat.FinishReason;
import dev.sluice.domain.chat.ProviderError;
import dev.sluice.domain.chat.ProviderRequest;
import dev.sluice.domain.chat.ResponseFormat;
import dev.sluice.domain.chat.Role;
import dev.sluice.domain.chat.Sampling;
import dev.sluice.domain.chat.ThinkingBlock;
import dev.sluice.domain.chat.ToolCall;
import dev.sluice.domain.chat.ToolChoice;
import dev.sluice.domain.chat.ToolDefinition;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.usage.TokenUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Anthropic dialect against the Messages API as Anthropic documents it (docs.anthropic.com: the
 * Messages API reference, "Streaming Messages" — the tool-use and extended-thinking streams in
 * {@code stream-tool-use.txt} —, "Tool use", "Vision", "Errors").
 */
class AnthropicChatDialectTest {

    private final AnthropicChatDialect dialect = new AnthropicChatDialect(
            Clock.fixed(Instant.ofEpochSecond(1_767_225_600), ZoneOffset.UTC));

    private Map<String, Object> body(ChatRequest request) {
        return ChatFixtures.json(dialect.chatRequest(request, ChatFixtures.CLIENT).body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aConversationBecomesAlternatingTurnsWithSystemImagesToolsAndResults() {
        ProviderRequest request = dialect.chatRequest(ChatFixtures.conversation("claude-sonnet-4-5",
                ChatFixtures.sampling(0.2, null), false), ChatFixtures.CLIENT);
        assertThat(request.path()).isEqualTo("v1/messages");
        assertThat(request.headers().first("x-api-key")).contains("sk-client");
        assertThat(request.headers().first("authorization")).isEmpty();
        assertThat(request.headers().first("anthropic-version")).contains("2023-06-01");
        assertThat(request.headers().first("content-length")).isEmpty();
        assertThat(request.headers().first("user-agent")).contains("openai-python/1.50");

        Map<String, Object> body = ChatFixtures.json(request.body());
        assertThat(body).containsEntry("model", "claude-sonnet-4-5").containsEntry("system", "Be brief.")
                .containsEntry("max_tokens", 4096L).containsEntry("temperature", 0.2).containsEntry("top_p", 0.9)
                .containsEntry("stop_sequences", List.of("END")).containsEntry("x_vendor", "kept")
                .containsEntry("tool_choice", Map.of("type", "auto")).doesNotContainKey("stream");
        List<Map<String, Object>> turns = WireJson.objects(body, "messages");
        assertThat(turns).extracting(turn -> turn.get("role")).containsExactly("user", "assistant", "user");
        List<Map<String, Object>> first = WireJson.objects(turns.get(0), "content");
        assertThat(first.get(1)).isEqualTo(Map.of("type", "image",
                "source", Map.of("type", "url", "url", "https://example.com/cat.png")));
        assertThat(first.get(2)).isEqualTo(Map.of("type", "image",
                "source", Map.of("type", "base64", "media_type", "image/jpeg", "data", "/9j/4AAQ")));
        List<Map<String, Object>> assistant = WireJson.objects(turns.get(1), "content");
        assertThat(assistant.get(1)).isEqualTo(Map.of("type", "tool_use", "id", "call_1", "name", "get_weather",
                "input", Map.of("location", "Paris")));
        List<Map<String, Object>> last = WireJson.objects(turns.get(2), "content");
        assertThat(last.get(0)).isEqualTo(Map.of("type", "tool_result", "tool_use_id", "call_1",
                "content", "{\"temperature\":21}"));
        assertThat(last.get(1)).isEqualTo(Map.of("type", "text", "text", "Thanks. And tomorrow?"));
        assertThat(WireJson.objects(body, "tools").get(0)).isEqualTo(Map.of("name", "get_weather",
                "description", "Current weather", "input_schema", ChatFixtures.WEATHER_SCHEMA));
    }

    @Test
    void anAssistantTurnPassesItsSignedThinkingBackFirst() {
        ChatMessage asked = ChatMessage.text(Role.USER, "Weather in Paris?");
        ChatMessage called = new ChatMessage(Role.ASSISTANT, List.of(),
                List.of(new ToolCall("toolu_1", "get_weather", "{\"location\":\"Paris\"}")), Optional.empty(),
                Optional.empty(), Optional.of("Look it up."),
                List.of(ThinkingBlock.signed("Look it up.", "sig-1"), ThinkingBlock.redacted("opaque")));
        ChatMessage answered = ChatMessage.toolResult("toolu_1", "{\"temperature\":21}");
        ChatRequest request = new ChatRequest("claude-sonnet-4-5", List.of(asked, called, answered), List.of(),
                Optional.empty(), Sampling.DEFAULTS, Optional.empty(), List.of(), false, false, Optional.of("low"),
                Optional.empty(), Map.of(), true);
        List<Map<String, Object>> turns = WireJson.objects(body(request), "messages");
        // Without them Anthropic refuses the tool result's turn when thinking is on ("must start with a thinking block").
        assertThat(WireJson.objects(turns.get(1), "content")).containsExactly(
                Map.of("type", "thinking", "thinking", "Look it up.", "signature", "sig-1"),
                Map.of("type", "redacted_thinking", "data", "opaque"),
                Map.of("type", "tool_use", "id", "toolu_1", "name", "get_weather", "input", Map.of("location", "Paris")));
    }

    @Test
    void toolChoicesStreamsAndReasoningMapToAnthropicsFields() {
        ChatRequest base = ChatFixtures.conversation("claude-sonnet-4-5", ChatFixtures.sampling(null, 1000), true);
        assertThat(body(ChatFixtures.with(base, base.sampling(), Optional.empty(), Optional.of(ToolChoice.REQUIRED))))
                .containsEntry("tool_choice", Map.of("type", "any")).containsEntry("stream", true)
                .containsEntry("max_tokens", 1000L);
        assertThat(body(ChatFixtures.with(base, base.sampling(), Optional.empty(),
                Optional.of(ToolChoice.function("get_weather")))))
                .containsEntry("tool_choice", Map.of("type", "tool", "name", "get_weather"));
        ChatRequest thinking = new ChatRequest("claude-sonnet-4-5", base.messages(), List.of(), Optional.empty(),
                Sampling.DEFAULTS, Optional.empty(), List.of(), false, false, Optional.of("medium"), Optional.of("u-1"),
                Map.of(), true);
        assertThat(body(thinking)).containsEntry("thinking", Map.of("type", "enabled", "budget_tokens", 4096L))
                .containsEntry("max_tokens", 8192L).containsEntry("metadata", Map.of("user_id", "u-1"));
    }

    @Test
    void aThinkingBudgetIsKeptBelowMaxTokensAndACapTooSmallToThinkIsRefused() {
        ChatRequest base = ChatFixtures.conversation("claude-sonnet-4-5", Sampling.DEFAULTS, false);
        assertThat(body(thinking(base, "medium", 3000))).as("half the cap left for the answer")
                .containsEntry("max_tokens", 3000L).containsEntry("thinking", Map.of("type", "enabled", "budget_tokens", 1500L));
        assertThat(body(thinking(base, "high", 1500))).as("the least budget where half the cap is less")
                .containsEntry("thinking", Map.of("type", "enabled", "budget_tokens", 1024L));
        assertThat(body(thinking(base, "high", 50000))).containsEntry("max_tokens", 50000L)
                .containsEntry("thinking", Map.of("type", "enabled", "budget_tokens", 16384L));
        assertThatThrownBy(() -> dialect.chatRequest(thinking(base, "low", 100), ChatFixtures.CLIENT))
                .isInstanceOf(GatewayException.class).hasMessageStartingWith("max_tokens: anthropic needs more than 1024");
        assertThatThrownBy(() -> dialect.chatRequest(thinking(base, "low", 1024), ChatFixtures.CLIENT))
                .isInstanceOf(GatewayException.class).hasMessageStartingWith("max_tokens: anthropic");
    }

    private static ChatRequest thinking(ChatRequest base, String effort, int maxTokens) {
        return thinking(base, effort, new Sampling(Optional.empty(), Optional.empty(), Optional.of(maxTokens),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), Optional.empty());
    }

    private static ChatRequest thinking(ChatRequest base, String effort, Sampling sampling, Optional<ToolChoice> choice) {
        return new ChatRequest(base.model(), base.messages(), base.tools(), choice, sampling, Optional.empty(), List.of(),
                false, false, Optional.of(effort), Optional.empty(), Map.of(), true);
    }

    @Test
    void whatAnthropicRefusesBesideThinkingIsRefusedNamingTheFieldAndNoneThinksNot() {
        ChatRequest base = ChatFixtures.conversation("claude-sonnet-4-5", Sampling.DEFAULTS, false);
        Sampling warm = new Sampling(Optional.of(0.2), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> body(thinking(base, "medium", warm, Optional.empty())))
                .isInstanceOf(GatewayException.class).hasMessageStartingWith("temperature: anthropic takes only 1");
        assertThatThrownBy(() -> body(thinking(base, "medium", ChatFixtures.sampling(null, 8000), Optional.empty())))
                .isInstanceOf(GatewayException.class).hasMessageStartingWith("top_p: anthropic takes 0.95 to 1");
        assertThatThrownBy(() -> body(thinking(base, "low", Sampling.DEFAULTS, Optional.of(ToolChoice.REQUIRED))))
                .isInstanceOf(GatewayException.class).hasMessageStartingWith("tool_choice: anthropic cannot be made");
        Sampling one = new Sampling(Optional.of(1.0), Optional.of(0.95), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(body(thinking(base, "high", one, Optional.of(ToolChoice.AUTO)))).containsEntry("temperature", 1.0)
                .containsKey("thinking");

        Map<String, Object> none = body(thinking(base, "none", warm, Optional.of(ToolChoice.REQUIRED)));
        assertThat(none).doesNotContainKey("thinking").containsEntry("temperature", 0.2);
        assertThatThrownBy(() -> body(thinking(base, "extreme", Sampling.DEFAULTS, Optional.empty())))
                .isInstanceOf(GatewayException.class)
                .hasMessage("reasoning_effort: anthropic takes none, minimal, low, medium, high or xhigh, not 'extreme'");
    }

    @Test
    void severalTextPartsStayApartAsAnthropicsTextBlocksAndPassedOnObjectsAreMerged() {
        ChatMessage system = new ChatMessage(Role.SYSTEM, List.of(new ContentPart.Text("You are a pirate."),
                new ContentPart.Text("Answer in French.")), List.of(), Optional.empty(), Optional.empty(), Optional.empty());
        ChatMessage result = new ChatMessage(Role.TOOL, List.of(new ContentPart.Text("21"), new ContentPart.Text("C")),
                List.of(), Optional.of("toolu_1"), Optional.empty(), Optional.empty());
        ChatMessage call = new ChatMessage(Role.ASSISTANT, List.of(), List.of(new ToolCall("toolu_1", "t", "{}")),
                Optional.empty(), Optional.empty(), Optional.empty());
        ChatRequest request = new ChatRequest("claude-sonnet-4-5", List.of(system, ChatMessage.text(Role.USER, "hi"),
                call, result), List.of(), Optional.empty(), Sampling.DEFAULTS, Optional.empty(), List.of(), false, false,
                Optional.empty(), Optional.of("u-1"), Map.of("metadata", Map.of("team", "a")), true);

        Map<String, Object> body = body(request);

        assertThat(body).containsEntry("system", List.of(Map.of("type", "text", "text", "You are a pirate."),
                Map.of("type", "text", "text", "Answer in French."))).containsEntry("metadata",
                Map.of("user_id", "u-1", "team", "a"));
        assertThat(WireJson.objects(WireJson.objects(body, "messages").get(2), "content").get(0)).containsEntry("content",
                List.of(Map.of("type", "text", "text", "21"), Map.of("type", "text", "text", "C")));
    }

    /**
     * Found by a probe: the client's prompt-cache breakpoints ({@code cache_control} on a system part, a user part and a
     * tool, as OpenAI-compatible clients send Anthropic's) were dropped, so a prompt could not be cached through
     * {@code /compat}. They go where Anthropic takes them; a request without any is written as before.
     */
    @Test
    void cacheBreakpointsGoOnTheBlocksAndToolsTheClientSetThemOn() {
        Map<String, Object> ephemeral = Map.of("type", "ephemeral");
        ChatMessage system = new ChatMessage(Role.SYSTEM, List.of(new ContentPart.Text("Long rules.",
                Optional.of(ephemeral))), List.of(), Optional.empty(), Optional.empty(), Optional.empty());
        ChatMessage user = new ChatMessage(Role.USER, List.of(new ContentPart.Text("A long document.",
                Optional.of(Map.of("type", "ephemeral", "ttl", "1h"))), new ContentPart.Text("Question?")), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty());
        ChatRequest request = new ChatRequest("claude-sonnet-4-5", List.of(system, user), List.of(new ToolDefinition(
                "f", Optional.empty(), Map.of("type", "object"), Optional.empty(), Optional.of(ephemeral))),
                Optional.empty(), Sampling.DEFAULTS, Optional.empty(), List.of(), false, false, Optional.empty(),
                Optional.empty(), Map.of(), true);

        Map<String, Object> body = body(request);

        assertThat(body).containsEntry("system", List.of(Map.of("type", "text", "text", "Long rules.",
                "cache_control", ephemeral)));
        assertThat(WireJson.objects(WireJson.objects(body, "messages").get(0), "content")).containsExactly(
                Map.of("type", "text", "text", "A long document.", "cache_control", Map.of("type", "ephemeral", "ttl", "1h")),
                Map.of("type", "text", "text", "Question?"));
        assertThat(WireJson.objects(body, "tools").get(0)).containsEntry("cache_control", ephemeral);
        assertThat(body(plain(List.of(ChatMessage.text(Role.SYSTEM, "Be brief."), ChatMessage.text(Role.USER, "Hi")))))
                .containsEntry("system", "Be brief.");
    }

    @Test
    void aMessageWithoutContentIsRefusedNamingItButAnEmptyFinalAssistantOneIsLeftOut() {
        ChatRequest empty = plain(List.of(ChatMessage.text(Role.USER, "Hi"), ChatMessage.text(Role.ASSISTANT, ""),
                ChatMessage.text(Role.USER, "Again")));
        assertThatThrownBy(() -> dialect.chatRequest(empty, ChatFixtures.CLIENT)).isInstanceOf(GatewayException.class)
                .hasMessageStartingWith("messages[1].content: anthropic needs content");
        ChatRequest emptyUser = plain(List.of(ChatMessage.text(Role.SYSTEM, "Be brief."), ChatMessage.text(Role.USER, "")));
        assertThatThrownBy(() -> dialect.chatRequest(emptyUser, ChatFixtures.CLIENT))
                .hasMessageStartingWith("messages[1].content:");
        List<Map<String, Object>> turns = WireJson.objects(body(plain(List.of(ChatMessage.text(Role.USER, "Hi"),
                ChatMessage.text(Role.ASSISTANT, "")))), "messages");
        assertThat(turns).extracting(turn -> turn.get("role")).containsExactly("user");
    }

    /** OpenAI's {@code parallel_tool_calls: false} is Anthropic's {@code disable_parallel_tool_use} on the tool choice. */
    @Test
    void oneToolCallAtATimeIsSaidOnTheToolChoice() {
        ChatRequest base = ChatFixtures.conversation("claude-sonnet-4-5", Sampling.DEFAULTS, false);
        assertThat(body(base)).containsEntry("tool_choice", Map.of("type", "auto")).doesNotContainKey("parallel_tool_calls");
        ChatRequest unchosen = new ChatRequest(base.model(), base.messages(), base.tools(), Optional.empty(),
                base.sampling(), Optional.empty(), List.of(), false, false, Optional.empty(), Optional.empty(), Map.of(),
                false);
        ChatRequest oneAtATime = ChatFixtures.with(unchosen, unchosen.sampling(), Optional.empty(),
                Optional.of(ToolChoice.function("get_weather")));
        assertThat(body(oneAtATime)).containsEntry("tool_choice", Map.of("type", "tool", "name", "get_weather",
                "disable_parallel_tool_use", true)).doesNotContainKey("parallel_tool_calls");
        assertThat(body(unchosen)).containsEntry("tool_choice", Map.of("type", "auto", "disable_parallel_tool_use", true));
        ChatRequest none = ChatFixtures.with(unchosen, unchosen.sampling(), Optional.empty(), Optional.of(ToolChoice.NONE));
        assertThat(body(none)).containsEntry("tool_choice", Map.of("type", "none"));
    }

    private static ChatRequest plain(List<ChatMessage> messages) {
        return new ChatRequest("claude-sonnet-4-5", messages, List.of(), Optional.empty(), Sampling.DEFAULTS,
                Optional.empty(), List.of(), false, false, Optional.empty(), Optional.empty(), Map.of(), true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"n", "seed", "presence_penalty", "frequency_penalty", "response_format"})
    void whatAnthropicCannotExpressIsRefusedNamingTheField(String field) {
        ChatRequest base = ChatFixtures.conversation("claude-sonnet-4-5", Sampling.DEFAULTS, false);
        Sampling sampling = new Sampling(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(field.equals("n") ? 2 : 1), field.equals("seed") ? Optional.of(7L) : Optional.empty(),
                field.equals("presence_penalty") ? Optional.of(0.5) : Optional.empty(),
                field.equals("frequency_penalty") ? Optional.of(0.5) : Optional.empty());
        Optional<ResponseFormat> format = field.equals("response_format")
                ? Optional.of(new ResponseFormat(ResponseFormat.Kind.JSON_OBJECT, Optional.empty(), Map.of(), false))
                : Optional.empty();
        assertThatThrownBy(() -> dialect.chatRequest(ChatFixtures.with(base, sampling, format, Optional.empty()),
                ChatFixtures.CLIENT))
                .isInstanceOf(GatewayException.class).hasMessageStartingWith(field + ": anthropic");
    }

    @Test
    void toolCallArgumentsThatAreNotAnObjectAreRefusedNamingWhereTheyAre() {
        ChatRequest base = ChatFixtures.conversation("claude-sonnet-4-5", Sampling.DEFAULTS, false);
        var broken = new java.util.ArrayList<>(base.messages());
        broken.set(2, new dev.sluice.domain.chat.ChatMessage(dev.sluice.domain.chat.Role.ASSISTANT, List.of(),
                List.of(new dev.sluice.domain.chat.ToolCall("call_1", "get_weather", "{not json")), Optional.empty(),
                Optional.empty(), Optional.empty()));
        ChatRequest request = new ChatRequest(base.model(), broken, base.tools(), Optional.empty(), Sampling.DEFAULTS,
                Optional.empty(), List.of(), false, false, Optional.empty(), Optional.empty(), Map.of(), true);
        assertThatThrownBy(() -> dialect.chatRequest(request, ChatFixtures.CLIENT))
                .hasMessageStartingWith("messages[2].tool_calls[0].function.arguments");
    }

    @Test
    void aMessageWithTextThinkingAndToolUseIsReadWithCacheTokens() {
        ChatResult result = dialect.chatResult("""
                {"id":"msg_01Aq9w938a90dw8q","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
                 "content":[{"type":"thinking","thinking":"Let me think.","signature":"abc"},
                            {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix"},
                            {"type":"text","text":"I'll check."},
                            {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"location":"SF"}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":20,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,"output_tokens":12}}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(result.id()).isEqualTo("msg_01Aq9w938a90dw8q");
        assertThat(result.created()).isEqualTo(1_767_225_600);
        var choice = result.choices().get(0);
        assertThat(choice.message().text()).isEqualTo("I'll check.");
        assertThat(choice.message().reasoning()).contains("Let me think.");
        assertThat(choice.message().thinkingBlocks()).as("signed, to be passed back on the next turn").containsExactly(
                ThinkingBlock.signed("Let me think.", "abc"), ThinkingBlock.redacted("EmwKAhgBEgy3va3pzix"));
        assertThat(choice.message().toolCalls().get(0).arguments()).isEqualTo("{\"location\":\"SF\"}");
        assertThat(choice.finishReason()).contains(FinishReason.TOOL_CALLS);
        assertThat(result.usage()).contains(new TokenUsage(2120, 12, 2000, 100, false));
        assertThatThrownBy(() -> dialect.chatResult("{\"type\":\"error\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"notalist\",\"usage\":\"x\"}",
            "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":5}]}",
            "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":\"a\"}}"})
    void fieldsOfAnotherTypeThanDocumentedAreRefusedNotReadAsAbsent(String answer) {
        assertThatThrownBy(() -> dialect.chatResult(answer.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(" is not ");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 100_000})
    void theDocumentedStreamIsReadTheSameHoweverItIsSplit(int every) throws IOException {
        String stream = new String(getClass().getResourceAsStream("/anthropic/stream-tool-use.txt").readAllBytes(),
                StandardCharsets.UTF_8);
        AnthropicStreamDecoder decoder = new AnthropicStreamDecoder();
        List<ChatEvent> events = ChatFixtures.decode(decoder, stream.replace("\n", "\r\n"), every);
        assertThat(events.get(0)).isEqualTo(new ChatEvent.Started("msg_014p7gG3wDgGV9EUtLvnow3U",
                "claude-sonnet-4-5-20250929"));
        assertThat(events).contains(new ChatEvent.ReasoningDelta(0, "The user wants the weather."),
                new ChatEvent.ThinkingBlockDone(0, ThinkingBlock.signed("The user wants the weather.",
                        "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds")),
                new ChatEvent.ToolCallDelta(0, 0, Optional.of("toolu_01T1x1fJ34qAmk2tNTrN7Up6"),
                        Optional.of("get_weather"), ""),
                new ChatEvent.Finished(0, FinishReason.TOOL_CALLS),
                new ChatEvent.Usage(new TokenUsage(2572, 89, 2000, 100, false)));
        assertThat(ChatFixtures.text(events)).isEqualTo("Okay, let's check the weather for San Francisco, CA:");
        assertThat(ChatFixtures.arguments(events, 0)).isEqualTo("{\"location\": \"San Francisco, CA\"}");
        assertThat(decoder.finished()).isTrue();
    }

    @Test
    void aToolCalledWithoutInputStreamsTheArgumentsOfAnEmptyObject() {
        String stream = """
                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"now","input":{}}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: content_block_start
                data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_2","name":"at","input":{}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": \\"Oslo\\"}"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":1}

                """;
        List<ChatEvent> events = ChatFixtures.decode(new AnthropicStreamDecoder(), stream, 100_000);
        assertThat(ChatFixtures.arguments(events, 0)).as("as the answer that does not stream has it").isEqualTo("{}");
        assertThat(ChatFixtures.arguments(events, 1)).isEqualTo("{\"city\": \"Oslo\"}");
    }

    @Test
    void aStreamCutBeforeMessageStopIsNotFinishedAndAnErrorEventFails() throws IOException {
        String stream = new String(getClass().getResourceAsStream("/anthropic/stream-tool-use.txt").readAllBytes(),
                StandardCharsets.UTF_8);
        AnthropicStreamDecoder cut = new AnthropicStreamDecoder();
        List<ChatEvent> before = ChatFixtures.decode(cut, stream.substring(0, stream.indexOf("event: message_delta")), 50);
        assertThat(cut.finished()).isFalse();
        // message_start's input usage is reported at once, so a stream cut later is logged with it, not an estimate.
        assertThat(before).contains(new ChatEvent.Usage(new TokenUsage(2572, 2, 2000, 100, false)));

        List<ChatEvent> failed = ChatFixtures.decode(new AnthropicStreamDecoder(), "event: error\ndata: {\"type\":"
                + "\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n", 10);
        assertThat(failed).containsExactly(new ChatEvent.Failed("overloaded_error", "Overloaded"));
    }

    @Test
    void errorsKeepAnthropicsTypeAndMessage() {
        assertThat(dialect.error(529, ("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ProviderError("overloaded_error", "Overloaded", Optional.empty()));
        ProviderError html = dialect.error(502, "<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8));
        assertThat(html.type()).isEqualTo("api_error");
        assertThat(html.message()).isEqualTo("<html>Bad gateway</html>");
    }
}
