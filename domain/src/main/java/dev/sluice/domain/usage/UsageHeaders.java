package dev.sluice.domain.usage;

import dev.sluice.domain.header.Headers;

import java.util.Optional;

/**
 * How a provider reports an answer's tokens in its response headers rather than (or as well as) in its body: Bedrock's
 * {@code InvokeModel} does so whatever model answered, where each model family's body has its own shape or none.
 * Kept in the provider's adapter package; the {@link UsageReader} merges what it finds with what the body reports.
 */
@FunctionalInterface
public interface UsageHeaders {

    Optional<TokenUsage> read(Headers headers);
}
