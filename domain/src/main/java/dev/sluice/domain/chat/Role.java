package dev.sluice.domain.chat;

/** Who says a message. OpenAI's {@code developer} role is a system instruction by another name. */
public enum Role {
    SYSTEM, USER, ASSISTANT, TOOL
}
