package dev.sluice.application.limits;

import dev.sluice.application.pipeline.Exchange;
import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.application.pipeline.Stage;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.limits.RateLimitedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * Enforces the gateway's own rate limit, as Cloudflare defines it ({@code rate_limiting_limit} requests
 * per {@code rate_limiting_interval} seconds, fixed or sliding): a request is counted before it goes on
 * and, when the window is full, refused with 429, code 2003, before it reaches the provider (the call
 * stage refuses it) — but still answered if the cache has its answer, since cache hits do not count: a
 * counted request the cache answers is taken back off the count. It sits after the observe stage (so a refusal is on
 * record) and before the cache.
 */
public final class LimitsStage implements Stage {

    private final RateCountersPort counters;
    private final Clock clock;

    public LimitsStage(RateCountersPort counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "limits";
    }

    @Override
    public CompletionStage<ProxiedResponse> apply(Exchange exchange, Next next) {
        Gateway gateway = exchange.gateway();
        GatewaySettings settings = gateway.settings();
        if (!settings.rateLimited()) {
            return next.proceed(exchange);
        }
        String key = "gateway:" + gateway.ref().account().value() + "/" + gateway.ref().id().value();
        Duration window = Duration.ofSeconds(settings.rateLimitingIntervalSeconds());
        Instant now = clock.instant();
        return counters.acquire(key, settings.rateLimitingLimit(), window, settings.rateLimitingTechnique(), now)
                .thenCompose(decision -> {
                    if (!decision.allowed()) {
                        // A cache hit is still served: only a call that would reach the provider is refused.
                        exchange.refuseUpstream(new RateLimitedException("Rate limited: the gateway allows "
                                + decision.limit() + " requests per " + settings.rateLimitingIntervalSeconds() + " s ("
                                + settings.rateLimitingTechnique().wire() + " window)", decision, now));
                        return next.proceed(exchange);
                    }
                    return next.proceed(exchange).thenApply(answer -> {
                        if (answer.cacheStatus() == CacheStatus.HIT) {
                            counters.release(key, window, settings.rateLimitingTechnique(), now);
                        }
                        return answer;
                    });
                });
    }
}
