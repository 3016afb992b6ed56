package dev.sluice.application.cache;

import dev.sluice.application.pipeline.CallOptions;
import dev.sluice.application.support.InMemoryResponseCache;
import dev.sluice.application.support.StageHarness;
import dev.sluice.application.support.RealJson;
import dev.sluice.application.support.TestPipelines;
import dev.sluice.domain.cache.CacheDirectives;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.policy.RequestPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CacheStageTest {

    private final InMemoryResponseCache store = new InMemoryResponseCache();
    private final StageHarness harness = new StageHarness();
    private final CacheStage stage = new CacheStage(store, new CacheLimits(1 << 20, Duration.ofSeconds(1)),
            RealJson::read, TestPipelines.SCHEDULER);

    private static RequestPolicy cache(Optional<Duration> ttl, boolean skip) {
        RequestPolicy none = RequestPolicy.NONE;
        return new RequestPolicy(none.metadata(), none.eventId(), none.requestTimeout(), none.maxAttempts(),
                none.retryDelay(), none.backoff(), new CacheDirectives(ttl, Optional.empty(), skip), none.customCost());
    }

    @Test
    void aGatewayWithoutCachingPassesTheCallOnAsAMiss() throws Exception {
        var answer = harness.await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), stage);
        assertThat(answer.cacheStatus()).isEqualTo(CacheStatus.MISS);
        assertThat(harness.reached).hasSize(1);
        assertThat(store.entries).isEmpty();
    }

    @Test
    void aStoredAnswerIsServedWithoutPassingTheCallOn() throws Exception {
        var policy = cache(Optional.of(Duration.ofMinutes(1)), false);
        var first = harness.await(StageHarness.call(), StageHarness.resolved(policy), stage);
        assertThat(first.cacheStatus()).isEqualTo(CacheStatus.MISS);
        assertThat(StageHarness.read(first)).isEqualTo("ok");
        assertThat(store.entries).hasSize(1);

        var second = harness.await(StageHarness.call(), StageHarness.resolved(policy), stage);
        assertThat(second.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(StageHarness.read(second)).isEqualTo("ok");
        assertThat(harness.reached).hasSize(1);
    }

    @Test
    void skippingTheLookupCallsTheProviderAndStoresNothing() throws Exception {
        var answer = harness.await(StageHarness.call(new CallOptions(Optional.empty(), true, Optional.empty())),
                StageHarness.resolved(cache(Optional.of(Duration.ofMinutes(1)), true)), stage);
        assertThat(answer.cacheStatus()).isEqualTo(CacheStatus.BYPASS);
        StageHarness.read(answer);
        assertThat(harness.reached).hasSize(1);
        assertThat(store.entries).isEmpty();
    }
}
