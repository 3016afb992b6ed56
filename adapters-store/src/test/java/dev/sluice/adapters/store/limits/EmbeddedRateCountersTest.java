package dev.sluice.adapters.store.limits;

import dev.sluice.domain.gateway.RateLimitTechnique;
import dev.sluice.domain.limits.RateDecision;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-process counters: fixed windows aligned to the epoch, sliding windows exact, under contention too. */
class EmbeddedRateCountersTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private final EmbeddedRateCounters counters = new EmbeddedRateCounters();

    private RateDecision acquire(RateLimitTechnique technique, long limit, String at) {
        return counters.acquire("g", limit, MINUTE, technique, Instant.parse(at)).toCompletableFuture().join();
    }

    @Test
    void aFixedWindowCountsUpToTheLimitAndResetsAtItsAlignedEnd() {
        assertThat(acquire(RateLimitTechnique.FIXED, 2, "2026-12-03T12:00:10Z").remaining()).isEqualTo(1);
        assertThat(acquire(RateLimitTechnique.FIXED, 2, "2026-12-03T12:00:50Z").remaining()).isZero();
        RateDecision refused = acquire(RateLimitTechnique.FIXED, 2, "2026-12-03T12:00:59Z");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reset()).isEqualTo(Instant.parse("2026-12-03T12:01:00Z"));
        assertThat(acquire(RateLimitTechnique.FIXED, 2, "2026-12-03T12:01:00Z").allowed()).isTrue();
    }

    @Test
    void aSlidingWindowNeverLetsMoreThanTheLimitThroughInAnyMinute() {
        assertThat(acquire(RateLimitTechnique.SLIDING, 2, "2026-12-03T12:00:50Z").allowed()).isTrue();
        assertThat(acquire(RateLimitTechnique.SLIDING, 2, "2026-12-03T12:00:59Z").allowed()).isTrue();
        RateDecision refused = acquire(RateLimitTechnique.SLIDING, 2, "2026-12-03T12:01:10Z");
        assertThat(refused.allowed()).as("a fixed window would have reset at 12:01").isFalse();
        assertThat(refused.reset()).isEqualTo(Instant.parse("2026-12-03T12:01:50Z"));
        assertThat(acquire(RateLimitTechnique.SLIDING, 2, "2026-12-03T12:01:50Z").allowed()).isTrue();
    }

    @Test
    void aReleasedRequestFreesItsSlot() {
        Instant at = Instant.parse("2026-12-03T12:00:10Z");
        for (RateLimitTechnique technique : RateLimitTechnique.values()) {
            assertThat(counters.acquire("r", 1, MINUTE, technique, at).toCompletableFuture().join().allowed()).isTrue();
            counters.release("r", MINUTE, technique, at);
            assertThat(counters.acquire("r", 1, MINUTE, technique, at).toCompletableFuture().join().allowed()).isTrue();
            assertThat(counters.acquire("r", 1, MINUTE, technique, at).toCompletableFuture().join().allowed()).isFalse();
        }
    }

    @Test
    void underContentionExactlyTheLimitPasses() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger passed = new AtomicInteger();
        Instant now = Instant.parse("2026-12-03T12:00:10Z");
        List<Future<?>> tasks = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            RateLimitTechnique technique = i % 2 == 0 ? RateLimitTechnique.FIXED : RateLimitTechnique.SLIDING;
            tasks.add(pool.submit(() -> {
                if (counters.acquire("c", 100, MINUTE, technique, now).toCompletableFuture().join().allowed()) {
                    passed.incrementAndGet();
                }
            }));
        }
        for (Future<?> task : tasks) {
            task.get();
        }
        pool.shutdown();
        assertThat(passed.get()).isEqualTo(200);
    }

    @Test
    void aSlidingWindowStaysExactAsItsRingWrapsAndGrows() {
        Instant start = Instant.parse("2026-12-03T12:00:00Z");
        long passed = 0;
        for (int second = 0; second < 600; second++) {
            for (int i = 0; i < 7; i++) {
                Instant at = start.plusSeconds(second).plusMillis(i);
                if (counters.acquire("w", 50, MINUTE, RateLimitTechnique.SLIDING, at).toCompletableFuture().join().allowed()) {
                    passed++;
                }
            }
        }
        // 50 per minute, ten minutes: exactly 500, however the ring wrapped.
        assertThat(passed).isEqualTo(500);
    }
}
