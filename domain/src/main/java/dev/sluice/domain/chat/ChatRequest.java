package dev.sluice.domain.chat;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat request in no provider's words: the conversation (system instructions are messages with the
 * {@link Role#SYSTEM} role, where the client put them), the tools the model may call, how it samples,
 * the shape of its answer, where it stops, and whether it streams. {@code model} is the provider's own
 * name for the model, without the gateway's {@code provider/} prefix. {@code extra} holds the top-level
 * fields this model does not know, as the client sent them, so a dialect can pass them on rather than
 * lose them. {@code parallelToolCalls} is false when the client asked for at most one tool call per answer.
 */
public record ChatRequest(String model, List<ChatMessage> messages, List<ToolDefinition> tools,
                          Optional<ToolChoice> toolChoice, Sampling sampling, Optional<ResponseFormat> responseFormat,
                          List<String> stop, boolean stream, boolean includeUsage, Optional<String> reasoningEffort,
                          Optional<String> user, Map<String, Object> extra, boolean parallelToolCalls) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        Objects.requireNonNull(toolChoice, "toolChoice");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(responseFormat, "responseFormat");
        stop = List.copyOf(stop);
        Objects.requireNonNull(reasoningEffort, "reasoningEffort");
        Objects.requireNonNull(user, "user");
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        if (messages.isEmpty()) {
            throw new GatewayException(ErrorCode.INVALID_BODY, "messages: at least one message is required");
        }
    }

    /** The same request for another model name (the provider's, once the gateway's prefix is taken off). */
    public ChatRequest withModel(String other) {
        return new ChatRequest(other, messages, tools, toolChoice, sampling, responseFormat, stop, stream,
                includeUsage, reasoningEffort, user, extra, parallelToolCalls);
    }

    /** The system instructions' text parts, in order: each of a system message's parts apart, as the client sent them. */
    /** The system instructions' text parts, each with its cache breakpoint where the client set one. */
    public List<ContentPart.Text> systemTexts() {
        return messages.stream().filter(message -> message.role() == Role.SYSTEM)
                .flatMap(message -> message.content().stream())
                .filter(ContentPart.Text.class::isInstance).map(ContentPart.Text.class::cast)
                .filter(text -> !text.text().isEmpty()).toList();
    }

    public List<String> systemParts() {
        return systemTexts().stream().map(ContentPart.Text::text).toList();
    }

    /** The conversation without its system instructions. */
    public List<ChatMessage> conversation() {
        return messages.stream().filter(message -> message.role() != Role.SYSTEM).toList();
    }

    /**
     * Refuses, before anything is sent, a request that asks for what the target cannot do: a 400 that
     * names the field and the provider.
     */
    public static GatewayException unsupported(String field, String provider, String why) {
        return new GatewayException(ErrorCode.INVALID_BODY, field + ": " + provider + " " + why);
    }
}
