package dev.sluice.domain.generate;

import java.util.Objects;

/** One call through a gateway: the prompt, the model, and whether the cache lookup is skipped. */
public record GenerationRequest(Prompt prompt, ModelName model, boolean skipCache) {

    public GenerationRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(model, "model");
    }
}
