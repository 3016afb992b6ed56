package dev.sluice.domain.chat;

import dev.sluice.domain.usage.TokenUsage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's whole answer to a chat request: its id, the model that answered (as the provider names
 * it), when it was made (epoch seconds), the choices and the tokens used, cached input and cache writes
 * counted apart where the provider reports them.
 */
public record ChatResult(String id, String model, long created, List<ChatChoice> choices, Optional<TokenUsage> usage) {

    public ChatResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        choices = List.copyOf(choices);
        Objects.requireNonNull(usage, "usage");
    }
}
