package dev.sluice.domain.usage;

import java.util.Map;
import java.util.Optional;

import static dev.sluice.domain.usage.UsageFields.number;
import static dev.sluice.domain.usage.UsageFields.object;

/**
 * How one provider's answers report tokens: given one JSON document of a response (the body itself, or
 * one event of a stream), the usage it reports, if any. A format recognises its provider's shape wherever
 * it appears; the {@link UsageReader} merges what every format found. Usage is always an object's field,
 * never an array's element, so the document a format is given has its arrays left out
 * ({@link dev.sluice.domain.json.JsonObjectReader#readObjectWithoutArrays}): an answer's content is not
 * built into a tree only to be thrown away.
 */
@FunctionalInterface
public interface UsageFormat {

    /**
     * The {@code usage} object of OpenAI's chat completions, which most providers have adopted:
     * {@code prompt_tokens / completion_tokens}, cached tokens in {@code prompt_tokens_details}; in a
     * stream, the last chunk carries it. Read for every provider.
     */
    UsageFormat COMMON = document -> object(document, "usage")
            // Groq's stream puts it in its last chunk's x_groq rather than at the top.
            .or(() -> object(document, "x_groq").flatMap(groq -> object(groq, "usage")))
            .flatMap(UsageFormat::common);

    Optional<TokenUsage> read(Map<String, Object> document);

    /** A usage object in the common shape, wherever a provider nests it. */
    static Optional<TokenUsage> common(Map<String, Object> usage) {
        Optional<Long> input = number(usage, "prompt_tokens");
        Optional<Long> output = number(usage, "completion_tokens");
        if (input.isEmpty() && output.isEmpty()) {
            return Optional.empty();
        }
        // DeepSeek counts its cache's hits in prompt_cache_hit_tokens.
        long cached = object(usage, "prompt_tokens_details").flatMap(d -> number(d, "cached_tokens"))
                .or(() -> number(usage, "prompt_cache_hit_tokens")).orElse(0L);
        return Optional.of(new TokenUsage(input.orElse(0L), output.orElse(0L), cached, 0, false));
    }
}
