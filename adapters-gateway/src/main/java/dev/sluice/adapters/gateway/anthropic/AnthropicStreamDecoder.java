package dev.sluice.adapters.gateway.anthropic;

import dev.sluice.adapters.gateway.dialect.WireJson;
import dev.sluice.domain.chat.ChatEvent;
import dev.sluice.domain.chat.ChatStreamDecoder;
import dev.sluice.domain.chat.ServerSentEvent;
import dev.sluice.domain.chat.ThinkingBlock;
import dev.sluice.domain.usage.TokenUsage;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Anthropic's message stream: {@code message_start} (id, model, input usage),
 * {@code content_block_start} / {@code content_block_delta} for text, thinking and tool use (a tool use's
 * input arrives as {@code input_json_delta} fragments, passed on as argument fragments; one with none has {@code {}}),
 * {@code message_delta} (stop reason and output usage), {@code message_stop} (the end of a whole answer),
 * {@code error}; {@code ping} is skipped. A thinking block's text is passed on as it arrives and, once its
 * {@code signature_delta} has come, again whole with its signature; a {@code redacted_thinking} block as it starts.
 */
final class AnthropicStreamDecoder implements ChatStreamDecoder {

    /** Content block index → tool call index, for the tool use blocks seen so far. */
    private final Map<Long, Integer> tools = new HashMap<>();
    /** The tool use blocks whose input has had a fragment of JSON, by content block index. */
    private final Set<Long> withInput = new HashSet<>();
    /** Content block index → the text of the thinking block there so far, until its signature arrives. */
    private final Map<Long, StringBuilder> thoughts = new HashMap<>();
    private TokenUsage usage = TokenUsage.NONE;
    private boolean finished;

    @Override
    public List<ChatEvent> read(ServerSentEvent event) {
        Map<String, Object> data = WireJson.readObject(event.data().getBytes(StandardCharsets.UTF_8));
        String type = WireJson.string(data, "type").orElse(event.event());
        switch (type) {
            case "message_start": {
                Map<String, Object> message = WireJson.object(data, "message").orElse(Map.of());
                Optional<Map<String, Object>> reported = WireJson.object(message, "usage");
                reported.ifPresent(counts -> usage = AnthropicChatDialect.usage(counts));
                ChatEvent started = new ChatEvent.Started(WireJson.string(message, "id").orElse(""),
                        WireJson.string(message, "model").orElse(""));
                // The input is known from here: a stream that fails or is left later is still logged with it (when
                // the server reported it: one that did not is estimated, not logged as 0).
                return reported.isPresent() ? List.of(started, new ChatEvent.Usage(usage)) : List.of(started);
            }
            case "content_block_start":
                return blockStart(data);
            case "content_block_delta":
                return delta(data);
            case "content_block_stop":
                return blockStop(data);
            case "message_delta": {
                Optional<String> stop = WireJson.object(data, "delta").flatMap(delta -> WireJson.string(delta, "stop_reason"));
                WireJson.object(data, "usage").ifPresent(reported -> usage = usage.merge(AnthropicChatDialect.usage(reported)));
                return stop.<List<ChatEvent>>map(reason -> List.of(
                                new ChatEvent.Finished(0, AnthropicChatDialect.finish(reason)), new ChatEvent.Usage(usage)))
                        .orElseGet(() -> List.of(new ChatEvent.Usage(usage)));
            }
            case "message_stop":
                finished = true;
                return List.of();
            case "error": {
                Map<String, Object> error = WireJson.object(data, "error").orElse(Map.of());
                return List.of(new ChatEvent.Failed(WireJson.string(error, "type").orElse("api_error"),
                        WireJson.string(error, "message").orElse("Anthropic reported an error in its stream")));
            }
            default:
                return List.of();
        }
    }

    private List<ChatEvent> blockStart(Map<String, Object> data) {
        Map<String, Object> block = WireJson.object(data, "content_block").orElse(Map.of());
        if ("redacted_thinking".equals(block.get("type"))) {
            return List.of(new ChatEvent.ThinkingBlockDone(0, ThinkingBlock.redacted(WireJson.string(block, "data").orElse(""))));
        }
        if ("thinking".equals(block.get("type"))) {
            thoughts.put(WireJson.number(data, "index").orElse(-1L),
                    new StringBuilder(WireJson.string(block, "thinking").orElse("")));
        }
        if (!"tool_use".equals(block.get("type"))) {
            return List.of();
        }
        int index = tools.size();
        tools.put(WireJson.number(data, "index").orElse(-1L), index);
        return List.of(new ChatEvent.ToolCallDelta(0, index, WireJson.string(block, "id"),
                WireJson.string(block, "name"), ""));
    }

    /**
     * A tool use block that ends with no fragment of its input (a tool called without arguments: Anthropic starts it
     * with {@code "input": {}} and sends no {@code input_json_delta}) gives its call the arguments {@code {}}, as the
     * answer that does not stream does: OpenAI's arguments are always JSON, and clients parse them.
     */
    private List<ChatEvent> blockStop(Map<String, Object> data) {
        long block = WireJson.number(data, "index").orElse(-1L);
        Integer index = tools.get(block);
        if (index == null || withInput.contains(block)) {
            return List.of();
        }
        withInput.add(block);
        return List.of(new ChatEvent.ToolCallDelta(0, index, Optional.empty(), Optional.empty(), "{}"));
    }

    private List<ChatEvent> delta(Map<String, Object> data) {
        Map<String, Object> delta = WireJson.object(data, "delta").orElse(Map.of());
        switch (WireJson.string(delta, "type").orElse("")) {
            case "text_delta":
                return List.of(new ChatEvent.TextDelta(0, WireJson.string(delta, "text").orElse("")));
            case "thinking_delta": {
                String thought = WireJson.string(delta, "thinking").orElse("");
                thoughts.computeIfAbsent(WireJson.number(data, "index").orElse(-1L), index -> new StringBuilder())
                        .append(thought);
                return List.of(new ChatEvent.ReasoningDelta(0, thought));
            }
            case "signature_delta": {
                StringBuilder thought = thoughts.remove(WireJson.number(data, "index").orElse(-1L));
                return List.of(new ChatEvent.ThinkingBlockDone(0, ThinkingBlock.signed(
                        thought == null ? "" : thought.toString(), WireJson.string(delta, "signature").orElse(""))));
            }
            case "input_json_delta": {
                long block = WireJson.number(data, "index").orElse(-1L);
                Integer index = tools.get(block);
                if (index == null) {
                    throw new IllegalArgumentException("input_json_delta for a block that is no tool use");
                }
                String fragment = WireJson.string(delta, "partial_json").orElse("");
                if (!fragment.isEmpty()) {
                    withInput.add(block);
                }
                return List.of(new ChatEvent.ToolCallDelta(0, index, Optional.empty(), Optional.empty(), fragment));
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
