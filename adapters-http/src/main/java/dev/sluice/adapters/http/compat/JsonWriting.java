package dev.sluice.adapters.http.compat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.domain.usage.TokenUsage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes the unified API's answers with Jackson's generator: no tree, no reflection, one pass. */
final class JsonWriting {

    private static final JsonFactory FACTORY = new JsonFactory();

    @FunctionalInterface
    interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private JsonWriting() {
    }

    static byte[] bytes(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * OpenAI's {@code usage}: prompt tokens include cached ones, reported in {@code prompt_tokens_details};
     * tokens written to a provider's prompt cache (Anthropic) are added as {@code cache_creation_input_tokens},
     * as other OpenAI-shaped gateways report them.
     */
    static void usage(JsonGenerator json, TokenUsage usage) throws IOException {
        json.writeObjectFieldStart("usage");
        json.writeNumberField("prompt_tokens", usage.input());
        json.writeNumberField("completion_tokens", usage.output());
        json.writeNumberField("total_tokens", usage.total());
        json.writeObjectFieldStart("prompt_tokens_details");
        json.writeNumberField("cached_tokens", usage.cachedInput());
        json.writeEndObject();
        if (usage.cacheWrite() > 0) {
            json.writeNumberField("cache_creation_input_tokens", usage.cacheWrite());
        }
        json.writeEndObject();
    }
}
