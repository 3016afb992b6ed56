package dev.sluice.adapters.gateway.cohere;

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

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cohere's v2 chat as the unified API speaks it: {@code v2/chat} with the client's bearer key as is;
 * answers read from {@code message.content} ({@code text} and {@code thinking} blocks) and
 * {@code message.tool_calls}; streams by {@link CohereStreamDecoder}; errors from {@code {"message"}};
 * embeddings by {@code v2/embed}. Cohere's answers do not name the model; the gateway fills in the one
 * asked for.
 */
final class CohereChatDialect implements ChatDialect.Translating {

    private final CohereRequests requests = new CohereRequests();
    private final Clock clock;

    CohereChatDialect(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ProviderRequest chatRequest(ChatRequest request, Headers forwarded) {
        return new ProviderRequest("v2/chat", "", headers(forwarded), WireJson.write(requests.body(request)));
    }

    static Headers headers(Headers forwarded) {
        return DialectSupport.credentials(forwarded, "authorization", Map.of());
    }

    @Override
    public ChatResult chatResult(byte[] body) {
        Map<String, Object> response = WireJson.readObject(body);
        Map<String, Object> message = WireJson.object(response, "message")
                .orElseThrow(() -> new IllegalArgumentException("a Cohere answer without a message"));
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        for (Map<String, Object> block : WireJson.objects(message, "content")) {
            switch (WireJson.string(block, "type").orElse("")) {
                case "text" -> text.append(WireJson.string(block, "text").orElse(""));
                case "thinking" -> thinking.append(WireJson.string(block, "thinking").orElse(""));
                default -> { }
            }
        }
        List<ToolCall> calls = new ArrayList<>();
        for (Map<String, Object> call : WireJson.objects(message, "tool_calls")) {
            Map<String, Object> function = WireJson.object(call, "function").orElse(Map.of());
            calls.add(new ToolCall(WireJson.string(call, "id").orElse("call_" + calls.size()),
                    WireJson.string(function, "name").orElse(""), WireJson.string(function, "arguments").orElse("{}")));
        }
        ChatMessage answer = new ChatMessage(Role.ASSISTANT, List.of(new ContentPart.Text(text.toString())), calls,
                Optional.empty(), Optional.empty(), thinking.length() == 0 ? Optional.empty() : Optional.of(thinking.toString()));
        return new ChatResult(WireJson.string(response, "id").orElse(""), WireJson.string(response, "model").orElse(""),
                clock.instant().getEpochSecond(), List.of(new ChatChoice(0, answer,
                WireJson.string(response, "finish_reason").map(CohereChatDialect::finish))),
                WireJson.object(response, "usage").flatMap(CohereChatDialect::usage));
    }

    static FinishReason finish(String reason) {
        return switch (reason) {
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "TOOL_CALL" -> FinishReason.TOOL_CALLS;
            default -> FinishReason.STOP;
        };
    }

    /** The tokens billed, as the provider profile reads them for the native path, so both log the same. */
    static Optional<TokenUsage> usage(Map<String, Object> usage) {
        return CohereProvider.usage(usage);
    }

    @Override
    public ChatStreamDecoder chatStream(ChatRequest request) {
        return new CohereStreamDecoder();
    }

    @Override
    public ProviderError error(int status, byte[] body) {
        try {
            return new ProviderError(ProviderError.typeFor(status),
                    WireJson.string(WireJson.readObject(body), "message").orElseThrow(), Optional.empty());
        } catch (RuntimeException unreadable) {
            return DialectSupport.unknownError(status, body);
        }
    }

    @Override
    public Optional<EmbeddingDialect> embeddings() {
        return Optional.of(new CohereEmbeddings());
    }
}
