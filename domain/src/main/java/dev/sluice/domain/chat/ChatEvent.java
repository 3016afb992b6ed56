package dev.sluice.domain.chat;

import dev.sluice.domain.usage.TokenUsage;

import java.util.Objects;
import java.util.Optional;

/**
 * One event of a streamed answer, as a dialect reads it from its provider's stream and a surface writes
 * it in its client's: the answer started, text or reasoning arrived for a choice, a tool call began or
 * its arguments grew, a choice finished, the usage is known, or the provider reported an error mid-way.
 */
public sealed interface ChatEvent {

    /** The answer's id and model, as soon as the provider names them. */
    record Started(String id, String model) implements ChatEvent {
        public Started {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(model, "model");
        }
    }

    record TextDelta(int choice, String text) implements ChatEvent {
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    record ReasoningDelta(int choice, String text) implements ChatEvent {
        public ReasoningDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A reasoning block complete with its provider's signature, for the client to pass back on its next turn. */
    record ThinkingBlockDone(int choice, ThinkingBlock block) implements ChatEvent {
        public ThinkingBlockDone {
            Objects.requireNonNull(block, "block");
        }
    }

    /**
     * The opaque signature a provider put on a choice's content rather than on a call (Gemini's
     * {@code thoughtSignature} on a text part, or on an empty one that ends its stream), for the client to pass
     * back with the message on its next turn.
     */
    record ContentSignature(int choice, String signature) implements ChatEvent {
        public ContentSignature {
            Objects.requireNonNull(signature, "signature");
        }
    }

    /**
     * A tool call's piece: the first piece of call {@code index} names its id and function (and the call's
     * {@link ToolCall#signature() signature}, where its provider gives one), later ones add fragments of its
     * arguments' JSON text.
     */
    record ToolCallDelta(int choice, int index, Optional<String> id, Optional<String> name, String arguments,
                         Optional<String> signature) implements ChatEvent {
        public ToolCallDelta {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(signature, "signature");
            arguments = arguments == null ? "" : arguments;
        }

        public ToolCallDelta(int choice, int index, Optional<String> id, Optional<String> name, String arguments) {
            this(choice, index, id, name, arguments, Optional.empty());
        }
    }

    record Finished(int choice, FinishReason reason) implements ChatEvent {
        public Finished {
            Objects.requireNonNull(reason, "reason");
        }
    }

    record Usage(TokenUsage usage) implements ChatEvent {
        public Usage {
            Objects.requireNonNull(usage, "usage");
        }
    }

    /** The provider reported an error inside the stream (Anthropic's {@code error} event, say). */
    record Failed(String type, String message, Optional<String> code) implements ChatEvent {
        public Failed {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(code, "code");
        }

        public Failed(String type, String message) {
            this(type, message, Optional.empty());
        }
    }
}
