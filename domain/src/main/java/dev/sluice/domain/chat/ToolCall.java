package dev.sluice.domain.chat;

import java.util.Objects;
import java.util.Optional;

/**
 * A function the assistant asked to call: the provider's id for the call, the function's name and its
 * arguments as JSON text, exactly as produced (a model may produce invalid JSON; that is the client's
 * to see, not the gateway's to repair), and the opaque signature of the reasoning that led to it, which
 * some providers hand out with a call and require back with it on the next turn (Gemini's
 * {@code thoughtSignature}).
 */
public record ToolCall(String id, String name, String arguments, Optional<String> signature) {

    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(signature, "signature");
        arguments = arguments == null || arguments.isEmpty() ? "{}" : arguments;
    }

    /** A call without a signature, as most providers make them. */
    public ToolCall(String id, String name, String arguments) {
        this(id, name, arguments, Optional.empty());
    }
}
