package dev.sluice.domain.chat;

import java.util.List;

/**
 * Reads one provider stream's events into chat events, keeping what the stream has said so far (the
 * answer's id, which tool call an index is). One per stream; not thread-safe.
 */
public interface ChatStreamDecoder {

    /** @throws IllegalArgumentException when the event's data is not what the provider sends */
    List<ChatEvent> read(ServerSentEvent event);

    /**
     * Whether the provider has ended its answer as it ends a whole one (Anthropic's {@code message_stop},
     * a finish reason, Cohere's {@code message-end}): a stream that stops before this was cut.
     */
    boolean finished();
}
