package dev.sluice.application.pipeline;

import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.usage.TokenUsage;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * How a call whose client speaks another format than its provider (the unified API) is rewritten on its
 * way to the provider and how the provider's answer is rewritten on its way back. Set on the exchange by
 * the surface's own stage; applied by the {@link TranslateStage}, so the cache below it keeps the
 * provider's own answers and the log above it sees what the client sent and received.
 */
public interface Translation {

    /** The request in the provider's words, from the one the earlier stages built. */
    UpstreamRequest request(UpstreamRequest resolved);

    /** The answer in the client's words; may read a whole (non-streamed) answer first. */
    CompletionStage<UpstreamResponse> response(UpstreamResponse fromProvider);

    /** The model as the provider names it, for the log (the client's name carries the gateway's prefix). */
    String model();

    /** The tokens the provider reported, once the translated answer has ended; empty if it reported none. */
    default Optional<TokenUsage> usage() {
        return Optional.empty();
    }

    /**
     * Whether the provider's answer, as far as it has been read, is a whole one: a stream that stopped
     * before its provider's closing event is not, and is never cached even though its connection ended
     * cleanly.
     */
    default boolean whole() {
        return true;
    }
}
