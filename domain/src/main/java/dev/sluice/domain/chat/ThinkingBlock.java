package dev.sluice.domain.chat;

import java.util.Objects;

/**
 * A block of the reasoning behind an answer, as its provider signed it: Anthropic's {@code thinking} (the text and
 * its {@code signature}) or {@code redacted_thinking} (opaque {@code data}). A client passes it back unchanged with
 * the assistant turn it came with, which Anthropic requires when thinking and tools are used together, and which
 * it checks against the signature.
 */
public record ThinkingBlock(String thinking, String signature, String data) {

    public ThinkingBlock {
        Objects.requireNonNull(thinking, "thinking");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(data, "data");
    }

    public static ThinkingBlock signed(String thinking, String signature) {
        return new ThinkingBlock(thinking, signature, "");
    }

    public static ThinkingBlock redacted(String data) {
        return new ThinkingBlock("", "", data);
    }

    /** Whether the provider withheld the text and sent only its encrypted {@link #data()}. */
    public boolean redacted() {
        return !data.isEmpty();
    }
}
