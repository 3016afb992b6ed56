package dev.sluice.adapters.store.limits;

import dev.sluice.application.limits.LimitCountersPort;
import dev.sluice.domain.limits.CounterWindow;
import dev.sluice.domain.limits.LimitCounter;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedLimitCountersTest extends LimitCountersContract {

    private final EmbeddedLimitCounters counters = new EmbeddedLimitCounters();

    @Override
    protected LimitCountersPort counters() {
        return counters;
    }

    @Test
    void aSlidingWindowStaysExactAcrossTenMinutesOfWrapAndGrowth() {
        LimitCounter counter = new LimitCounter("a/b/r|", 50, new CounterWindow(CounterWindow.Kind.SLIDING,
                Duration.ofSeconds(10)));
        long passed = 0;
        for (int ms = 0; ms < 600_000; ms += 37) {
            if (counters.admit(counter, 1, T0.plusMillis(ms)).toCompletableFuture().join().allowed()) {
                passed++;
            }
        }
        // 50 per 10 s over 600 s: at most 50 × 60 + 50, and every window full.
        assertThat(passed).isBetween(3000L, 3050L);
    }
}
