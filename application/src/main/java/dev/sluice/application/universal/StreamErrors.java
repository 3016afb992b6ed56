package dev.sluice.application.universal;

import java.nio.charset.StandardCharsets;

/**
 * The event that ends a stream whose provider failed after the client had seen content, in the
 * provider's own format, so its SDK reports a failed answer rather than a whole one: Anthropic's
 * {@code event: error}, and OpenAI's {@code data: {"error":…}} for the rest (most providers stream
 * OpenAI's format). No {@code [DONE]} follows.
 */
final class StreamErrors {

    private static final String MESSAGE = "The provider's stream failed after part of the answer was sent";
    private static final byte[] ANTHROPIC = ("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
            + "\"message\":\"" + MESSAGE + "\"}}\n\n").getBytes(StandardCharsets.UTF_8);
    private static final byte[] OPENAI = ("data: {\"error\":{\"message\":\"" + MESSAGE + "\",\"type\":\"api_error\","
            + "\"param\":null,\"code\":\"stream_interrupted\"}}\n\n").getBytes(StandardCharsets.UTF_8);

    private StreamErrors() {
    }

    static byte[] event(String provider) {
        return provider.equals("anthropic") ? ANTHROPIC.clone() : OPENAI.clone();
    }
}
