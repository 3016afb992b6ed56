package dev.sluice.adapters.http.compat;

import dev.sluice.domain.chat.ChatChoice;
import dev.sluice.domain.chat.ChatEvent;
import dev.sluice.domain.chat.ChatMessage;
import dev.sluice.domain.chat.ChatRequest;
import dev.sluice.domain.chat.ChatResult;
import dev.sluice.domain.chat.ChatStreamEncoder;
import dev.sluice.domain.chat.ContentPart;
import dev.sluice.domain.chat.FinishReason;
import dev.sluice.domain.chat.ProviderError;
import dev.sluice.domain.chat.ResponseFormat;
import dev.sluice.domain.chat.Role;
import dev.sluice.domain.chat.ServerSentEvent;
import dev.sluice.domain.chat.ThinkingBlock;
import dev.sluice.domain.chat.ToolCall;
import dev.sluice.domain.chat.ToolChoice;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.usage.TokenUsage;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The unified API's client format, OpenAI's: requests read field by field, answers and streams written. */
class OpenAiChatSurfaceTest {

    private final OpenAiChatSurface surface = new OpenAiChatSurface(JsonMapper.createDefault(),
            Clock.fixed(Instant.ofEpochSecond(1_767_225_600), ZoneOffset.UTC));

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A part's and a tool's {@code cache_control}, as OpenAI-compatible clients send Anthropic's breakpoints. */
    @Test
    void cacheBreakpointsOnPartsAndToolsAreRead() {
        ChatRequest request = surface.chatRequest(("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"S\",\"cache_control\":{\"type\":\"ephemeral\"}}]},{\"role\":\"user\","
                + "\"content\":\"hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"},"
                + "\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}]}").getBytes(StandardCharsets.UTF_8));
        assertThat(request.systemTexts()).containsExactly(new ContentPart.Text("S", Optional.of(Map.of("type", "ephemeral"))));
        assertThat(request.tools().get(0).cacheControl()).contains(Map.of("type", "ephemeral", "ttl", "1h"));
        assertThatThrownBy(() -> surface.chatRequest(("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"S\",\"cache_control\":\"yes\"}]}]}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GatewayException.class).hasMessageContaining("messages[0].content[0].cache_control");
    }

    /**
     * Found by a probe: Workers AI answers its OpenAI-compatible endpoint's errors in Cloudflare's envelope, which
     * came back to OpenAI's SDK as it was (a dict, not {@code error.message}). A pass-through's error in another shape
     * is rewritten in OpenAI's; one in OpenAI's already goes as it came.
     */
    @Test
    void aPassThroughsErrorIsInOpenAisShape() {
        byte[] openAi = "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":null}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(surface.passedError(400, openAi)).isSameAs(openAi);
        String cloudflare = new String(surface.passedError(400, ("{\"result\":null,\"success\":false,\"errors\":"
                + "[{\"code\":5006,\"message\":\"AiError: Bad input\"}],\"messages\":[]}").getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        assertThat(cloudflare).contains("\"message\":\"AiError: Bad input\"").contains("\"type\":\"invalid_request_error\"")
                .contains("\"code\":\"5006\"").startsWith("{\"error\":{");
        assertThat(new String(surface.passedError(503, "{\"error\":\"overloaded\"}".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).contains("\"message\":\"overloaded\"").contains("\"type\":\"api_error\"");
        assertThat(new String(surface.passedError(502, "<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).contains("\"message\":\"<html>Bad gateway</html>\"");
    }

    @Test
    void theModelIsReadAndRewrittenWithEveryOtherByteKept() {
        String body = "{ \"metadata\": {\"model\": \"inner\"},\n  \"model\" :\t\"openai/gpt-4o\", "
                + "\"messages\": [{\"role\":\"user\",\"content\":\"caf\\u00e9 \\\"quoted\\\" é\"}] }";
        assertThat(surface.model(utf8(body))).isEqualTo("openai/gpt-4o");
        assertThat(text(surface.withModel(utf8(body), "gpt-4o")))
                .isEqualTo(body.replace("\"openai/gpt-4o\"", "\"gpt-4o\""));
        assertThat(text(surface.withModel(utf8(body), "a\"b\\c")))
                .isEqualTo(body.replace("\"openai/gpt-4o\"", "\"a\\\"b\\\\c\""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[1]|JSON object",
            "{\"messages\":[]}|model: is required",
            "{\"model\":7}|model: must be a string",
            "{\"messages\":[{]|The request body is not valid JSON: Unexpected close marker"})
    void aBodyWithoutAModelIsRefused(String body, String message) {
        // Only as far as the model is read: what follows it is the provider's to judge on a pass-through,
        // and chatRequest's on a translation.
        assertThatThrownBy(() -> surface.model(utf8(body))).isInstanceOf(GatewayException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aFullRequestIsReadIntoTheChatModel() {
        ChatRequest request = surface.chatRequest(utf8("""
                {"model":"anthropic/claude","messages":[
                  {"role":"developer","content":"Be brief."},
                  {"role":"user","content":[{"type":"text","text":"Look"},
                    {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBOR","detail":"low"}},
                    {"type":"image_url","image_url":{"url":"https://example.com/a.jpg"}}]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                    "function":{"name":"f","arguments":"{\\"x\\":1}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"42"}],
                 "tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object"}}}],
                 "tool_choice":{"type":"function","function":{"name":"f"}},
                 "temperature":0.5,"top_p":1,"max_completion_tokens":100,"n":1,"seed":3,"stop":"END",
                 "stream":true,"stream_options":{"include_usage":true},
                 "response_format":{"type":"json_schema","json_schema":{"name":"s","schema":{"type":"object"},"strict":true}},
                 "reasoning_effort":"low","user":"u-1","logprobs":true,"metadata":{"k":"v"}}
                """));
        assertThat(request.model()).isEqualTo("anthropic/claude");
        assertThat(request.messages()).extracting(ChatMessage::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL);
        assertThat(request.messages().get(1).content().get(1)).isEqualTo(new ContentPart.Image(Optional.empty(),
                Optional.of("image/png"), Optional.of("iVBOR"), Optional.of("low")));
        assertThat(request.messages().get(2).toolCalls()).containsExactly(new ToolCall("call_1", "f", "{\"x\":1}"));
        assertThat(request.messages().get(3).toolCallId()).contains("call_1");
        assertThat(request.tools().get(0).parameters()).isEqualTo(Map.of("type", "object"));
        assertThat(request.toolChoice()).contains(ToolChoice.function("f"));
        assertThat(request.sampling().maxTokens()).contains(100);
        assertThat(request.sampling().seed()).contains(3L);
        assertThat(request.stop()).containsExactly("END");
        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
        assertThat(request.responseFormat().map(ResponseFormat::kind)).contains(ResponseFormat.Kind.JSON_SCHEMA);
        assertThat(request.reasoningEffort()).contains("low");
        assertThat(request.user()).contains("u-1");
        assertThat(request.extra()).containsEntry("logprobs", true).containsEntry("metadata", Map.of("k", "v"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"m\",\"messages\":[]}|messages: at least one",
            "{\"model\":\"m\",\"messages\":{}}|messages: must be an array",
            "{\"model\":\"m\",\"messages\":[1]}|messages[0]: must be an object",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"bot\",\"content\":\"x\"}]}|messages[0].role:",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]}|messages[0].content: must be a string or an array of content parts",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\"}]}]}|messages[0].content[0].type:",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"file:///etc/passwd\"}}]}]}|messages[0].content[0].image_url.url:",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"name\":\"f\"}}]}]}|messages[0].tool_calls[0].id: is required",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}|messages[0].tool_call_id: is required",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}|temperature: must be a number",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":1e400}|temperature: must be a finite number",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":0}|n: must be at least 1",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1.5}|max_tokens: must be an integer",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":3000000000}|max_tokens: must be at most 2147483647",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_completion_tokens\":2147483648}|max_completion_tokens: must be at most",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":3000000000}|n: must be at most",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stop\":[1]}|stop[0]: must be a string",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tool_choice\":\"sometimes\"}|tool_choice:",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"response_format\":{\"type\":\"json_schema\"}}|response_format.json_schema: is required",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}|JSON object"})
    void eachWrongFieldIsRefusedByName(String body, String message) {
        assertThatThrownBy(() -> surface.chatRequest(utf8(body))).isInstanceOf(GatewayException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aResultIsWrittenInOpenAisShape() {
        ChatMessage message = new ChatMessage(Role.ASSISTANT, List.of(), List.of(new ToolCall("c1", "f", "{}")),
                Optional.empty(), Optional.empty(), Optional.of("thought"));
        String json = text(surface.chatResult(new ChatResult("msg_1", "claude", 7, List.of(new ChatChoice(0, message,
                Optional.of(FinishReason.TOOL_CALLS))), Optional.of(new TokenUsage(100, 5, 60, 30, false)))));
        assertThat(json).isEqualTo("{\"id\":\"msg_1\",\"object\":\"chat.completion\",\"created\":7,\"model\":\"claude\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"reasoning_content\":\"thought\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],"
                + "\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":5,\"total_tokens\":105,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":60},\"cache_creation_input_tokens\":30}}");
    }

    @Test
    void aStreamIsWrittenAsChunksEndingWithUsageAndDone() {
        ChatRequest request = surface.chatRequest(utf8("{\"model\":\"m\",\"stream\":true,\"stream_options\":"
                + "{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
        ChatStreamEncoder encoder = surface.chatStream(request);
        String stream = text(encoder.write(new ChatEvent.Started("id-1", "model-1")))
                + text(encoder.write(new ChatEvent.TextDelta(0, "Hi")))
                + text(encoder.write(new ChatEvent.ToolCallDelta(0, 0, Optional.of("c1"), Optional.of("f"), "")))
                + text(encoder.write(new ChatEvent.ToolCallDelta(0, 0, Optional.empty(), Optional.empty(), "{\"a\"")))
                + text(encoder.write(new ChatEvent.Finished(0, FinishReason.TOOL_CALLS)))
                + text(encoder.write(new ChatEvent.Usage(TokenUsage.reported(3, 4))))
                + text(encoder.end());
        String head = "data: {\"id\":\"id-1\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,\"model\":\"model-1\",";
        assertThat(stream).isEqualTo(
                head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
                + head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
                + head + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
                + head + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\"\"}}]},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
                + head + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]}\n\n"
                + head + "\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7,\"prompt_tokens_details\":{\"cached_tokens\":0}}}\n\n"
                + "data: [DONE]\n\n");
        assertThat(text(encoder.fail(new ProviderError("api_error", "cut", Optional.of("stream_interrupted")))))
                .isEqualTo("data: {\"error\":{\"message\":\"cut\",\"type\":\"api_error\",\"param\":null,"
                        + "\"code\":\"stream_interrupted\"}}\n\n");
    }

    @Test
    void signedThinkingIsAnsweredAsThinkingBlocksAndReadBackFromTheNextTurn() {
        ChatMessage message = new ChatMessage(Role.ASSISTANT, List.of(new dev.sluice.domain.chat.ContentPart.Text("ok")),
                List.of(), Optional.empty(), Optional.empty(), Optional.of("thought"),
                List.of(ThinkingBlock.signed("thought", "sig"), ThinkingBlock.redacted("opaque")));
        String json = text(surface.chatResult(new ChatResult("msg_1", "claude", 7, List.of(new ChatChoice(0, message,
                Optional.of(FinishReason.STOP))), Optional.empty())));
        assertThat(json).contains("\"reasoning_content\":\"thought\",\"thinking_blocks\":[{\"type\":\"thinking\","
                + "\"thinking\":\"thought\",\"signature\":\"sig\"},{\"type\":\"redacted_thinking\",\"data\":\"opaque\"}]");

        ChatStreamEncoder encoder = surface.chatStream(surface.chatRequest(utf8(
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")));
        encoder.write(new ChatEvent.Started("id-1", "model-1"));
        assertThat(text(encoder.write(new ChatEvent.ThinkingBlockDone(0, ThinkingBlock.signed("thought", "sig")))))
                .contains("\"delta\":{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"thought\",\"signature\":\"sig\"}]}");

        ChatRequest next = surface.chatRequest(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}],\"thinking_blocks\":[{\"type\":\"thinking\","
                + "\"thinking\":\"thought\",\"signature\":\"sig\"},{\"type\":\"redacted_thinking\",\"data\":\"opaque\"}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"21\"}]}"));
        assertThat(next.messages().get(1).thinkingBlocks())
                .containsExactly(ThinkingBlock.signed("thought", "sig"), ThinkingBlock.redacted("opaque"));
        assertThatThrownBy(() -> surface.chatRequest(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\","
                + "\"content\":\"a\",\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"t\"}]}]}")))
                .isInstanceOf(GatewayException.class).hasMessageContaining("messages[0].thinking_blocks[0].signature");
        assertThatThrownBy(() -> surface.chatRequest(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\","
                + "\"content\":\"a\",\"thinking_blocks\":[{\"type\":\"summary\"}]}]}")))
                .isInstanceOf(GatewayException.class).hasMessageContaining("must be thinking or redacted_thinking");
    }

    /**
     * Gemini's thought signature on a tool call travels where Google's OpenAI-compatible API puts it, answered whole
     * or streamed, and is read back from the next turn's assistant message.
     */
    @Test
    void aToolCallsSignatureIsAnsweredInExtraContentAndReadBackFromTheNextTurn() {
        ChatMessage message = new ChatMessage(Role.ASSISTANT, List.of(), List.of(new ToolCall("c1", "f", "{}",
                Optional.of("sig-1"))), Optional.empty(), Optional.empty(), Optional.empty());
        String signed = "\"extra_content\":{\"google\":{\"thought_signature\":\"sig-1\"}}";
        assertThat(text(surface.chatResult(new ChatResult("r", "gemini", 7, List.of(new ChatChoice(0, message,
                Optional.of(FinishReason.TOOL_CALLS))), Optional.empty()))))
                .contains("\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}," + signed + "}");
        ChatStreamEncoder encoder = surface.chatStream(surface.chatRequest(utf8(
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")));
        encoder.write(new ChatEvent.Started("id-1", "model-1"));
        assertThat(text(encoder.write(new ChatEvent.ToolCallDelta(0, 0, Optional.of("c1"), Optional.of("f"), "{}",
                Optional.of("sig-1"))))).contains(signed);

        ChatRequest next = surface.chatRequest(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}," + signed + "}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"21\"}]}"));
        assertThat(next.messages().get(1).toolCalls().get(0).signature()).contains("sig-1");
    }

    /**
     * A signature Gemini put on the answer's text rather than on a call is the message's own: answered in the message's
     * {@code extra_content} (a stream's in the delta, as Google's OpenAI-compatible API streams it), and read back from
     * the next turn's assistant message.
     */
    @Test
    void aContentSignatureIsAnsweredInTheMessagesExtraContentAndReadBackFromTheNextTurn() {
        ChatMessage message = new ChatMessage(Role.ASSISTANT, List.of(new ContentPart.Text("Hi.")), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.of("sig-t"));
        String signed = "\"extra_content\":{\"google\":{\"thought_signature\":\"sig-t\"}}";
        assertThat(text(surface.chatResult(new ChatResult("r", "gemini", 7, List.of(new ChatChoice(0, message,
                Optional.of(FinishReason.STOP))), Optional.empty()))))
                .contains("\"message\":{\"role\":\"assistant\",\"content\":\"Hi.\"," + signed + "}");
        ChatStreamEncoder encoder = surface.chatStream(surface.chatRequest(utf8(
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")));
        encoder.write(new ChatEvent.Started("id-1", "model-1"));
        assertThat(text(encoder.write(new ChatEvent.ContentSignature(0, "sig-t"))))
                .contains("\"delta\":{" + signed + "}");

        ChatRequest next = surface.chatRequest(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"role\":\"assistant\",\"content\":\"Hi.\"," + signed + "},"
                + "{\"role\":\"user\",\"content\":\"y\"}]}"));
        assertThat(next.messages().get(1).signature()).contains("sig-t");
        assertThat(next.messages().get(0).signature()).isEmpty();
    }

    /**
     * {@code parallel_tool_calls} is modelled (a dialect says it in its provider's words), and OpenAI's switches sent at
     * their default {@code false} ask for nothing and are not kept for the provider's body; {@code true} is.
     */
    @Test
    void parallelToolCallsIsReadAndOpenAisSwitchesAtTheirDefaultAreNotPassedOn() {
        ChatRequest request = surface.chatRequest(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"parallel_tool_calls\":false,\"store\":false,\"logprobs\":false,"
                + "\"x_vendor\":1}"));
        assertThat(request.parallelToolCalls()).isFalse();
        assertThat(request.extra()).containsOnlyKeys("x_vendor");
        ChatRequest asked = surface.chatRequest(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"store\":true,\"logprobs\":true}"));
        assertThat(asked.parallelToolCalls()).isTrue();
        assertThat(asked.extra()).containsOnlyKeys("store", "logprobs");
        assertThatThrownBy(() -> surface.chatRequest(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"parallel_tool_calls\":\"no\"}"))).isInstanceOf(GatewayException.class)
                .hasMessageContaining("parallel_tool_calls: must be true or false");
    }

    @Test
    void withoutIncludeUsageTheStreamEndsWithDoneOnly() {
        ChatStreamEncoder encoder = surface.chatStream(surface.chatRequest(utf8(
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")));
        encoder.write(new ChatEvent.Usage(TokenUsage.reported(3, 4)));
        assertThat(text(encoder.end())).isEqualTo("data: [DONE]\n\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"a/m\",\"model\":\"b/m\",\"messages\":[]}|model: is given more than once",
            "{\"messages\":[],\"model\":\"a/m\",\"model\":7}|model: is given more than once",
            "{\"model\":\"a/m\",\"messages\":[]} xyz|one JSON object, with nothing after it",
            "{\"model\":\"a/m\",\"messages\":[]}{}|one JSON object, with nothing after it",
            "{\"model\":\"a/m\",\"messages\":[}|The request body is not valid JSON: Unexpected close marker '}'",
            "[{\"model\":\"a/m\"}]|The request body must be one JSON object",
            "{\"messages\":[]}|model: is required"})
    void theModelIsReadFromOneWholeObjectAndOnlyOnce(String body, String message) {
        assertThatThrownBy(() -> surface.model(utf8(body))).isInstanceOf(GatewayException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aPassedStreamIsFinishedByDoneAndFailedByAnErrorEvent() {
        var watch = surface.passedStream();
        assertThat(watch.read(new ServerSentEvent("", "{\"choices\":[{\"delta\":{\"content\":\"error\"}}]}"))).isEmpty();
        assertThat(watch.finished()).isFalse();
        assertThat(watch.read(new ServerSentEvent("", " [DONE]"))).isEmpty();
        assertThat(watch.finished()).isTrue();
        assertThat(surface.passedStream().read(new ServerSentEvent("", "{ \"error\": {\"message\":\"x\"}}")))
                .singleElement().isInstanceOf(ChatEvent.Failed.class);
        assertThat(surface.passedStream().read(new ServerSentEvent("error", "overloaded")))
                .singleElement().isInstanceOf(ChatEvent.Failed.class);
        assertThat(text(surface.streamFailure(new ProviderError("api_error", "cut", Optional.empty()))))
                .startsWith("data: {\"error\":{\"message\":\"cut\"").endsWith("}\n\n");
    }

    @Test
    void embeddingsAndModelsAreReadAndWrittenInOpenAisShapes() {
        assertThat(surface.embeddingRequest(utf8("{\"model\":\"m\",\"input\":[\"a\",\"b\"],\"dimensions\":8}")).input())
                .containsExactly("a", "b");
        assertThatThrownBy(() -> surface.embeddingRequest(utf8("{\"model\":\"m\",\"input\":[[1,2]]}")))
                .hasMessageStartingWith("input[0]:");
        assertThatThrownBy(() -> surface.embeddingRequest(utf8("{\"model\":\"m\",\"input\":\"a\",\"dimensions\":4294967296}")))
                .isInstanceOf(GatewayException.class).hasMessageStartingWith("dimensions: must be at most");
        assertThatThrownBy(() -> surface.embeddingRequest(utf8("{\"model\":\"m\",\"input\":\"a\",\"encoding_format\":\"int8\"}")))
                .hasMessageStartingWith("encoding_format: must be float or base64");
        // What the OpenAI SDKs ask for by default, and decode as little-endian 32-bit floats.
        var base64 = surface.embeddingRequest(utf8("{\"model\":\"m\",\"input\":\"a\",\"encoding_format\":\"base64\"}"));
        assertThat(base64.base64()).isTrue();
        String written = text(surface.embeddingResult(new dev.sluice.domain.chat.EmbeddingResult("m",
                List.of(new double[] {0.5, -0.25, 1.0}), Optional.empty()), base64));
        String encoded = written.replaceAll(".*\"embedding\":\"([^\"]+)\".*", "$1");
        java.nio.FloatBuffer floats = java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(encoded))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        assertThat(new float[] {floats.get(0), floats.get(1), floats.get(2)}).containsExactly(0.5f, -0.25f, 1.0f);
        assertThat(text(surface.embeddingResult(new dev.sluice.domain.chat.EmbeddingResult("m",
                List.of(new double[] {0.5}), Optional.empty()), surface.embeddingRequest(utf8("{\"model\":\"m\",\"input\":\"a\"}")))))
                .contains("\"embedding\":[0.5]");
        assertThat(text(surface.models(List.of("openai/gpt-4o"), 5))).isEqualTo("{\"object\":\"list\",\"data\":"
                + "[{\"id\":\"openai/gpt-4o\",\"object\":\"model\",\"created\":5,\"owned_by\":\"openai\"}]}");
    }
}
