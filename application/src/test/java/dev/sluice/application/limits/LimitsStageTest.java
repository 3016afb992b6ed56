package dev.sluice.application.limits;

import dev.sluice.application.support.CountingRateCounters;
import dev.sluice.application.support.StageHarness;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.gateway.Backoff;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.LogManagementStrategy;
import dev.sluice.domain.gateway.RateLimitTechnique;
import dev.sluice.domain.limits.RateLimitedException;
import dev.sluice.domain.policy.RequestPolicy;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway's own rate limit: counted before the call goes on, refused with 2003 when full, hits given back. */
class LimitsStageTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-03T12:00:30Z"), ZoneOffset.UTC);
    private final CountingRateCounters counters = new CountingRateCounters();
    private final LimitsStage stage = new LimitsStage(counters, clock);

    private static Gateway limited(long limit) {
        GatewaySettings settings = new GatewaySettings(0, false, true, 60, limit, RateLimitTechnique.SLIDING, false,
                OptionalLong.empty(), LogManagementStrategy.STOP_INSERTING, false, Optional.empty(), 1, 0,
                Backoff.CONSTANT);
        return Gateway.create(StageHarness.OPEN, settings, Instant.EPOCH);
    }

    @Test
    void withoutALimitEveryCallPassesUncounted() throws Exception {
        StageHarness harness = new StageHarness();
        var answer = harness.await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), stage);
        assertThat(StageHarness.read(answer)).isEqualTo("ok");
        assertThat(counters.counts).isEmpty();
        assertThat(stage.name()).isEqualTo("limits");
    }

    @Test
    void overTheLimitTheCallIsRefusedWith2003BeforeTheProvider() throws Exception {
        StageHarness harness = new StageHarness().answering(exchange -> {
            exchange.upstreamRefusal().ifPresent(refusal -> {
                throw refusal;
            });
            return CompletableFuture.completedFuture(StageHarness.answer(exchange, StageHarness.ok("ok")));
        });
        var given = StageHarness.resolved(RequestPolicy.NONE).andThen(exchange -> exchange.gateway(limited(2)));
        harness.await(StageHarness.call(), given, stage);
        harness.await(StageHarness.call(), given, stage);
        assertThatThrownBy(() -> harness.await(StageHarness.call(), given, stage))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RateLimitedException.class)
                .satisfies(e -> {
                    RateLimitedException limited = (RateLimitedException) e;
                    assertThat(limited.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(limited.decision().limit()).isEqualTo(2);
                    assertThat(limited.retryAfterSeconds()).isEqualTo(60);
                    assertThat(limited.getMessage()).contains("2 requests per 60 s (sliding window)");
                });
        assertThat(harness.reached.get(2).upstreamRefusal()).as("the call stage is told to refuse it").isPresent();
    }

    @Test
    void aCacheHitIsTakenBackOffTheCount() throws Exception {
        StageHarness harness = new StageHarness().answering(exchange ->
                CompletableFuture.completedFuture(StageHarness.hit(exchange, "cached")));
        var given = StageHarness.resolved(RequestPolicy.NONE).andThen(exchange -> exchange.gateway(limited(1)));
        for (int i = 0; i < 3; i++) {
            var answer = harness.await(StageHarness.call(), given, stage);
            assertThat(answer.cacheStatus()).isEqualTo(CacheStatus.HIT);
        }
        assertThat(counters.counts).containsValue(0L);
    }
}
