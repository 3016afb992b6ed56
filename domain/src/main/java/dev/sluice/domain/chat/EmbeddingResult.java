package dev.sluice.domain.chat;

import dev.sluice.domain.usage.TokenUsage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One vector per input text, in the inputs' order, and the tokens the provider counted. */
public record EmbeddingResult(String model, List<double[]> vectors, Optional<TokenUsage> usage) {

    public EmbeddingResult {
        Objects.requireNonNull(model, "model");
        vectors = List.copyOf(vectors);
        Objects.requireNonNull(usage, "usage");
    }
}
