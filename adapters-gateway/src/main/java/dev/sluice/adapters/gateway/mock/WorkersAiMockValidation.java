package dev.sluice.adapters.gateway.mock;

import dev.sluice.adapters.gateway.mock.Refusal.Kind;
import io.micronaut.json.tree.JsonNode;

import java.util.Optional;

/**
 * Checks a text-generation request as Workers AI's schema does: a non-empty string {@code prompt} or an
 * array of {@code messages} (objects with string {@code role} and {@code content}), and the common
 * options of their types.
 */
final class WorkersAiMockValidation {

    private WorkersAiMockValidation() {
    }

    static Optional<Refusal> check(JsonNode body) {
        JsonNode prompt = body.get("prompt");
        JsonNode messages = body.get("messages");
        if (prompt == null && messages == null) {
            return Optional.of(new Refusal("prompt", "required properties at '/' are 'prompt' or 'messages'",
                    "missing_required_parameter"));
        }
        Optional<Refusal> input = prompt != null ? prompt(prompt) : messages(messages);
        return input
                .or(() -> Refusal.optional(body, "stream", Kind.BOOLEAN))
                .or(() -> Refusal.optional(body, "max_tokens", Kind.INTEGER))
                .or(() -> Refusal.optional(body, "temperature", Kind.NUMBER));
    }

    private static Optional<Refusal> prompt(JsonNode prompt) {
        if (!prompt.isString()) {
            return Optional.of(Refusal.wrongType("prompt", "a string", prompt));
        }
        return prompt.getStringValue().isEmpty()
                ? Optional.of(new Refusal("prompt", "'prompt' must have at least 1 character", "invalid_value"))
                : Optional.empty();
    }

    private static Optional<Refusal> messages(JsonNode messages) {
        if (!messages.isArray()) {
            return Optional.of(Refusal.wrongType("messages", "an array of objects", messages));
        }
        for (int i = 0; i < messages.size(); i++) {
            String field = "messages[" + i + "]";
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                return Optional.of(Refusal.wrongType(field, "an object", message));
            }
            for (String part : new String[] {"role", "content"}) {
                JsonNode value = message.get(part);
                if (value == null) {
                    return Optional.of(Refusal.missing(field + "." + part));
                }
                if (!value.isString() && !("content".equals(part) && value.isArray())) {
                    return Optional.of(Refusal.wrongType(field + "." + part, "a string", value));
                }
            }
        }
        return Optional.empty();
    }
}
