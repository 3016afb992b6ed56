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
 * apart from {@code input_tokens}, so they are added to it.
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
        Optional<Long> input = number(usage, "input_tokens");
        Optional<Long> output = number(usage, "output_tokens");
        if (input.isEmpty() && output.isEmpty()) {
            return Optional.empty();
        }
        long cacheRead = number(usage, "cache_read_input_tokens").orElse(0L);
        long cacheWrite = number(usage, "cache_creation_input_tokens").orElse(0L);
        return Optional.of(new TokenUsage(input.orElse(0L) + cacheRead + cacheWrite, output.orElse(0L),
                cacheRead, cacheWrite, false));
    }
}
