package dev.sluice.domain.chat;

import java.util.List;

/**
 * A client-facing chat format (OpenAI's chat completions for the unified API): reads the client's
 * requests into the domain's model and writes answers, streams and errors back in the client's words.
 * Implemented by the inbound adapter that serves the format.
 */
public interface ChatSurface {

    /**
     * The model a request names, read without building the whole request (a pass-through never needs it).
     *
     * @throws dev.sluice.domain.error.GatewayException (400) when the body is not a JSON object naming one
     */
    String model(byte[] body);

    /**
     * The body with only its model replaced, every other byte as the client sent it; for a body {@link #model} has
     * read (which refuses a second model), so it reads only as far as the model.
     */
    byte[] withModel(byte[] body, String model);

    /**
     * The request as the client sent it, its model still with the gateway's {@code provider/} prefix.
     *
     * @throws dev.sluice.domain.error.GatewayException (400) naming the first field that is wrong
     */
    ChatRequest chatRequest(byte[] body);

    byte[] chatResult(ChatResult result);

    ChatStreamEncoder chatStream(ChatRequest request);

    /** A provider's error, with the provider's message, in the client's error shape. */
    byte[] error(ProviderError error);

    /**
     * The error body of a provider that speaks the client's format (a pass-through), in the client's error shape: as
     * it came when it is in that shape already, else rewritten with the provider's message (Workers AI answers its
     * OpenAI-compatible endpoint's errors in Cloudflare's envelope).
     */
    byte[] passedError(int status, byte[] body);

    /**
     * Watches a stream already in the client's format, as a provider that speaks it sends it (a pass-through):
     * the format's closing event {@linkplain ChatStreamDecoder#finished() finishes} it, an error event is a
     * {@link ChatEvent.Failed}. It reads no content: the stream goes on to the client byte for byte.
     */
    ChatStreamDecoder passedStream();

    /** The event that ends a stream in the client's format that was cut or failed: never its clean end. */
    byte[] streamFailure(ProviderError error);

    /** @throws dev.sluice.domain.error.GatewayException (400) naming the first field that is wrong */
    EmbeddingRequest embeddingRequest(byte[] body);

    /** The vectors for {@code request}, in the encoding it asked for. */
    byte[] embeddingResult(EmbeddingResult result, EmbeddingRequest request);

    /** The models a client may name, as {@code provider/model} ids. */
    byte[] models(List<String> ids, long created);
}
