package dev.sluice.adapters.gateway.anthropic;

import dev.sluice.domain.usage.TokenUsage;
import dev.sluice.domain.usage.UsageFormat;

import java.util.Map;
import java.util.Optional;

import static dev.sluice.domain.usage.UsageFields.number;
import static dev.sluice.domain.usage.UsageFields.object;

/**
 * Anthropic's usage: {@code usage.input_tokens / output_tokens / cache_read_input_tokens /
 * cache_creation_input_tokens}; in a stream, {@code message_start.message.usage} carries the input and
 * {@code message_delta.usage} the output, merged by the reader. Anthropic counts cache reads and writes
 * apart from {@code input_tokens}, so they are added to it. {@code cache_creation.ephemeral_1h_input_tokens}
 * is the part of the writes made to the one-hour cache, which is billed at its own rate.
 */
final class AnthropicUsage implements UsageFormat {

    @Override
    public Optional<TokenUsage> read(Map<String, Object> document) {
        Optional<TokenUsage> top = object(document, "usage").flatMap(AnthropicUsage::usage);
        Optional<TokenUsage> start = object(document, "message").flatMap(m -> object(m, "usage"))
                .flatMap(AnthropicUsage::usage);
        return top.isPresent() && start.isPresent() ? Optional.of(top.get().merge(start.get())) : top.or(() -> start);
    }

    private static Optional<TokenUsage> usage(Map<String, Object> usage) {
        if (number(usage, "input_tokens").isEmpty() && number(usage, "output_tokens").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(counts(usage));
    }

    /** An Anthropic {@code usage} object's counts, each absent one taken as 0. */
    static TokenUsage counts(Map<String, Object> usage) {
        long cacheRead = capped(usage, "cache_read_input_tokens");
        long cacheWrite = capped(usage, "cache_creation_input_tokens");
        long longWrite = object(usage, "cache_creation")
                .flatMap(written -> number(written, "ephemeral_1h_input_tokens")).orElse(0L);
        return new TokenUsage(capped(usage, "input_tokens") + cacheRead + cacheWrite, capped(usage, "output_tokens"),
                cacheRead, cacheWrite, Math.max(0, longWrite), false);
    }

    /** Capped before they are summed, so that absurd counts cannot overflow into a negative one. */
    private static long capped(Map<String, Object> usage, String field) {
        return Math.min(number(usage, field).orElse(0L), TokenUsage.MAX_COUNT);
    }
}
