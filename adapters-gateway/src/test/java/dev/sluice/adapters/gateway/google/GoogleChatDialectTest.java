package dev.sluice.adapters.gateway.google;

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
import dev.sluice.domain.chat.ResponseFormat;
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
 * The Google AI Studio dialect against the Gemini API as Google documents it (ai.google.dev: the
 * generateContent and streamGenerateContent references, "Function calling", "Thinking", "Embeddings",
 * "Troubleshooting" for the error shape); {@code stream-function-call.txt} follows their SSE examples.
 */
class GoogleChatDialectTest {

    private final GoogleChatDialect dialect = new GoogleChatDialect(Clock.systemUTC());

    @Test
    @SuppressWarnings("unchecked")
    void aConversationBecomesContentsWithSystemInstructionImagesAndFunctionParts() {
        ChatRequest conversation = ChatFixtures.conversation("gemini-2.5-flash", ChatFixtures.sampling(0.3, 500), false);
        ProviderRequest request = dialect.chatRequest(conversation, ChatFixtures.CLIENT);
        assertThat(request.path()).isEqualTo("v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(request.rawQuery()).isEmpty();
        assertThat(request.headers().first("x-goog-api-key")).contains("sk-client");
        assertThat(request.headers().first("authorization")).isEmpty();

        Map<String, Object> body = ChatFixtures.json(request.body());
        assertThat(body).containsEntry("systemInstruction", Map.of("parts", List.of(Map.of("text", "Be brief."))))
                .containsEntry("x_vendor", "kept");
        List<Map<String, Object>> contents = WireJson.objects(body, "contents");
        assertThat(contents).extracting(content -> content.get("role")).containsExactly("user", "model", "user");
        List<Map<String, Object>> first = WireJson.objects(contents.get(0), "parts");
        assertThat(first.get(1)).isEqualTo(Map.of("fileData", Map.of("mimeType", "image/png",
                "fileUri", "https://example.com/cat.png")));
        assertThat(first.get(2)).isEqualTo(Map.of("inlineData", Map.of("mimeType", "image/jpeg", "data", "/9j/4AAQ")));
        assertThat(WireJson.objects(contents.get(1), "parts").get(1)).as("a call Gemini did not make, signed as Google "
                + "documents for such calls").isEqualTo(Map.of("functionCall", Map.of("name", "get_weather", "args",
                Map.of("location", "Paris")), "thoughtSignature", "skip_thought_signature_validator"));
        assertThat(WireJson.objects(contents.get(2), "parts").get(0)).isEqualTo(Map.of("functionResponse",
                Map.of("name", "get_weather", "response", Map.of("temperature", 21L))));
        Map<String, Object> declaration = (Map<String, Object>) ((List<Object>) WireJson.objects(body, "tools").get(0)
                .get("functionDeclarations")).get(0);
        assertThat(declaration).containsEntry("name", "get_weather")
                .containsEntry("parametersJsonSchema", ChatFixtures.WEATHER_SCHEMA);
        assertThat(body).containsEntry("toolConfig", Map.of("functionCallingConfig", Map.of("mode", "AUTO")));
        assertThat(WireJson.object(body, "generationConfig").orElseThrow()).containsEntry("temperature", 0.3)
                .containsEntry("topP", 0.9).containsEntry("maxOutputTokens", 500L)
                .containsEntry("stopSequences", List.of("END"));
    }

    @Test
    void geminisOwnObjectsSentBesideTheUnifiedFieldsAreMergedIntoWhatTheyBecame() {
        ChatRequest base = ChatFixtures.conversation("gemini-2.0-flash", ChatFixtures.sampling(0.2, 50), false);
        ChatRequest request = new ChatRequest(base.model(), base.messages(), base.tools(), Optional.of(ToolChoice.REQUIRED),
                base.sampling(), base.responseFormat(), base.stop(), false, false, Optional.empty(), Optional.empty(),
                Map.of("generationConfig", Map.of("topK", 5L, "temperature", 0.7),
                        "toolConfig", Map.of("retrievalConfig", Map.of("languageCode", "en"))), true);

        Map<String, Object> body = ChatFixtures.json(dialect.chatRequest(request, ChatFixtures.CLIENT).body());

        assertThat(WireJson.object(body, "generationConfig").orElseThrow()).as("the client's own temperature wins")
                .containsEntry("topK", 5L).containsEntry("temperature", 0.7).containsEntry("maxOutputTokens", 50L)
                .containsEntry("stopSequences", List.of("END"));
        assertThat(body).containsEntry("toolConfig", Map.of("functionCallingConfig", Map.of("mode", "ANY"),
                "retrievalConfig", Map.of("languageCode", "en")));
    }

    @Test
    void aNullPassedOnIsSentAsTheClientWroteIt() {
        ChatRequest base = ChatFixtures.conversation("gemini-2.0-flash", ChatFixtures.sampling(0.2, 50), false);
        Map<String, Object> config = new java.util.HashMap<>();
        config.put("topK", null);
        Map<String, Object> extra = new java.util.HashMap<>();
        extra.put("top_k", null);
        extra.put("generationConfig", config);
        ChatRequest request = new ChatRequest(base.model(), base.messages(), base.tools(), base.toolChoice(),
                base.sampling(), base.responseFormat(), base.stop(), false, false, Optional.empty(), Optional.empty(),
                extra, true);

        Map<String, Object> body = ChatFixtures.json(dialect.chatRequest(request, ChatFixtures.CLIENT).body());

        assertThat(body).containsEntry("top_k", null);
        assertThat(WireJson.object(body, "generationConfig").orElseThrow()).containsEntry("topK", null)
                .containsEntry("maxOutputTokens", 50L);
    }

    @Test
    void streamsJsonSchemasNamedToolsAndReasoningMapToGeminisFields() {
        ChatRequest base = ChatFixtures.conversation("models/gemini-2.5-pro", Sampling.DEFAULTS, true);
        ChatRequest request = new ChatRequest(base.model(), base.messages(), base.tools(),
                Optional.of(ToolChoice.function("get_weather")), Sampling.DEFAULTS,
                Optional.of(new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA, Optional.of("w"),
                        ChatFixtures.WEATHER_SCHEMA, true)), List.of(), true, false, Optional.of("low"),
                Optional.empty(), Map.of(), true);
        ProviderRequest sent = dialect.chatRequest(request, ChatFixtures.CLIENT);
        assertThat(sent.path()).isEqualTo("v1beta/models/gemini-2.5-pro:streamGenerateContent");
        assertThat(sent.rawQuery()).isEqualTo("alt=sse");
        Map<String, Object> body = ChatFixtures.json(sent.body());
        assertThat(body).containsEntry("toolConfig", Map.of("functionCallingConfig",
                Map.of("mode", "ANY", "allowedFunctionNames", List.of("get_weather"))));
        assertThat(WireJson.object(body, "generationConfig").orElseThrow())
                .containsEntry("responseMimeType", "application/json")
                .containsEntry("responseJsonSchema", ChatFixtures.WEATHER_SCHEMA)
                .containsEntry("thinkingConfig", Map.of("thinkingBudget", 1024L));
    }

