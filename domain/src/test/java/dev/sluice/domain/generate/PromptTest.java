package dev.sluice.domain.generate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptTest {

    /** Found by a probe: 60,000 emoji were "more than 100000 characters", counted in UTF-16 units. */
    @Test
    void aPromptsLengthIsCountedInCharacters() {
        String emoji = "\uD83D\uDE00";
        assertThat(new Prompt(emoji.repeat(Prompt.MAX_LENGTH)).text()).hasSize(2 * Prompt.MAX_LENGTH);
        assertThatThrownBy(() -> new Prompt(emoji.repeat(Prompt.MAX_LENGTH + 1)))
                .isInstanceOf(GenerationException.class).hasMessageContaining("at most 100000 characters");
        assertThatThrownBy(() -> new Prompt("x".repeat(Prompt.MAX_LENGTH + 1))).isInstanceOf(GenerationException.class);
    }
}
