package dev.sluice.domain.usage;

import dev.sluice.domain.header.Headers;

import java.util.List;
import java.util.Optional;

/**
 * How a provider reports an answer's tokens in its response headers rather than (or as well as) in its body: Bedrock's
 * {@code InvokeModel} does so whatever model answered, where each model family's body has its own shape or none.
 * Kept in the provider's adapter package; the {@link UsageReader} merges what it finds with what the body reports.
 */
public interface UsageHeaders {

    Optional<TokenUsage> read(Headers headers);

    /**
     * The names of the headers {@link #read} reads: of an answer's headers, all a log entry waiting for the writer keeps
     * (the rest die with the answer rather than wait in the log's queue).
     */
    List<String> names();
}
