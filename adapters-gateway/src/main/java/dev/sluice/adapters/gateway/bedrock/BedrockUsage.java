package dev.sluice.adapters.gateway.bedrock;

import dev.sluice.domain.usage.TokenUsage;
import dev.sluice.domain.usage.UsageFormat;

import java.util.Map;
import java.util.Optional;

import static dev.sluice.domain.usage.UsageFields.number;
import static dev.sluice.domain.usage.UsageFields.object;

/**
 * Bedrock's usage: the Converse API's {@code usage.inputTokens / outputTokens / cacheReadInputTokens /
 * cacheWriteInputTokens} (in a stream, the {@code metadata} event's; Amazon Nova's InvokeModel answers the same
 * {@code usage}), and the {@code amazon-bedrock-invocationMetrics} the last chunk of an InvokeModel stream carries.
 * Like Anthropic's, the input counts leave cache reads and writes out, so they are added to it. Amazon Nova's
 * InvokeModel answer names them {@code cacheReadInputTokenCount} and {@code cacheWriteInputTokenCount} in its
 * {@code usage}. InvokeModel answers
 * in each model family's own shape, as Bedrock's "Inference request parameters and response fields" pages give them:
 * Meta Llama's {@code prompt_token_count / generation_token_count} (answer and stream chunks alike), Amazon Titan
 * Text's {@code inputTextTokenCount}, with {@code totalOutputTextTokenCount} in a stream chunk (a whole answer's
 * output count is in its {@code results} array, which is not read: the answer's headers carry it). Anthropic's and
 * OpenAI-shaped usage is read by those formats; the headers of any InvokeModel answer by {@link BedrockUsageHeaders}.
 */
final class BedrockUsage implements UsageFormat {

    @Override
    public Optional<TokenUsage> read(Map<String, Object> document) {
        return object(document, "usage")
                .flatMap(usage -> counts(usage, "inputTokens", "outputTokens",
                        usage.containsKey("cacheReadInputTokenCount") ? "cacheReadInputTokenCount" : "cacheReadInputTokens",
                        usage.containsKey("cacheWriteInputTokenCount") ? "cacheWriteInputTokenCount"
                                : "cacheWriteInputTokens"))
                .or(() -> object(document, "amazon-bedrock-invocationMetrics")
                        .flatMap(metrics -> counts(metrics, "inputTokenCount", "outputTokenCount",
                                "cacheReadInputTokenCount", "cacheWriteInputTokenCount")))
                .or(() -> counts(document, "prompt_token_count", "generation_token_count", "", ""))
                .or(() -> counts(document, "inputTextTokenCount", "totalOutputTextTokenCount", "", ""));
    }

    private static Optional<TokenUsage> counts(Map<String, Object> usage, String in, String out, String read,
                                               String write) {
        Optional<Long> input = number(usage, in);
        Optional<Long> output = number(usage, out);
        if (input.isEmpty() && output.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(withCache(input.orElse(0L), output.orElse(0L), number(usage, read).orElse(0L),
                number(usage, write).orElse(0L)));
    }

    /**
     * Bedrock's counts, whose input leaves the prompt cache's reads and writes out: they are added to it, each taken at
     * most at {@link TokenUsage#MAX_COUNT} first, so that absurd counts cannot add up past a long.
     */
    static TokenUsage withCache(long input, long output, long read, long write) {
        long cacheRead = Math.min(read, TokenUsage.MAX_COUNT);
        long cacheWrite = Math.min(write, TokenUsage.MAX_COUNT);
        return new TokenUsage(Math.min(input, TokenUsage.MAX_COUNT) + cacheRead + cacheWrite, output, cacheRead,
                cacheWrite, false);
    }
}
