package dev.sluice.application.cache;

import dev.sluice.application.pipeline.Exchange;
import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.application.pipeline.Stage;
import dev.sluice.application.pipeline.Translation;
import dev.sluice.domain.cache.CacheDecision;
import dev.sluice.domain.cache.CacheKey;
import dev.sluice.domain.cache.CacheableRequest;
import dev.sluice.domain.json.JsonObjectReader;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * Decides whether the call uses the cache (gateway settings and the request's directives) and, when it
 * does, answers from the cache or joins an identical call already under way; otherwise the call goes on
 * and its complete, successful answer is stored as it streams to the client.
 */
public final class CacheStage implements Stage {

    private final CoalescingResponseCache cache;
    private final JsonObjectReader json;

    public CacheStage(ResponseCachePort store, CacheLimits limits, JsonObjectReader json,
                      ScheduledExecutorService scheduler) {
        this(store, limits, json, scheduler, new PurgeEpochs());
    }

    /** @param purges the purges of the management API ({@link PurgeEpochs#guarding}), after which no older call stores */
    public CacheStage(ResponseCachePort store, CacheLimits limits, JsonObjectReader json,
                      ScheduledExecutorService scheduler, PurgeEpochs purges) {
        this.cache = new CoalescingResponseCache(store, limits, scheduler, purges);
        this.json = json;
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public CompletionStage<ProxiedResponse> apply(Exchange exchange, Next next) {
        CacheDecision decision = CacheDecision.decide(exchange.gateway().settings(), exchange.policy().cache(),
                exchange.call().method(), exchange.request().headers());
        if (decision.mode() != CacheDecision.Mode.USE) {
            exchange.cacheStatus(decision.statusWithoutLookup());
            return next.proceed(exchange);
        }
        CacheKey key = CacheKey.of(exchange.gateway().ref(),
                CacheableRequest.of(exchange.request(), exchange.policy().cache().key(), json));
        BooleanSupplier whole = () -> exchange.translation().map(Translation::whole).orElse(true);
        return cache.serve(key, decision.ttl(), whole, exchange.policy().requestTimeout(),
                        () -> next.proceed(exchange).thenApply(ProxiedResponse::response))
                .thenApply(served -> exchange.answer(served.response(), served.status()));
    }
}
