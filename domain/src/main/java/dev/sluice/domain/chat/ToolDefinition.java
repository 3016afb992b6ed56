package dev.sluice.domain.chat;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A function the model may call: its name, what it does, and its parameters as a JSON Schema (maps,
 * lists and primitives, as the domain holds JSON); and the client's prompt-cache breakpoint after it, where it set one
 * ({@code cache_control}), for providers that take breakpoints.
 */
public record ToolDefinition(String name, Optional<String> description, Map<String, Object> parameters,
                             Optional<Boolean> strict, Optional<Map<String, Object>> cacheControl) {

    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        Objects.requireNonNull(strict, "strict");
        Objects.requireNonNull(cacheControl, "cacheControl");
    }

    public ToolDefinition(String name, Optional<String> description, Map<String, Object> parameters,
                          Optional<Boolean> strict) {
        this(name, description, parameters, strict, Optional.empty());
    }
}
