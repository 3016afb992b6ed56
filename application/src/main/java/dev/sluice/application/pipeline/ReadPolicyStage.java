package dev.sluice.application.pipeline;

import dev.sluice.domain.cache.CacheDirectives;
import dev.sluice.domain.json.JsonObjectReader;
import dev.sluice.domain.log.LogCollection;
import dev.sluice.domain.policy.GatewayHeaders;
import dev.sluice.domain.policy.RequestPolicy;

import java.util.concurrent.CompletionStage;

/**
 * Reads what the call asks of the gateway: the {@code cf-aig-*} headers (a bad one is a 400 naming it,
 * before anything is sent), with the caller's typed options laid over them, whether its log keeps bodies
 * and metadata, and the cost it declares for itself.
 */
public final class ReadPolicyStage implements Stage {

    private final JsonObjectReader json;

    public ReadPolicyStage(JsonObjectReader json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "policy";
    }

    @Override
    public CompletionStage<ProxiedResponse> apply(Exchange exchange, Next next) {
        GatewayCall call = exchange.call();
        RequestPolicy policy = withOptions(GatewayHeaders.parse(call.headers(), json), call.options());
        exchange.policy(policy, LogCollection.decide(exchange.gateway().settings(), call.headers()));
        return next.proceed(exchange);
    }

    static RequestPolicy withOptions(RequestPolicy policy, CallOptions options) {
        if (options.equals(CallOptions.NONE)) {
            return policy;
        }
        CacheDirectives cache = policy.cache();
        CacheDirectives merged = new CacheDirectives(options.cacheTtl().or(cache::ttl), cache.key(),
                cache.skipLookup() || options.skipCache());
        return new RequestPolicy(policy.metadata(), policy.eventId(), policy.requestTimeout(), policy.maxAttempts(),
                policy.retryDelay(), policy.backoff(), merged, policy.customCost());
    }
}
