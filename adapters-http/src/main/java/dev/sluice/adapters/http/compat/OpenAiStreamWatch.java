package dev.sluice.adapters.http.compat;

import dev.sluice.domain.chat.ChatEvent;
import dev.sluice.domain.chat.ChatStreamDecoder;
import dev.sluice.domain.chat.ServerSentEvent;

import java.util.List;

/**
 * Watches a chat completions stream in OpenAI's own format, as an OpenAI-compatible provider sends it: {@code data:
 * [DONE]} ends a whole one, and an error event ({@code data: {"error": …}}, or an {@code event: error}) fails it.
 * Nothing else is parsed: the stream passes on as it came.
 */
final class OpenAiStreamWatch implements ChatStreamDecoder {

    private boolean finished;

    @Override
    public List<ChatEvent> read(ServerSentEvent event) {
        String data = event.data().strip();
        if (data.equals("[DONE]")) {
            finished = true;
            return List.of();
        }
        if ("error".equals(event.event()) || isErrorObject(data)) {
            return List.of(new ChatEvent.Failed("api_error", "the provider's stream carried an error"));
        }
        return List.of();
    }

    @Override
    public boolean finished() {
        return finished;
    }

    /** Whether the data is a JSON object whose first member is {@code "error"}, as OpenAI's error events are. */
    private static boolean isErrorObject(String data) {
        if (!data.startsWith("{")) {
            return false;
        }
        int at = 1;
        while (at < data.length() && Character.isWhitespace(data.charAt(at))) {
            at++;
        }
        return data.startsWith("\"error\"", at);
    }
}
