package dev.sluice.domain.chat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a provider's event stream ended, read from its last event: whether it is a whole answer. A stream whose
 * connection ended cleanly may still have failed: the provider reported an error in it (Anthropic's
 * {@code event: error}, OpenAI's {@code data: {"error": …}}), or it stopped before its closing event (OpenAI's
 * {@code data: [DONE]} after a {@code chat.completion.chunk}, Anthropic's {@code message_stop}). Such an answer is
 * neither cached nor logged as a success. A last event this does not know (a format without a closing event, such
 * as Gemini's) is taken as whole, as before.
 */
public final class StreamEnding {

    private static final String EVENT_STREAM = "text/event-stream";

    /** Enough for any provider's last event (a usage chunk, a stop event, an error). */
    static final int LAST_BYTES = 8 * 1024;

    /** Anthropic's events that are always followed by others: a stream ending on one was cut. */
    private static final Set<String> ANTHROPIC_NOT_LAST = Set.of("message_start", "content_block_start",
            "content_block_delta", "content_block_stop", "message_delta", "ping");

    /** JSON as providers write it, compact or with spaces (Python's json.dumps: {@code "type": "error"}). */
    private static final Pattern ERROR_OBJECT = Pattern.compile("\\{\\s*\"error\"\\s*:");
    private static final Pattern ERROR_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"error\"");
    private static final Pattern CHAT_CHUNK = Pattern.compile("\"object\"\\s*:\\s*\"chat\\.completion\\.chunk\"");

    private StreamEnding() {
    }

    /** Whether the body, as its content type says, is an event stream that ended in failure or before its end. */
    public static boolean failed(String contentType, byte[] body) {
        // Asked at the end of every logged answer: no lower-cased copy of the content type for the JSON ones.
        if (!contentType.regionMatches(true, 0, EVENT_STREAM, 0, EVENT_STREAM.length()) || body.length == 0) {
            return false;
        }
        ServerSentEvent last = lastEvent(body);
        return last != null && (isError(last) || notLast(last));
    }

    /** An error event: {@code event: error}, or data that is an error object ({@code {"error": …}}, {@code "type":"error"}). */
    public static boolean isError(ServerSentEvent event) {
        String data = event.data().stripLeading();
        return event.event().equals("error") || ERROR_OBJECT.matcher(data).lookingAt() || ERROR_TYPE.matcher(data).find();
    }

    /** An event its format always follows with another: the stream stopped before it was whole. */
    private static boolean notLast(ServerSentEvent event) {
        String data = event.data().strip();
        if (data.equals("[DONE]")) {
            return false;
        }
        if (ANTHROPIC_NOT_LAST.contains(event.event())) {
            return true;
        }
        // OpenAI's chat completions (and every provider speaking them) close with data: [DONE].
        return data.startsWith("{") && CHAT_CHUNK.matcher(data).find();
    }

    private static ServerSentEvent lastEvent(byte[] body) {
        byte[] end = body.length <= LAST_BYTES ? body : Arrays.copyOfRange(body, body.length - LAST_BYTES, body.length);
        SseDecoder decoder = new SseDecoder();
        List<ServerSentEvent> events = decoder.read(end);
        List<ServerSentEvent> rest = decoder.end();
        if (!rest.isEmpty()) {
            return rest.get(rest.size() - 1);
        }
        return events.isEmpty() ? null : events.get(events.size() - 1);
    }
}
