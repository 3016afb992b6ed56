package dev.sluice.domain.cache;

import dev.sluice.domain.gateway.Backoff;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.LogManagementStrategy;
import dev.sluice.domain.gateway.RateLimitTechnique;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class CacheDecisionTest {

    private static GatewaySettings caching(long ttlSeconds) {
        return new GatewaySettings(ttlSeconds, false, true, 0, 0, RateLimitTechnique.FIXED, false, OptionalLong.empty(),
                LogManagementStrategy.STOP_INSERTING, false, Optional.empty(), 1, 0, Backoff.CONSTANT);
    }

    @Test
    void aGatewaysTtlIsItsOwnUpToTheLongestAHeaderMaySet() {
        assertThat(CacheDecision.decide(caching(60), CacheDirectives.NONE, "POST"))
                .isEqualTo(new CacheDecision(CacheDecision.Mode.USE, Duration.ofSeconds(60)));
        for (long seconds : new long[] {CacheHeaders.MAX_TTL.toSeconds() + 1, 9_223_372_037L, Long.MAX_VALUE}) {
            assertThat(CacheDecision.decide(caching(seconds), CacheDirectives.NONE, "POST").ttl())
                    .as("cache_ttl %d", seconds).isEqualTo(CacheHeaders.MAX_TTL);
        }
    }

    @Test
    void aRequestForPartOfAnAnswerIsNotCached() {
        Headers ranged = new Headers(List.of(new Header("Range", "bytes=0-9")));
        assertThat(CacheDecision.decide(caching(60), CacheDirectives.NONE, "GET", ranged)).isEqualTo(CacheDecision.OFF);
        assertThat(CacheDecision.decide(caching(60), new CacheDirectives(Optional.empty(), Optional.of("k"), false), "GET",
                ranged)).isEqualTo(CacheDecision.OFF);
        assertThat(CacheDecision.decide(caching(60), new CacheDirectives(Optional.empty(), Optional.empty(), true), "GET",
                ranged).mode()).isEqualTo(CacheDecision.Mode.BYPASS);
        assertThat(CacheDecision.decide(caching(60), CacheDirectives.NONE, "GET", Headers.EMPTY).mode())
                .isEqualTo(CacheDecision.Mode.USE);
    }
}
