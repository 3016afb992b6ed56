package dev.sluice.adapters.gateway.remote;

import dev.sluice.application.generate.GenerationTarget;
import dev.sluice.application.generate.TranslateGenerationPort;
import dev.sluice.domain.cache.CacheHeaders;
import dev.sluice.domain.generate.GenerationRequest;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.policy.GatewayHeaders;

import java.util.List;

/**
 * One generation as a provider-native request to a remote gateway: {@code {provider}/{model}}, the
 * provider's body, the provider's key, the gateway token and the cache headers.
 */
record RemoteGenerationCall(String provider, String path, List<Header> headers, byte[] body) {

    static RemoteGenerationCall of(GenerationTarget target, GenerationRequest request,
                                   TranslateGenerationPort translate) {
        List<Header> headers = target.providerHeaders();
        target.gatewayToken().ifPresent(token -> headers.add(new Header(GatewayHeaders.AUTHORIZATION, "Bearer " + token)));
        if (request.skipCache()) {
            headers.add(new Header(CacheHeaders.SKIP, "true"));
        }
        target.cacheTtlFor(request.skipCache())
                .ifPresent(ttl -> headers.add(new Header(CacheHeaders.TTL, Long.toString(ttl.toSeconds()))));
        return new RemoteGenerationCall(target.provider(), request.model().value(), headers,
                translate.requestBody(request));
    }
}
