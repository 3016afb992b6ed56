package dev.sluice.application.pipeline;

import dev.sluice.domain.error.GatewayException;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The last stage: calls the provider under the retry policy of the gateway and the request, within the
 * request's timeout, telling the exchange's observer of every attempt. It answers with the provider's
 * last response, whatever its status. When the client leaves, the attempt under way is cancelled. A call
 * an earlier stage allowed only from the cache (over a rate limit) is refused here, having missed it, and
 * logged as such (attempt 0: nothing was sent).
 */
public final class CallProviderStage implements Stage {

    private final RetryingProviderCall calls;

    /** @param inFlight the calls a stopping process gives up (see {@link CallsInFlight}) */
    public CallProviderStage(CallProviderPort provider, ScheduledExecutorService scheduler, CallsInFlight inFlight) {
        this.calls = new RetryingProviderCall(provider, scheduler, inFlight);
    }

    @Override
    public String name() {
        return "call";
    }

    @Override
    public CompletionStage<ProxiedResponse> apply(Exchange exchange, Next next) {
        if (exchange.upstreamRefusal().isPresent()) {
            GatewayException refusal = exchange.upstreamRefusal().get();
            exchange.attempts().unanswered(0, refusal, 0, false);
            throw refusal;
        }
        return calls.call(exchange.request(), exchange.policy().retryPolicy(exchange.gateway().settings()),
                        exchange.policy().requestTimeout(), exchange.attempts(), exchange.call().clientGone())
                .thenApply(response -> exchange.answer(response, exchange.cacheStatus()));
    }
}
