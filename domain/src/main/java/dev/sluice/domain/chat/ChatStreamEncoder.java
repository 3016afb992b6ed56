package dev.sluice.domain.chat;

/**
 * Writes one streamed answer in a client's format, event by event. One per stream; not thread-safe.
 * Each method returns the bytes to send now, possibly none.
 */
public interface ChatStreamEncoder {

    byte[] write(ChatEvent event);

    /** The stream ended as a whole answer ends (OpenAI's {@code data: [DONE]}). */
    byte[] end();

    /** The stream was cut or failed: an error event, and never the clean end. */
    byte[] fail(ProviderError error);
}
