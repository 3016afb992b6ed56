package dev.sluice.adapters.gateway.openai;

import dev.sluice.domain.usage.TokenUsage;
import dev.sluice.domain.usage.UsageFormat;

import java.util.Map;
import java.util.Optional;

import static dev.sluice.domain.usage.UsageFields.number;
import static dev.sluice.domain.usage.UsageFields.object;

/**
 * The Responses API's usage: {@code usage.input_tokens / output_tokens}, cached tokens in
 * {@code input_tokens_details}; in a stream, the {@code response.completed} event's
 * {@code response.usage}. Cached tokens are part of the input, unlike Anthropic's.
 */
final class OpenAiResponsesUsage implements UsageFormat {

    @Override
    public Optional<TokenUsage> read(Map<String, Object> document) {
        return object(document, "usage")
                .or(() -> object(document, "response").flatMap(response -> object(response, "usage")))
                .flatMap(OpenAiResponsesUsage::usage);
    }

    private static Optional<TokenUsage> usage(Map<String, Object> usage) {
        Optional<Long> input = number(usage, "input_tokens");
        Optional<Long> output = number(usage, "output_tokens");
        if (input.isEmpty() && output.isEmpty()) {
            return Optional.empty();
        }
        long cached = object(usage, "input_tokens_details").flatMap(d -> number(d, "cached_tokens")).orElse(0L);
        return Optional.of(new TokenUsage(input.orElse(0L), output.orElse(0L), cached, 0, false));
    }
}
