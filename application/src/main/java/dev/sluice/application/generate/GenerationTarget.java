package dev.sluice.application.generate;

import dev.sluice.domain.header.Header;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the dashboard's generations go: the account and gateway, the gateway token when the gateway
 * requires one, the Workers AI API token (without one, Sluice's {@code mock} provider answers instead),
 * and the cache TTL the cached calls ask for so a gateway with caching off still shows hits (zero leaves
 * the gateway's own setting in force).
 */
public record GenerationTarget(String account, String gateway, Optional<String> gatewayToken,
                               Optional<String> workersAiToken, Duration cacheTtl) {

    public static final String WORKERS_AI = "workers-ai";
    public static final String MOCK = "mock";

    public GenerationTarget {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(gateway, "gateway");
        gatewayToken = gatewayToken.filter(token -> !token.isBlank());
        workersAiToken = workersAiToken.filter(token -> !token.isBlank());
        Objects.requireNonNull(cacheTtl, "cacheTtl");
    }

    /** The provider that answers: Workers AI with a token, the offline {@code mock} without. */
    public String provider() {
        return workersAiToken.isPresent() ? WORKERS_AI : MOCK;
    }

    /** What the provider is sent beside the body: JSON, and the Workers AI token when there is one. */
    public List<Header> providerHeaders() {
        List<Header> headers = new ArrayList<>(List.of(new Header("content-type", "application/json")));
        workersAiToken.ifPresent(token -> headers.add(new Header("authorization", "Bearer " + token)));
        return headers;
    }

    /** The TTL a cached call asks for, if any: none when it skips the cache or the setting is zero. */
    public Optional<Duration> cacheTtlFor(boolean skipCache) {
        return skipCache || cacheTtl.isZero() ? Optional.empty() : Optional.of(cacheTtl);
    }
}
