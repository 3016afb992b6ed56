package dev.sluice.adapters.gateway.google;

import dev.sluice.adapters.gateway.dialect.DialectSupport;
import dev.sluice.adapters.gateway.dialect.WireJson;
import dev.sluice.domain.chat.ChatChoice;
import dev.sluice.domain.chat.ChatDialect;
import dev.sluice.domain.chat.ChatMessage;
import dev.sluice.domain.chat.ChatRequest;
import dev.sluice.domain.chat.ChatResult;
import dev.sluice.domain.chat.ChatStreamDecoder;
import dev.sluice.domain.chat.ContentPart;
import dev.sluice.domain.chat.EmbeddingDialect;
import dev.sluice.domain.chat.FinishReason;
import dev.sluice.domain.chat.ProviderError;
import dev.sluice.domain.chat.ProviderRequest;
import dev.sluice.domain.chat.Role;
import dev.sluice.domain.chat.ToolCall;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.usage.TokenUsage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Google AI Studio (the Gemini API) as the unified API speaks it: {@code generateContent} and
 * {@code streamGenerateContent?alt=sse} under {@code v1beta/models/{model}}, the client's key as
 * {@code x-goog-api-key}; candidates read into choices (function calls become tool calls, thought parts
 * reasoning); errors from {@code {"error":{code, message, status}}}; embeddings by
 * {@code batchEmbedContents}.
 */
final class GoogleChatDialect implements ChatDialect.Translating {

    static final String PROVIDER = "google-ai-studio";
    private static final Pattern SAFE_MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final GoogleRequests requests = new GoogleRequests();
    private final Clock clock;

    GoogleChatDialect(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ProviderRequest chatRequest(ChatRequest request, Headers forwarded) {
        String model = model(request.model());
        String operation = request.stream() ? ":streamGenerateContent" : ":generateContent";
        return new ProviderRequest("v1beta/models/" + model + operation, request.stream() ? "alt=sse" : "",
                headers(forwarded), WireJson.write(requests.body(request)));
    }

    static Headers headers(Headers forwarded) {
        return DialectSupport.credentials(forwarded, "x-goog-api-key", Map.of());
    }

    @Override
    public String modelName(String requested) {
        return requested.startsWith("models/") ? requested.substring(7) : requested;
    }

    /** The model as a path segment: {@code models/} taken off, anything that could leave the path refused. */
    static String model(String requested) {
        String model = requested.startsWith("models/") ? requested.substring(7) : requested;
        if (!SAFE_MODEL.matcher(model).matches() || model.contains("..")) {
            throw ChatRequest.unsupported("model", PROVIDER, "model names are letters, digits, '.', '_' and '-'");
        }
        return model;
    }

    @Override
    public ChatResult chatResult(byte[] body) {
        Map<String, Object> response = WireJson.readObject(body);
        List<Map<String, Object>> candidates = WireJson.objects(response, "candidates");
        if (candidates.isEmpty() && !response.containsKey("promptFeedback")) {
            throw new IllegalArgumentException("a Gemini answer without candidates");
        }
        List<ChatChoice> choices = new ArrayList<>();
        for (Map<String, Object> candidate : candidates) {
            choices.add(choice(candidate, WireJson.string(response, "responseId").orElse("")));
        }
        if (choices.isEmpty()) {
            choices.add(new ChatChoice(0, ChatMessage.text(Role.ASSISTANT, ""), Optional.of(FinishReason.CONTENT_FILTER)));
        }
        return new ChatResult(WireJson.string(response, "responseId").orElse(""),
                WireJson.string(response, "modelVersion").orElse(""), clock.instant().getEpochSecond(), choices,
                WireJson.object(response, "usageMetadata").flatMap(GoogleChatDialect::usage));
    }

    private static ChatChoice choice(Map<String, Object> candidate, String responseId) {
        int index = WireJson.number(candidate, "index").orElse(0L).intValue();
        StringBuilder text = new StringBuilder();
        StringBuilder thought = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        Optional<String> signature = Optional.empty();
        Map<String, Object> content = WireJson.object(candidate, "content").orElse(Map.of());
        for (Map<String, Object> part : WireJson.objects(content, "parts")) {
            if (part.containsKey("functionCall")) {
                calls.add(toolCall(part, responseId, index, calls.size()));
                continue;
            }
            (Boolean.TRUE.equals(part.get("thought")) ? thought : text).append(WireJson.string(part, "text").orElse(""));
            Optional<String> own = contentSignature(part);
            signature = own.isPresent() ? own : signature;
        }
        ChatMessage message = new ChatMessage(Role.ASSISTANT, List.of(new ContentPart.Text(text.toString())), calls,
                Optional.empty(), Optional.empty(), thought.length() == 0 ? Optional.empty() : Optional.of(thought.toString()),
                List.of(), signature);
        Optional<FinishReason> finish = WireJson.string(candidate, "finishReason")
                .map(reason -> calls.isEmpty() ? finish(reason) : FinishReason.TOOL_CALLS);
        return new ChatChoice(index, message, finish);
    }

    /**
     * A {@code functionCall} part as a tool call, with the part's {@code thoughtSignature} (Gemini 3 refuses the next
     * turn without it). Gemini gives a call an id only sometimes; when it does not, one is made up from the answer's
     * {@code responseId}, the call's place in it and the call itself: unique across turns as OpenAI's are (a client
     * may tell calls of different turns apart by their ids), and the same each time the answer is read, so an answer
     * served again from the cache names its calls as it did the first time.
     */
    static ToolCall toolCall(Map<String, Object> part, String responseId, int candidate, int position) {
        Map<String, Object> call = WireJson.object(part, "functionCall").orElse(Map.of());
        String name = WireJson.string(call, "name").orElse("");
        String arguments = WireJson.writeString(WireJson.object(call, "args").orElse(Map.of()));
        String id = WireJson.string(call, "id").orElseGet(() -> madeUpId(responseId + "\n" + candidate + "\n" + position
                + "\n" + name + "\n" + arguments));
        return new ToolCall(id, name, arguments, WireJson.string(part, "thoughtSignature"));
    }

    /**
     * The {@code thoughtSignature} of a part that is no function call: Gemini puts one on a text part (the last part
     * of an answer without calls, or an empty text part closing a stream), and wants it back on the next turn as it
     * came. Google's OpenAI-compatible API hands it out in the message's {@code extra_content}; so does the unified API.
     */
    static Optional<String> contentSignature(Map<String, Object> part) {
        return WireJson.string(part, "thoughtSignature").filter(signature -> !signature.isEmpty());
    }

    private static String madeUpId(String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return "call_" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform has SHA-256", impossible);
        }
    }

