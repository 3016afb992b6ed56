package dev.sluice.adapters.gateway.workersai;

import dev.sluice.application.generate.TranslateGenerationPort;
import dev.sluice.domain.generate.GenerationRequest;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard's generations in Workers AI's text-generation format: {@code {"prompt": …}} to
 * {@code run/{model}}, and {@code result.response} back (Sluice's {@code mock} provider speaks it too).
 */
public final class WorkersAiPrompts implements TranslateGenerationPort {

    private final JsonMapper json;
    private final GenerationAnswers answers;

    public WorkersAiPrompts(JsonMapper json) {
        this.json = json;
        this.answers = new GenerationAnswers(json);
    }

    @Override
    public byte[] requestBody(GenerationRequest request) {
        try {
            return json.writeValueAsBytes(Map.of("prompt", request.prompt().text()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String answerText(String who, int status, byte[] body) {
        return answers.text(who, status, body);
    }
}
