package dev.sluice.adapters.gateway.mock;

import dev.sluice.adapters.gateway.mock.Refusal.Kind;
import io.micronaut.json.tree.JsonNode;

import java.util.Optional;
import java.util.Set;

/**
 * Checks a chat completion request as OpenAI does, so an application tested against the mock fails here
 * as it would there: {@code messages} a non-empty array of objects, each with a known {@code role} and a
 * string or array {@code content}, and the common options of their types. Unlike OpenAI, {@code model}
 * may be left out (the mock answers as {@code mock-model}).
 */
final class OpenAiMockValidation {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private OpenAiMockValidation() {
    }

    static Optional<Refusal> check(JsonNode body) {
        return Refusal.optional(body, "model", Kind.STRING)
                .or(() -> messages(body.get("messages")))
                .or(() -> Refusal.optional(body, "stream", Kind.BOOLEAN))
                .or(() -> Refusal.optional(body, "stream_options", Kind.OBJECT))
                .or(() -> Refusal.optional(body, "stream_options.include_usage", Kind.BOOLEAN))
                .or(() -> Refusal.optional(body, "temperature", Kind.NUMBER))
                .or(() -> Refusal.optional(body, "top_p", Kind.NUMBER))
                .or(() -> Refusal.optional(body, "max_tokens", Kind.INTEGER))
                .or(() -> Refusal.optional(body, "max_completion_tokens", Kind.INTEGER))
                .or(() -> Refusal.optional(body, "n", Kind.INTEGER));
    }

    private static Optional<Refusal> messages(JsonNode messages) {
        if (messages == null) {
            return Optional.of(Refusal.missing("messages"));
        }
        if (!messages.isArray()) {
            return Optional.of(Refusal.wrongType("messages", "an array of objects", messages));
        }
        if (messages.size() == 0) {
            return Optional.of(new Refusal("messages", "Invalid 'messages': empty array. Expected an array with "
                    + "minimum length 1, but got an empty array instead.", "empty_array"));
        }
        for (int i = 0; i < messages.size(); i++) {
            Optional<Refusal> refusal = message("messages[" + i + "]", messages.get(i));
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> message(String field, JsonNode message) {
        if (!message.isObject()) {
            return Optional.of(Refusal.wrongType(field, "an object", message));
        }
        JsonNode role = message.get("role");
        if (role == null) {
            return Optional.of(Refusal.missing(field + ".role"));
        }
        if (!role.isString() || !ROLES.contains(role.getStringValue())) {
            return Optional.of(new Refusal(field + ".role", "Invalid value for '" + field + ".role': supported "
                    + "values are 'system', 'developer', 'user', 'assistant', 'tool' and 'function'.", "invalid_value"));
        }
        JsonNode content = message.get("content");
        boolean assistant = "assistant".equals(role.getStringValue());
        if (content == null || content.isNull()) {
            return assistant ? Optional.empty() : Optional.of(Refusal.missing(field + ".content"));
        }
        return content.isString() || content.isArray() ? Optional.empty()
                : Optional.of(Refusal.wrongType(field + ".content", "one of a string or an array of objects", content));
    }
}
