package dev.sluice.domain.chat;

import java.util.Objects;
import java.util.Optional;

/** One of the answers a chat request asked for ({@code n} of them, one unless asked). */
public record ChatChoice(int index, ChatMessage message, Optional<FinishReason> finishReason) {

    public ChatChoice {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(finishReason, "finishReason");
    }
}
