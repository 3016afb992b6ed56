package dev.sluice.adapters.gateway.bedrock;

import dev.sluice.domain.header.Headers;
import dev.sluice.domain.usage.TokenUsage;
import dev.sluice.domain.usage.UsageHeaders;

import java.util.List;
import java.util.Optional;

/**
 * The token counts Bedrock puts in an {@code InvokeModel} answer's headers, {@code x-amzn-bedrock-input-token-count}
 * and {@code x-amzn-bedrock-output-token-count}, whatever model answered: the one report of usage for the model
 * families whose bodies carry none (Mistral's, Cohere's on Bedrock) or only part of it (Titan's output count is in an
 * array). A stream's headers come before its tokens, so they carry none; its usage is in its last chunk.
 */
final class BedrockUsageHeaders implements UsageHeaders {

    static final String INPUT = "x-amzn-bedrock-input-token-count";
    static final String OUTPUT = "x-amzn-bedrock-output-token-count";
    static final String CACHE_READ = "x-amzn-bedrock-cache-read-input-token-count";
    static final String CACHE_WRITE = "x-amzn-bedrock-cache-write-input-token-count";

    @Override
    public List<String> names() {
        return List.of(INPUT, OUTPUT, CACHE_READ, CACHE_WRITE);
    }

    /** As in the body, the input count leaves the prompt cache's reads and writes out: they are added to it. */
    @Override
    public Optional<TokenUsage> read(Headers headers) {
        Optional<Long> input = count(headers, INPUT);
        Optional<Long> output = count(headers, OUTPUT);
        if (input.isEmpty() && output.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(BedrockUsage.withCache(input.orElse(0L), output.orElse(0L),
                count(headers, CACHE_READ).orElse(0L), count(headers, CACHE_WRITE).orElse(0L)));
    }

    private static Optional<Long> count(Headers headers, String name) {
        try {
            return headers.first(name).map(String::strip).map(Long::parseLong).filter(count -> count >= 0);
        } catch (NumberFormatException notACount) {
            return Optional.empty();
        }
    }
}
