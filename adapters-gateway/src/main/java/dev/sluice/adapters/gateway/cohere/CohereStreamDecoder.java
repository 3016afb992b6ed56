package dev.sluice.adapters.gateway.cohere;

import dev.sluice.adapters.gateway.dialect.WireJson;
import dev.sluice.domain.chat.ChatEvent;
import dev.sluice.domain.chat.ChatStreamDecoder;
import dev.sluice.domain.chat.ServerSentEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Cohere's v2 chat stream: {@code message-start} (the id), {@code content-delta} (text or
 * thinking), {@code tool-call-start} (a call's id, name and first arguments) and {@code tool-call-delta}
 * (more arguments), {@code message-end} (finish reason and usage; the end of a whole answer). Tool plans,
 * citations and the other start and end events carry nothing the client's format has.
 */
final class CohereStreamDecoder implements ChatStreamDecoder {

    private int toolCalls;
    private boolean finished;

    @Override
    public List<ChatEvent> read(ServerSentEvent event) {
        Map<String, Object> data = WireJson.readObject(event.data().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> delta = WireJson.object(data, "delta").orElse(Map.of());
        Map<String, Object> message = WireJson.object(delta, "message").orElse(Map.of());
        switch (WireJson.string(data, "type").orElse(event.event())) {
            case "message-start":
                return List.of(new ChatEvent.Started(WireJson.string(data, "id").orElse(""), ""));
            case "content-delta": {
                Map<String, Object> content = WireJson.object(message, "content").orElse(Map.of());
                Optional<String> thinking = WireJson.string(content, "thinking");
                if (thinking.isPresent()) {
                    return List.of(new ChatEvent.ReasoningDelta(0, thinking.get()));
                }
                return List.of(new ChatEvent.TextDelta(0, WireJson.string(content, "text").orElse("")));
            }
            case "tool-call-start": {
                Map<String, Object> call = WireJson.object(message, "tool_calls").orElse(Map.of());
                Map<String, Object> function = WireJson.object(call, "function").orElse(Map.of());
                return List.of(new ChatEvent.ToolCallDelta(0, toolCalls++, WireJson.string(call, "id"),
                        WireJson.string(function, "name"), WireJson.string(function, "arguments").orElse("")));
            }
            case "tool-call-delta": {
                Map<String, Object> call = WireJson.object(message, "tool_calls").orElse(Map.of());
                Map<String, Object> function = WireJson.object(call, "function").orElse(Map.of());
                return List.of(new ChatEvent.ToolCallDelta(0, Math.max(0, toolCalls - 1), Optional.empty(),
                        Optional.empty(), WireJson.string(function, "arguments").orElse("")));
            }
            case "message-end": {
                finished = true;
                List<ChatEvent> events = new ArrayList<>(2);
                events.add(new ChatEvent.Finished(0,
                        CohereChatDialect.finish(WireJson.string(delta, "finish_reason").orElse("COMPLETE"))));
                WireJson.object(delta, "usage").flatMap(CohereChatDialect::usage)
                        .ifPresent(usage -> events.add(new ChatEvent.Usage(usage)));
                return events;
            }
            default:
                return List.of();
        }
    }

    @Override
    public boolean finished() {
        return finished;
    }
}
