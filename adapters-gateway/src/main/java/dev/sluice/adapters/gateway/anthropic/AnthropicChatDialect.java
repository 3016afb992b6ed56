package dev.sluice.adapters.gateway.anthropic;

import dev.sluice.adapters.gateway.dialect.DialectSupport;
import dev.sluice.adapters.gateway.dialect.WireJson;
import dev.sluice.domain.chat.ChatChoice;
import dev.sluice.domain.chat.ChatDialect;
import dev.sluice.domain.chat.ChatMessage;
import dev.sluice.domain.chat.ChatRequest;
import dev.sluice.domain.chat.ChatResult;
import dev.sluice.domain.chat.ChatStreamDecoder;
import dev.sluice.domain.chat.ContentPart;
import dev.sluice.domain.chat.FinishReason;
import dev.sluice.domain.chat.ProviderError;
import dev.sluice.domain.chat.ProviderRequest;
import dev.sluice.domain.chat.Role;
import dev.sluice.domain.chat.ThinkingBlock;
import dev.sluice.domain.chat.ToolCall;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.usage.TokenUsage;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Anthropic's Messages API as the unified API speaks it: requests written by {@link AnthropicRequests} to
 * {@code v1/messages} with the client's key as {@code x-api-key} and an {@code anthropic-version}; whole
 * answers read from their content blocks (text, thinking, tool use); streams by
 * {@link AnthropicStreamDecoder}; errors from {@code {"type":"error","error":{type, message}}}.
 */
final class AnthropicChatDialect implements ChatDialect.Translating {

    static final String VERSION = "2023-06-01";

    private final AnthropicRequests requests = new AnthropicRequests();
    private final Clock clock;

    AnthropicChatDialect(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ProviderRequest chatRequest(ChatRequest request, Headers forwarded) {
        return new ProviderRequest("v1/messages", "",
                DialectSupport.credentials(forwarded, "x-api-key", Map.of("anthropic-version", VERSION)),
                WireJson.write(requests.body(request)));
    }

    @Override
    public ChatResult chatResult(byte[] body) {
        Map<String, Object> message = WireJson.readObject(body);
        if (!"message".equals(message.get("type"))) {
            throw new IllegalArgumentException("not an Anthropic message");
        }
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        List<ThinkingBlock> signed = new ArrayList<>();
        for (Map<String, Object> block : WireJson.objects(message, "content")) {
            switch (WireJson.string(block, "type").orElse("")) {
                case "text" -> text.append(WireJson.string(block, "text").orElse(""));
                case "thinking" -> {
                    String thought = WireJson.string(block, "thinking").orElse("");
                    thinking.append(thought);
                    signed.add(ThinkingBlock.signed(thought, WireJson.string(block, "signature").orElse("")));
                }
                case "redacted_thinking" -> signed.add(ThinkingBlock.redacted(WireJson.string(block, "data").orElse("")));
                case "tool_use" -> calls.add(new ToolCall(WireJson.string(block, "id").orElse(""),
                        WireJson.string(block, "name").orElse(""),
                        WireJson.writeString(WireJson.object(block, "input").orElse(Map.of()))));
                default -> { }
            }
        }
        ChatMessage answer = new ChatMessage(Role.ASSISTANT, List.of(new ContentPart.Text(text.toString())), calls,
                Optional.empty(), Optional.empty(),
                thinking.length() == 0 ? Optional.empty() : Optional.of(thinking.toString()), signed);
        return new ChatResult(WireJson.string(message, "id").orElse(""), WireJson.string(message, "model").orElse(""),
                clock.instant().getEpochSecond(),
                List.of(new ChatChoice(0, answer, WireJson.string(message, "stop_reason").map(AnthropicChatDialect::finish))),
                WireJson.object(message, "usage").map(AnthropicChatDialect::usage));
    }

    @Override
    public ChatStreamDecoder chatStream(ChatRequest request) {
        return new AnthropicStreamDecoder();
    }

    @Override
    public ProviderError error(int status, byte[] body) {
        try {
            Map<String, Object> error = WireJson.object(WireJson.readObject(body), "error").orElseThrow();
            return new ProviderError(WireJson.string(error, "type").orElse(ProviderError.typeFor(status)),
                    WireJson.string(error, "message").orElseThrow(), Optional.empty());
        } catch (RuntimeException unreadable) {
            return DialectSupport.unknownError(status, body);
        }
    }

    static FinishReason finish(String stopReason) {
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.STOP;
        };
    }

    /** Anthropic's {@code input_tokens} leaves out cache reads and writes; OpenAI's prompt tokens count them. */
    static TokenUsage usage(Map<String, Object> usage) {
        long read = WireJson.number(usage, "cache_read_input_tokens").orElse(0L);
        long write = WireJson.number(usage, "cache_creation_input_tokens").orElse(0L);
        long longWrite = WireJson.object(usage, "cache_creation")
                .flatMap(written -> WireJson.number(written, "ephemeral_1h_input_tokens")).orElse(0L);
        return new TokenUsage(WireJson.number(usage, "input_tokens").orElse(0L) + read + write,
                WireJson.number(usage, "output_tokens").orElse(0L), read, write, longWrite, false);
    }
}