    static FinishReason finish(String reason) {
        return switch (reason.toUpperCase(Locale.ROOT)) {
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" ->
                    FinishReason.CONTENT_FILTER;
            default -> FinishReason.STOP;
        };
    }

    /**
     * Gemini's {@code usageMetadata}: the prompt, and what the tools' results added to it ({@code
     * toolUsePromptTokenCount}, billed as input); the answer, and the thinking ({@code thoughtsTokenCount}, billed as
     * output); the cached part of the prompt. Read for the native API and the unified one alike.
     */
    static Optional<TokenUsage> usage(Map<String, Object> metadata) {
        Optional<Long> input = WireJson.number(metadata, "promptTokenCount");
        Optional<Long> output = WireJson.number(metadata, "candidatesTokenCount");
        if (input.isEmpty() && output.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TokenUsage(input.orElse(0L) + WireJson.number(metadata, "toolUsePromptTokenCount").orElse(0L),
                output.orElse(0L) + WireJson.number(metadata, "thoughtsTokenCount").orElse(0L),
                WireJson.number(metadata, "cachedContentTokenCount").orElse(0L), 0, false));
    }

    @Override
    public ChatStreamDecoder chatStream(ChatRequest request) {
        return new GoogleStreamDecoder(request.sampling().choices());
    }

    @Override
    public ProviderError error(int status, byte[] body) {
        try {
            Object parsed = WireJson.readValue(new String(body, java.nio.charset.StandardCharsets.UTF_8));
            if (parsed instanceof List<?> list && !list.isEmpty()) {
                parsed = list.get(0);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> error = WireJson.object((Map<String, Object>) parsed, "error").orElseThrow();
            Optional<String> code = WireJson.string(error, "status");
            return new ProviderError(ProviderError.typeFor(status), WireJson.string(error, "message").orElseThrow(), code);
        } catch (RuntimeException unreadable) {
            return DialectSupport.unknownError(status, body);
        }
    }

    @Override
    public Optional<EmbeddingDialect> embeddings() {
        return Optional.of(new GoogleEmbeddings());
    }
}
