package dev.sluice.application.service;

import dev.sluice.application.port.in.ProxiedResponse;
import dev.sluice.application.port.in.ProxyProviderRequestCommand;
import dev.sluice.application.port.in.ProxyProviderRequestUseCase;
import dev.sluice.application.port.out.CallProviderPort;
import dev.sluice.application.port.out.ResponseCachePort;
import dev.sluice.domain.cache.CacheDecision;
import dev.sluice.domain.cache.CacheKey;
import dev.sluice.domain.cache.CacheableRequest;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.HeaderForwarding;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.json.JsonObjectReader;
import dev.sluice.domain.policy.GatewayHeaders;
import dev.sluice.domain.policy.RequestPolicy;
import dev.sluice.domain.provider.Provider;
import dev.sluice.domain.provider.ProviderCatalog;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The provider-native pipeline: gateway, headers, provider, the cache (with coalescing), then the call
 * with its retries.
 */
public final class ProxyProviderRequestService implements ProxyProviderRequestUseCase {

    private final GatewayAccess access;
    private final ProviderCatalog providers;
    private final RetryingProviderCall calls;
    private final CoalescingResponseCache cache;
    private final JsonObjectReader json;

    public ProxyProviderRequestService(GatewayAccess access, ProviderCatalog providers, CallProviderPort provider,
                                       ResponseCachePort cache, CacheLimits limits, JsonObjectReader json) {
        this.access = access;
        this.providers = providers;
        this.calls = new RetryingProviderCall(provider);
        this.cache = new CoalescingResponseCache(cache, limits);
        this.json = json;
    }

    @Override
    public CompletionStage<ProxiedResponse> proxy(ProxyProviderRequestCommand command) {
        return access.open(command.account(), command.gateway(), command.headers()).thenCompose(gateway -> {
            RequestPolicy policy = GatewayHeaders.parse(command.headers(), json);
            Provider provider = providers.find(command.provider())
                    .orElseThrow(() -> new GatewayException(ErrorCode.INVALID_PROVIDER,
                            "Invalid provider '" + abbreviate(command.provider()) + "'"));
            UpstreamRequest request = UpstreamRequest.to(provider, command.method(), command.path(),
                    command.rawQuery(), HeaderForwarding.towardsProvider(command.headers()), command.body());
            String eventId = policy.eventId().orElse(command.requestId());
            Supplier<CompletionStage<UpstreamResponse>> upstream = () -> calls.call(request,
                    policy.retryPolicy(gateway.settings()), policy.requestTimeout());
            CacheDecision decision = CacheDecision.decide(gateway.settings(), policy.cache(), command.method());
            if (decision.mode() != CacheDecision.Mode.USE) {
                return upstream.get().thenApply(response -> new ProxiedResponse(command.requestId(),
                        command.requestId(), eventId, decision.statusWithoutLookup(), response));
            }
            CacheKey key = CacheKey.of(gateway.ref(), CacheableRequest.of(request, policy.cache().key(), json));
            return cache.serve(key, decision.ttl(), upstream).thenApply(served -> new ProxiedResponse(
                    command.requestId(), command.requestId(), eventId, served.status(), served.response()));
        });
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
