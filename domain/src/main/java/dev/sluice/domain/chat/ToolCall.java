package dev.sluice.domain.chat;

import java.util.Objects;

/**
 * A function the assistant asked to call: the provider's id for the call, the function's name and its
 * arguments as JSON text, exactly as produced (a model may produce invalid JSON; that is the client's
 * to see, not the gateway's to repair).
 */
public record ToolCall(String id, String name, String arguments) {

    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        arguments = arguments == null || arguments.isEmpty() ? "{}" : arguments;
    }
}
