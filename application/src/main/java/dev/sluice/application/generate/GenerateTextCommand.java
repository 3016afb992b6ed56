package dev.sluice.application.generate;

import dev.sluice.domain.generate.ModelName;
import dev.sluice.domain.generate.Prompt;

import java.util.Objects;
import java.util.Optional;

/** {@code POST /generate}: a prompt, optionally a model (else the configured default), and compareCache. */
public record GenerateTextCommand(Prompt prompt, Optional<ModelName> model, boolean compareCache) {

    public GenerateTextCommand {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(model, "model");
    }
}
