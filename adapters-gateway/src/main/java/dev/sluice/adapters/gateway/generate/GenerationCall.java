package dev.sluice.adapters.gateway.generate;

import dev.sluice.domain.cache.CacheHeaders;
import dev.sluice.domain.exchange.Header;
import dev.sluice.domain.generate.GenerationRequest;
import dev.sluice.domain.policy.GatewayHeaders;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One generation as a provider-native Workers AI request through a gateway: {@code {provider}/{model}},
 * a {@code {"prompt": …}} body, the provider's key, and the cache headers. Both adapters send exactly this.
 */
record GenerationCall(String provider, String path, List<Header> headers, byte[] body) {

    static GenerationCall of(GenerationTarget target, GenerationRequest request, JsonMapper json) {
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("content-type", "application/json"));
        target.workersAiToken().ifPresent(token -> headers.add(new Header("authorization", "Bearer " + token)));
        target.gatewayToken().ifPresent(token -> headers.add(new Header(GatewayHeaders.AUTHORIZATION, "Bearer " + token)));
        if (request.skipCache()) {
            headers.add(new Header(CacheHeaders.SKIP, "true"));
        } else if (!target.cacheTtl().isZero()) {
            headers.add(new Header(CacheHeaders.TTL, Long.toString(target.cacheTtl().toSeconds())));
        }
        try {
            byte[] body = json.writeValueAsBytes(Map.of("prompt", request.prompt().text()));
            return new GenerationCall(target.provider(), request.model().value(), headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
