package dev.sluice.domain.chat;

import dev.sluice.domain.header.ContentTypes;

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
 * as Gemini's) is taken as whole, as before. An error event earlier in the stream, followed by others, is found by
 * {@link ErrorEventScanner} as the stream comes.
 */
public final class StreamEnding {

    /** Enough for any provider's last event (a usage chunk, a stop event, an error). */
    public static final int LAST_BYTES = 8 * 1024;

    /** Anthropic's events that are always followed by others: a stream ending on one was cut. */
    private static final Set<String> ANTHROPIC_NOT_LAST = Set.of("message_start", "content_block_start",
            "content_block_delta", "content_block_stop", "message_delta", "ping");

    /** The Responses API's events that end a stream: whole, cut short by a limit, or failed. */
    private static final Set<String> RESPONSES_LAST = Set.of("response.completed", "response.incomplete",
            ErrorEvents.RESPONSE_FAILED);

    /** A chunk that finished its choice or reports the usage: the answer is whole even if no [DONE] follows. */
    private static final Pattern FINISHED = Pattern.compile(
            "\"finish_reason\"\\s*:\\s*\"|\"usage\"\\s*:\\s*\\{");
    private static final Pattern CHAT_CHUNK = Pattern.compile("\"object\"\\s*:\\s*\"chat\\.completion\\.chunk\"");

    private StreamEnding() {
    }

    /** Whether the body, as its content type says, is an event stream that ended in failure or before its end. */
    public static boolean failed(String contentType, byte[] body) {
        // Asked at the end of every logged answer: no lower-cased copy of the content type for the JSON ones.
        if (!ContentTypes.isEventStream(contentType) || body.length == 0) {
            return false;
        }
        ServerSentEvent last = lastEvent(body);
        return last != null && (isError(last) || notLast(last));
    }

    /**
     * Whether the body is an event stream that stopped before its end without an error event to say so: a client that
     * read it whole was told nothing of its failure (one that ended on an error event was).
     */
    public static boolean stoppedUntold(String contentType, byte[] body) {
        if (!ContentTypes.isEventStream(contentType) || body.length == 0) {
            return false;
        }
        ServerSentEvent last = lastEvent(body);
        return last != null && !isError(last) && notLast(last);
    }

    /**
     * An error event: {@code event: error}, the Responses API's {@code response.failed}, or data that is an error object
     * ({@code {"error": …}}, {@code "type":"error"}) at the data's start: the rule of {@link ErrorEvents}, which
     * {@link ErrorEventScanner} applies to a whole stream as it comes.
     */
    public static boolean isError(ServerSentEvent event) {
        return ErrorEvents.isError(event);
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
        if (event.event().startsWith("response.") && !RESPONSES_LAST.contains(event.event())) {
            return true;
        }
        // OpenAI's chat completions close with data: [DONE]; a chunk with a finish reason or the usage ends the
        // answer's content, for a provider that leaves [DONE] out.
        return data.startsWith("{") && CHAT_CHUNK.matcher(data).find() && !FINISHED.matcher(data).find();
    }

    /**
     * The last event with data, decoded alone: found by walking back over event boundaries (a blank line) from the
     * end, within the last {@link #LAST_BYTES}, so a long stream's earlier events are never decoded.
     */
    private static ServerSentEvent lastEvent(byte[] body) {
        int floor = Math.max(0, body.length - LAST_BYTES);
        int end = body.length;
        while (end > floor) {
            int start = eventStart(body, floor, trimmed(body, floor, end));
            SseDecoder decoder = new SseDecoder();
            List<ServerSentEvent> events = new java.util.ArrayList<>(decoder.read(Arrays.copyOfRange(body, start, end)));
            events.addAll(decoder.end());
            if (!events.isEmpty()) {
                return events.get(events.size() - 1);
            }
            end = start;
        }
        return null;
    }

    /** Where the body's content before {@code end} ends, its trailing line breaks left out. */
    private static int trimmed(byte[] body, int floor, int end) {
        while (end > floor && (body[end - 1] == '\n' || body[end - 1] == '\r')) {
            end--;
        }
        return end;
    }

    /** Where the event that ends at {@code end} starts: just after the blank line before it, or at {@code floor}. */
    private static int eventStart(byte[] body, int floor, int end) {
        for (int i = end - 1; i > floor; i--) {
            if (blankLineEndsAt(body, i)) {
                return i + 1;
            }
        }
        return floor;
    }

    /** Whether a line break at {@code i} ends an empty line: LF LF, CR CR, or a CR LF after another line break. */
    private static boolean blankLineEndsAt(byte[] body, int i) {
        boolean previousBreak = body[i - 1] == '\n' || body[i - 1] == '\r';
        if (body[i] == '\n' && body[i - 1] == '\r') {
            return i >= 2 && (body[i - 2] == '\n' || body[i - 2] == '\r');
        }
        return (body[i] == '\n' || body[i] == '\r') && previousBreak;
    }
}
