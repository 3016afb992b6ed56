package dev.sluice.application.generate;

import dev.sluice.domain.generate.ModelName;
import dev.sluice.domain.generate.Prompt;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /generate}: a prompt, optionally a model (else the configured default), compareCache, and the
 * models to fall back to, in order, when the model's provider fails.
 */
public record GenerateTextCommand(Prompt prompt, Optional<ModelName> model, boolean compareCache,
                                  List<ModelName> fallback) {

    /** At most this many fallback models. */
    public static final int MAX_FALLBACK = 5;

    public GenerateTextCommand(Prompt prompt, Optional<ModelName> model, boolean compareCache) {
        this(prompt, model, compareCache, List.of());
    }

    public GenerateTextCommand {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(model, "model");
        fallback = List.copyOf(fallback);
    }
}
