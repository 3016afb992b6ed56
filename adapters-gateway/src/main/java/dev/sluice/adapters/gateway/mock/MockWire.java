package dev.sluice.adapters.gateway.mock;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The JSON shapes the mock provider answers with: OpenAI chat completions and Workers AI. */
final class MockWire {

    private MockWire() {
    }

    @Serdeable
    record Usage(int prompt_tokens, int completion_tokens, int total_tokens) {
        static Usage of(MockReply reply) {
            return new Usage(reply.promptTokens(), reply.completionTokens(), reply.totalTokens());
        }
    }

    @Serdeable
    record Message(String role, String content) {
    }

    @Serdeable
    record Choice(int index, Message message, String finish_reason) {
    }

    @Serdeable
    record ChatCompletionResponse(String id, String object, long created, String model, List<Choice> choices,
                                  Usage usage) {
    }

    /** As OpenAI sends it: the first delta has {@code "content":""}, later ones only what they carry. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delta(String role, String content) {
    }

    /** {@code finish_reason} is {@code null} until the last chunk, and sent as such. */
    @Serdeable
    record ChunkChoice(int index, Delta delta, @JsonInclude(JsonInclude.Include.ALWAYS) String finish_reason) {
    }

    /** The usage chunk has {@code "choices":[]}, which clients index into; it must not be left out. */
    @Serdeable
    record ChatCompletionChunk(String id, String object, long created, String model,
                               @JsonInclude(JsonInclude.Include.ALWAYS) List<ChunkChoice> choices, Usage usage) {
    }

    @Serdeable
    record WorkersAiResult(String response, Usage usage) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record WorkersAiResponse(WorkersAiResult result, boolean success, List<Object> errors, List<Object> messages) {
    }

    @Serdeable
    record WorkersAiChunk(String response, Usage usage) {
    }

    /** OpenAI's error: {@code param} and {@code code} are sent as {@code null} when there is none. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ErrorDetail(String message, String type, String param, String code) {
    }

    @Serdeable
    record WorkersAiError(int code, String message) {
    }

    /** Workers AI's failure envelope: {@code result} is {@code null}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record WorkersAiFailure(Object result, boolean success, List<WorkersAiError> errors, List<Object> messages) {
    }

    @Serdeable
    record ErrorResponse(ErrorDetail error) {
    }
}
