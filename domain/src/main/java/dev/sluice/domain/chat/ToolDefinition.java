package dev.sluice.domain.chat;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A function the model may call: its name, what it does, and its parameters as a JSON Schema (maps,
 * lists and primitives, as the domain holds JSON).
 */
public record ToolDefinition(String name, Optional<String> description, Map<String, Object> parameters,
                             Optional<Boolean> strict) {

    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        Objects.requireNonNull(strict, "strict");
    }
}
