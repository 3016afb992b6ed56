package dev.sluice.domain.chat;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One message of a conversation. A {@link Role#TOOL} message is a tool's result and names the call it
 * answers ({@code toolCallId}); an assistant message may carry tool calls, and the reasoning the model
 * showed before answering where its provider returns it: as text, and as the provider's signed blocks, which a
 * client passes back with the message on its next turn. Its {@code signature} is the opaque signature a provider
 * put on the message's content rather than on one of its calls (Gemini's {@code thoughtSignature} on a text part),
 * passed back with the message likewise.
 */
public record ChatMessage(Role role, List<ContentPart> content, List<ToolCall> toolCalls, Optional<String> toolCallId,
                          Optional<String> name, Optional<String> reasoning, List<ThinkingBlock> thinkingBlocks,
                          Optional<String> signature) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        content = List.copyOf(content);
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(toolCallId, "toolCallId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reasoning, "reasoning");
        thinkingBlocks = List.copyOf(thinkingBlocks);
        Objects.requireNonNull(signature, "signature");
        if (role == Role.TOOL && toolCallId.isEmpty()) {
            throw new IllegalArgumentException("a tool result names the tool call it answers");
        }
    }

    /** A message without a signature on its content. */
    public ChatMessage(Role role, List<ContentPart> content, List<ToolCall> toolCalls, Optional<String> toolCallId,
                       Optional<String> name, Optional<String> reasoning, List<ThinkingBlock> thinkingBlocks) {
        this(role, content, toolCalls, toolCallId, name, reasoning, thinkingBlocks, Optional.empty());
    }

    /** A message without signed reasoning blocks. */
    public ChatMessage(Role role, List<ContentPart> content, List<ToolCall> toolCalls, Optional<String> toolCallId,
                       Optional<String> name, Optional<String> reasoning) {
        this(role, content, toolCalls, toolCallId, name, reasoning, List.of());
    }

    public static ChatMessage text(Role role, String text) {
        return new ChatMessage(role, List.of(new ContentPart.Text(text)), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public static ChatMessage toolResult(String toolCallId, String text) {
        return new ChatMessage(Role.TOOL, List.of(new ContentPart.Text(text)), List.of(), Optional.of(toolCallId),
                Optional.empty(), Optional.empty());
    }

    /** Its text parts that hold text, in order, images left out: kept apart where a provider takes several. */
    public List<String> textParts() {
        return content.stream().filter(ContentPart.Text.class::isInstance).map(part -> ((ContentPart.Text) part).text())
                .filter(text -> !text.isEmpty()).toList();
    }

    /** The text parts joined, images left out. */
    public String text() {
        return content.stream().filter(ContentPart.Text.class::isInstance).map(part -> ((ContentPart.Text) part).text())
                .collect(Collectors.joining());
    }

    public boolean hasImages() {
        return content.stream().anyMatch(ContentPart.Image.class::isInstance);
    }
}