    @Test
    void noneTurnsThinkingOffAndAnEffortOpenAiHasNotIsRefused() {
        ChatRequest base = ChatFixtures.conversation("gemini-2.5-flash", Sampling.DEFAULTS, false);
        assertThat(WireJson.object(ChatFixtures.json(dialect.chatRequest(effort(base, "none"), ChatFixtures.CLIENT).body()),
                "generationConfig").orElseThrow()).containsEntry("thinkingConfig", Map.of("thinkingBudget", 0L));
        assertThatThrownBy(() -> dialect.chatRequest(effort(base, "max"), ChatFixtures.CLIENT))
                .isInstanceOf(GatewayException.class).hasMessage(
                        "reasoning_effort: google-ai-studio takes none, minimal, low, medium, high or xhigh, not 'max'");
    }

    private static ChatRequest effort(ChatRequest base, String effort) {
        return new ChatRequest(base.model(), base.messages(), base.tools(), base.toolChoice(), base.sampling(),
                base.responseFormat(), base.stop(), false, false, Optional.of(effort), Optional.empty(), Map.of(), true);
    }

    @Test
    void systemPartsStayApartAndResultsFollowTheOrderOfTheCallsTheyAnswer() {
        ChatMessage system = new ChatMessage(Role.SYSTEM, List.of(new ContentPart.Text("You are a pirate."),
                new ContentPart.Text("Answer in French.")), List.of(), Optional.empty(), Optional.empty(), Optional.empty());
        ChatMessage calls = new ChatMessage(Role.ASSISTANT, List.of(new ContentPart.Text("Calling")),
                List.of(new dev.sluice.domain.chat.ToolCall("c1", "f", "{}"),
                        new dev.sluice.domain.chat.ToolCall("c2", "f", "{\"a\":1}")),
                Optional.empty(), Optional.empty(), Optional.empty());
        ChatMessage more = new ChatMessage(Role.ASSISTANT, List.of(), List.of(new dev.sluice.domain.chat.ToolCall("c3", "f",
                "{}")), Optional.empty(), Optional.empty(), Optional.empty());
        ChatRequest request = new ChatRequest("gemini-3-pro-preview", List.of(system, ChatMessage.text(Role.USER, "x"),
                calls, more, ChatMessage.toolResult("c3", "r3"), ChatMessage.toolResult("c2", "r2"),
                ChatMessage.toolResult("c1", "{\"temp\": 20}"),
                ChatMessage.text(Role.USER, "and?")), List.of(), Optional.empty(), Sampling.DEFAULTS, Optional.empty(),
                List.of(), false, false, Optional.empty(), Optional.empty(), Map.of(), true);

        Map<String, Object> body = ChatFixtures.json(dialect.chatRequest(request, ChatFixtures.CLIENT).body());

        assertThat(body).containsEntry("systemInstruction", Map.of("parts", List.of(Map.of("text", "You are a pirate."),
                Map.of("text", "Answer in French."))));
        List<Map<String, Object>> results = WireJson.objects(WireJson.objects(body, "contents").get(2), "parts");
        assertThat(results).containsExactly(
                Map.of("functionResponse", Map.of("name", "f", "response", Map.of("temp", 20L))),
                Map.of("functionResponse", Map.of("name", "f", "response", Map.of("content", "r2"))),
                Map.of("functionResponse", Map.of("name", "f", "response", Map.of("content", "r3"))),
                Map.of("text", "and?"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../files/x", "gemini:generateContent?key=1", "a/b", "%2e%2e"})
    void aModelThatCouldLeaveItsPathIsRefused(String model) {
        assertThatThrownBy(() -> dialect.chatRequest(ChatFixtures.conversation(model, Sampling.DEFAULTS, false),
                ChatFixtures.CLIENT)).isInstanceOf(GatewayException.class).hasMessageStartingWith("model:");
    }

    @Test
    void aToolResultForACallNobodyMadeIsRefused() {
        ChatRequest base = ChatFixtures.conversation("gemini-2.5-flash", Sampling.DEFAULTS, false);
        var messages = new java.util.ArrayList<>(base.messages());
        messages.set(3, dev.sluice.domain.chat.ChatMessage.toolResult("call_unknown", "{}"));
        ChatRequest request = new ChatRequest(base.model(), messages, base.tools(), Optional.empty(),
                Sampling.DEFAULTS, Optional.empty(), List.of(), false, false, Optional.empty(), Optional.empty(), Map.of(), true);
        assertThatThrownBy(() -> dialect.chatRequest(request, ChatFixtures.CLIENT))
                .hasMessageStartingWith("messages[3].tool_call_id");
    }

    @Test
    void candidatesAreReadIntoChoicesWithFunctionCallsThoughtsAndUsage() {
        ChatResult result = dialect.chatResult("""
                {"candidates":[{"content":{"parts":[{"text":"Reasoning.","thought":true},{"text":"Calling."},
                  {"functionCall":{"name":"get_weather","args":{"location":"Paris"}}}],"role":"model"},
                  "finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":40,"candidatesTokenCount":12,"thoughtsTokenCount":18,
                  "cachedContentTokenCount":10,"totalTokenCount":70},
                 "modelVersion":"gemini-2.5-flash","responseId":"resp-9"}
                """.getBytes(StandardCharsets.UTF_8));
        var choice = result.choices().get(0);
        assertThat(result.id()).isEqualTo("resp-9");
        assertThat(result.model()).isEqualTo("gemini-2.5-flash");
        assertThat(choice.message().text()).isEqualTo("Calling.");
        assertThat(choice.message().reasoning()).contains("Reasoning.");
        assertThat(choice.message().toolCalls().get(0).name()).isEqualTo("get_weather");
        assertThat(choice.message().toolCalls().get(0).id()).matches("call_[0-9a-f]{24}");
        assertThat(choice.message().toolCalls().get(0).signature()).isEmpty();
        assertThat(choice.finishReason()).contains(FinishReason.TOOL_CALLS);
        assertThat(result.usage()).contains(new TokenUsage(40, 30, 10, 0, false));

        ChatResult blocked = dialect.chatResult("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(blocked.choices().get(0).finishReason()).contains(FinishReason.CONTENT_FILTER);
    }

    /** Found by a probe: an empty user message went to Gemini as {@code parts: []}, which Gemini refuses. */
    @Test
    void aMessageWithoutContentIsRefusedNamingItButAnEmptyFinalAssistantOneIsLeftOut() {
        assertThatThrownBy(() -> dialect.chatRequest(gemini(List.of(ChatMessage.text(Role.SYSTEM, "Be brief."),
                ChatMessage.text(Role.USER, ""))), ChatFixtures.CLIENT)).isInstanceOf(GatewayException.class)
                .hasMessageStartingWith("messages[1].content: google-ai-studio needs content");
        Map<String, Object> body = ChatFixtures.json(dialect.chatRequest(gemini(List.of(ChatMessage.text(Role.USER, "Hi"),
                ChatMessage.text(Role.ASSISTANT, ""))), ChatFixtures.CLIENT).body());
        assertThat(WireJson.objects(body, "contents")).extracting(turn -> turn.get("role")).containsExactly("user");
    }

    private static ChatRequest gemini(List<ChatMessage> messages) {
        return new ChatRequest("gemini-2.5-flash", messages, List.of(), Optional.empty(), Sampling.DEFAULTS,
                Optional.empty(), List.of(), false, false, Optional.empty(), Optional.empty(), Map.of(), true);
    }

    /** Found by a probe: in a stream, Google's status went into the type and the code was empty. */
    @Test
    void anErrorInTheStreamIsWordedAsAnErrorAnswerIs() {
        List<ChatEvent> events = ChatFixtures.decode(new GoogleStreamDecoder(1), "data: {\"error\":{\"code\":503,"
                + "\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}\n\n", 1000);
        assertThat(events).containsExactly(new ChatEvent.Failed("api_error", "The model is overloaded.",
                Optional.of("UNAVAILABLE")));
        assertThat(ChatFixtures.decode(new GoogleStreamDecoder(1), "data: {\"error\":{\"code\":429,\"message\":"
                + "\"Quota\",\"status\":\"RESOURCE_EXHAUSTED\"}}\n\n", 1000))
                .containsExactly(new ChatEvent.Failed("rate_limit_error", "Quota", Optional.of("RESOURCE_EXHAUSTED")));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 13, 100_000})
    void theSseStreamIsReadTheSameHoweverItIsSplit(int every) throws IOException {
        String stream = new String(getClass().getResourceAsStream("/google/stream-function-call.txt").readAllBytes(),
                StandardCharsets.UTF_8);
        GoogleStreamDecoder decoder = new GoogleStreamDecoder(1);
        List<ChatEvent> events = ChatFixtures.decode(decoder, stream.replace("\n", "\r\n"), every);
        assertThat(events.get(0)).isEqualTo(new ChatEvent.Started("mCSkaPS8Ftm0z7IPkNvsuQ4", "gemini-2.5-flash"));
        assertThat(events).contains(new ChatEvent.ReasoningDelta(0, "Thinking about the weather..."),
                new ChatEvent.Finished(0, FinishReason.TOOL_CALLS));
        ChatEvent.ToolCallDelta call = events.stream().filter(ChatEvent.ToolCallDelta.class::isInstance)
                .map(ChatEvent.ToolCallDelta.class::cast).findFirst().orElseThrow();
        assertThat(call.id().orElseThrow()).matches("call_[0-9a-f]{24}");
        List<ChatEvent> again = ChatFixtures.decode(new GoogleStreamDecoder(1), stream, 7);
        assertThat(again).as("the stream read again (served from the cache) names its call alike").contains(call);
        assertThat(call.name()).contains("get_weather");
        assertThat(call.arguments()).isEqualTo("{\"location\":\"Paris\"}");
        assertThat(call.signature()).contains("CiQBcsjafEr0Ws5Gk=");
        assertThat(ChatFixtures.text(events)).isEqualTo("I'll look it up.");
        assertThat(events.get(events.size() - 1)).isEqualTo(new ChatEvent.Usage(new TokenUsage(40, 30, 10, 0, false)));
        assertThat(decoder.finished()).isTrue();
        GoogleStreamDecoder cut = new GoogleStreamDecoder(1);
        ChatFixtures.decode(cut, stream.substring(0, stream.lastIndexOf("data:")), every);
        assertThat(cut.finished()).isFalse();
    }

    private static final String ANSWER_WITH_TWO_CALLS = """
            {"candidates":[{"content":{"role":"model","parts":[
              {"functionCall":{"name":"get_weather","args":{"location":"Paris"}},"thoughtSignature":"sig-1"},
              {"functionCall":{"name":"get_weather","args":{"location":"Rome"}}}]},
              "finishReason":"STOP","index":0}],"responseId":"resp-1"}
            """;

    /**
     * Gemini 3 refuses a turn whose function calls come back without the {@code thoughtSignature} they were made with
     * (ai.google.dev, "Thought signatures": with parallel calls only the first carries one), so a call's signature is
     * read from its part and written back on it, exactly where it came.
     */
    @Test
    void aCallsThoughtSignatureIsReadAndSentBackOnItsPart() {
        ChatResult answered = dialect.chatResult(ANSWER_WITH_TWO_CALLS.getBytes(StandardCharsets.UTF_8));
        var calls = answered.choices().get(0).message().toolCalls();
        assertThat(calls).extracting(dev.sluice.domain.chat.ToolCall::signature)
                .containsExactly(Optional.of("sig-1"), Optional.empty());
        assertThat(calls.get(0).id()).as("made-up ids differ, as OpenAI's do").isNotEqualTo(calls.get(1).id());
        assertThat(dialect.chatResult(ANSWER_WITH_TWO_CALLS.getBytes(StandardCharsets.UTF_8)).choices().get(0).message()
                .toolCalls()).as("the same answer read again (from the cache) names its calls alike").isEqualTo(calls);
        assertThat(dialect.chatResult(ANSWER_WITH_TWO_CALLS.replace("resp-1", "resp-2").getBytes(StandardCharsets.UTF_8))
                .choices().get(0).message().toolCalls().get(0).id()).as("another answer's calls are named anew")
                .isNotEqualTo(calls.get(0).id());

        ChatRequest base = ChatFixtures.conversation("gemini-3-pro-preview", Sampling.DEFAULTS, false);
        List<dev.sluice.domain.chat.ChatMessage> turns = List.of(base.messages().get(1),
                answered.choices().get(0).message(), dev.sluice.domain.chat.ChatMessage.toolResult(calls.get(0).id(),
                        "{\"t\":21}"), dev.sluice.domain.chat.ChatMessage.toolResult(calls.get(1).id(), "{\"t\":25}"));
        ChatRequest next = new ChatRequest(base.model(), turns, base.tools(), Optional.empty(), Sampling.DEFAULTS,
                Optional.empty(), List.of(), false, false, Optional.empty(), Optional.empty(), Map.of(), true);
        List<Map<String, Object>> contents = WireJson.objects(ChatFixtures.json(
                dialect.chatRequest(next, ChatFixtures.CLIENT).body()), "contents");
        List<Map<String, Object>> model = WireJson.objects(contents.get(1), "parts");
        assertThat(model.get(0)).containsEntry("thoughtSignature", "sig-1");
        assertThat(model.get(1)).doesNotContainKey("thoughtSignature");
    }

    /**
     * Gemini also signs parts that are no function calls (ai.google.dev, "Thought signatures": the last part of an
     * answer without calls, and in a stream possibly an empty text part of the last chunk) and asks for them back as
     * they came. Such a signature is the message's own, as Google's OpenAI-compatible API hands it out, and goes back
     * on the message's text part, or on an empty one where the message has no text.
     */
    @Test
    void aSignatureOnTextIsReadIntoTheMessageAndSentBackOnItsTextPart() {
        ChatResult answered = dialect.chatResult("""
                {"candidates":[{"content":{"role":"model","parts":[{"text":"Paris.","thoughtSignature":"sig-text"}]},
                  "finishReason":"STOP","index":0}],"responseId":"resp-3"}
                """.getBytes(StandardCharsets.UTF_8));
        ChatMessage message = answered.choices().get(0).message();
        assertThat(message.text()).isEqualTo("Paris.");
        assertThat(message.signature()).contains("sig-text");
        assertThat(modelParts(message)).containsExactly(Map.of("text", "Paris.", "thoughtSignature", "sig-text"));

        ChatMessage unspoken = new ChatMessage(Role.ASSISTANT, List.of(new ContentPart.Text("")), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.of("sig-empty"));
        assertThat(modelParts(unspoken)).containsExactly(Map.of("text", "", "thoughtSignature", "sig-empty"));
        assertThat(modelParts(ChatMessage.text(Role.ASSISTANT, "Plain."))).containsExactly(Map.of("text", "Plain."));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 17, 100_000})
    void aStreamsClosingSignatureOnAnEmptyTextPartIsPassedOn(int every) throws IOException {
        String stream = new String(getClass().getResourceAsStream("/google/stream-text-signature.txt").readAllBytes(),
                StandardCharsets.UTF_8);
        GoogleStreamDecoder decoder = new GoogleStreamDecoder(1);
        List<ChatEvent> events = ChatFixtures.decode(decoder, stream, every);
        assertThat(ChatFixtures.text(events)).isEqualTo("The capital of France is Paris.");
        assertThat(events).containsSubsequence(new ChatEvent.ContentSignature(0, "EtIBCs8BAdHtim8="),
                new ChatEvent.Finished(0, FinishReason.STOP));
        assertThat(decoder.finished()).isTrue();
    }

    private List<Map<String, Object>> modelParts(ChatMessage assistant) {
        ChatRequest next = new ChatRequest("gemini-3-pro-preview", List.of(ChatMessage.text(Role.USER, "Capital?"),
                assistant, ChatMessage.text(Role.USER, "Sure?")), List.of(), Optional.empty(), Sampling.DEFAULTS,
                Optional.empty(), List.of(), false, false, Optional.empty(), Optional.empty(), Map.of(), true);
        List<Map<String, Object>> contents = WireJson.objects(ChatFixtures.json(
                dialect.chatRequest(next, ChatFixtures.CLIENT).body()), "contents");
        return WireJson.objects(contents.get(1), "parts");
    }

    /** Gemini has no switch for one call at a time: OpenAI's {@code parallel_tool_calls} is not sent as a field. */
    @Test
    void parallelToolCallsIsNotSentAsAnUnknownField() {
        ChatRequest base = ChatFixtures.conversation("gemini-2.5-flash", Sampling.DEFAULTS, false);
        ChatRequest oneAtATime = new ChatRequest(base.model(), base.messages(), base.tools(), base.toolChoice(),
                base.sampling(), Optional.empty(), List.of(), false, false, Optional.empty(), Optional.empty(), Map.of(),
                false);
        assertThat(ChatFixtures.json(dialect.chatRequest(oneAtATime, ChatFixtures.CLIENT).body()))
                .doesNotContainKey("parallel_tool_calls");
    }

    @Test
    void errorsKeepGooglesMessageAndStatusInEitherShape() {
        String error = "{\"error\":{\"code\":400,\"message\":\"API key not valid.\",\"status\":\"INVALID_ARGUMENT\"}}";
        assertThat(dialect.error(400, error.getBytes(StandardCharsets.UTF_8)).message()).isEqualTo("API key not valid.");
        assertThat(dialect.error(400, ("[" + error + "]").getBytes(StandardCharsets.UTF_8)).code())
                .contains("INVALID_ARGUMENT");
    }

    @Test
    void embeddingsAreBatchedOneRequestPerText() {
        var embeddings = dialect.embeddings().orElseThrow();
        ProviderRequest request = embeddings.embeddingRequest(new EmbeddingRequest("gemini-embedding-001",
                List.of("a", "b"), Optional.of(256), Map.of()), ChatFixtures.CLIENT);
        assertThat(request.path()).isEqualTo("v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(WireJson.objects(ChatFixtures.json(request.body()), "requests")).hasSize(2).first()
                .isEqualTo(Map.of("model", "models/gemini-embedding-001",
                        "content", Map.of("parts", List.of(Map.of("text", "a"))), "outputDimensionality", 256L));
        var result = embeddings.embeddingResult("{\"embeddings\":[{\"values\":[0.1,-0.2]},{\"values\":[0.3,0.4]}]}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(result.vectors()).hasSize(2);
        assertThat(result.vectors().get(0)).containsExactly(0.1, -0.2);
    }
}
