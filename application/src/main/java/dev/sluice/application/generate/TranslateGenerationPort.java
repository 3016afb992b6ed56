package dev.sluice.application.generate;

import dev.sluice.domain.generate.GenerationRequest;

/**
 * The wire format of the dashboard's generations: a prompt as the provider's request body, and the text of
 * the provider's answer. Lives with the provider that speaks it.
 */
public interface TranslateGenerationPort {

    /** The request body that asks the provider for {@code request}'s prompt. */
    byte[] requestBody(GenerationRequest request);

    /**
     * The generated text of an answer; a {@code GenerationException} (AI_ERROR) carrying the most telling
     * message of the body when {@code status} is an error or the body has no text. {@code who} names the
     * answerer in that message.
     */
    String answerText(String who, int status, byte[] body);
}
