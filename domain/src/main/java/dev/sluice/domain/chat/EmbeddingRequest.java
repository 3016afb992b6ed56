package dev.sluice.domain.chat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Texts to embed with one model, in no provider's words; {@code extra} as in {@link ChatRequest}. {@code base64}: the
 * client wants each vector as the base64 of its little-endian 32-bit floats (OpenAI's {@code encoding_format}, which
 * its SDKs ask for by default), whatever the provider answers in.
 */
public record EmbeddingRequest(String model, List<String> input, Optional<Integer> dimensions,
                               Map<String, Object> extra, boolean base64) {

    public EmbeddingRequest {
        Objects.requireNonNull(model, "model");
        input = List.copyOf(input);
        Objects.requireNonNull(dimensions, "dimensions");
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    public EmbeddingRequest(String model, List<String> input, Optional<Integer> dimensions, Map<String, Object> extra) {
        this(model, input, dimensions, extra, false);
    }

    public EmbeddingRequest withModel(String other) {
        return new EmbeddingRequest(other, input, dimensions, extra, base64);
    }
}
