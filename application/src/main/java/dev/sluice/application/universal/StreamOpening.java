package dev.sluice.application.universal;

import dev.sluice.domain.chat.ServerSentEvent;
import dev.sluice.domain.chat.SseDecoder;
import dev.sluice.domain.chat.StreamEnding;
import dev.sluice.domain.json.JsonObjectReader;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads a streamed answer's opening, chunk by chunk, until the client would see content: the events providers
 * send before any (OpenAI's chunk that gives only the role, Azure's with only its prompt filter results,
 * Anthropic's {@code message_start}, {@code ping} and {@code content_block_start}, the Responses API's
 * {@code response.created} and the like) are an opening a step can still fall back from. The opening is over at
 * the first event that carries content (any event this does not know as an opening: Gemini's chunks, a
 * {@code [DONE]}), at an error event, or when it has grown past {@link #MOST_HELD}. One stream, one reader.
 */
final class StreamOpening implements Predicate<byte[]> {

    /** The most of an opening held back from the client: past it, the answer is committed as it is. */
    static final int MOST_HELD = 64 * 1024;

    private static final Set<String> OPENING_EVENTS = Set.of("message_start", "ping", "content_block_start",
            "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added");
    /** Delta fields that may come before content, when empty or null. */
    private static final Set<String> EMPTY_DELTA_FIELDS = Set.of("role", "content", "refusal", "tool_calls",
            "reasoning_content", "reasoning");

    private final SseDecoder decoder = new SseDecoder();
    private final JsonObjectReader json;
    private long read;
    private boolean sawEvents;
    private boolean content;
    private boolean error;

    StreamOpening(JsonObjectReader json) {
        this.json = json;
    }

    /** Reads the next chunk: true once the opening is over (content or an error came, or too much was held). */
    @Override
    public boolean test(byte[] chunk) {
        read += chunk.length;
        if (judge(decoder.read(chunk))) {
            return true;
        }
        if (read > MOST_HELD) {
            content = true;
            return true;
        }
        return false;
    }

    /**
     * The stream ended while its opening was held: its last event may have come without the blank line that closes
     * it, and a body of no events at all (not an event stream, whatever its type said) is the client's as it is.
     */
    void end() {
        if (!judge(decoder.end()) && !sawEvents && read > 0) {
            content = true;
        }
    }

    /** The first event that is not an opening was an error event. */
    boolean error() {
        return error;
    }

    /** Content came (or the opening grew too long to hold): the answer is the client's from here. */
    boolean content() {
        return content;
    }

    private boolean judge(List<ServerSentEvent> events) {
        sawEvents |= !events.isEmpty();
        for (ServerSentEvent event : events) {
            if (StreamEnding.isError(event)) {
                error = true;
                return true;
            }
            if (!opening(event)) {
                content = true;
                return true;
            }
        }
        return false;
    }

    private boolean opening(ServerSentEvent event) {
        if (OPENING_EVENTS.contains(event.event())) {
            return true;
        }
        String data = event.data().strip();
        return event.event().isEmpty() && data.startsWith("{") && data.contains("\"choices\"") && emptyChunk(data);
    }

    /**
     * An OpenAI chat chunk with nothing for the client yet: no content, no finish, no usage. Azure's first chunk, with
     * only its prompt filter results, has an empty {@code object}.
     */
    @SuppressWarnings("unchecked")
    private boolean emptyChunk(String data) {
        Map<String, Object> chunk;
        try {
            chunk = json.readObject(data);
        } catch (IllegalArgumentException notJson) {
            return false;
        }
        Object object = chunk.getOrDefault("object", "");
        if (!("chat.completion.chunk".equals(object) || "".equals(object)) || chunk.get("usage") != null
                || !(chunk.getOrDefault("choices", List.of()) instanceof List<?> choices)) {
            return false;
        }
        for (Object choice : choices) {
            if (!(choice instanceof Map<?, ?> one) || one.get("finish_reason") != null
                    || !(one.get("delta") instanceof Map<?, ?> delta) || !emptyDelta((Map<String, Object>) delta)) {
                return false;
            }
        }
        return true;
    }

    private static boolean emptyDelta(Map<String, Object> delta) {
        for (Map.Entry<String, Object> field : delta.entrySet()) {
            Object value = field.getValue();
            boolean empty = value == null || "".equals(value) || (value instanceof List<?> list && list.isEmpty());
            if (!field.getKey().equals("role") && !(EMPTY_DELTA_FIELDS.contains(field.getKey()) && empty)) {
                return false;
            }
        }
        return true;
    }
}
