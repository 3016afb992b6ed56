package dev.sluice.domain.generate;

import dev.sluice.domain.name.Names;

/** The text a user asks a model about. It must say something; a blank prompt is refused, not sent. */
public record Prompt(String text) {

    public static final int MAX_LENGTH = 100_000;

    public Prompt {
        if (text == null || text.isBlank()) {
            throw new GenerationException(GenerationError.MISSING_PROMPT, "prompt is required and must not be blank");
        }
        if (Names.longerThan(text, MAX_LENGTH)) {
            throw new GenerationException(GenerationError.INVALID_BODY,
                    "prompt must be at most " + MAX_LENGTH + " characters");
        }
    }
}
