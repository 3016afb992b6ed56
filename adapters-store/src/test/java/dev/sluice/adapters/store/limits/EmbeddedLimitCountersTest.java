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

    @Test
    void countersThatHoldNothingAreSweptAndThoseThatDoAreKept() {
        CounterWindow fixed = new CounterWindow(CounterWindow.Kind.FIXED, Duration.ofSeconds(1));
        for (int user = 0; user < 1000; user++) {
            counters.admit(new LimitCounter("a/b/r|user=" + user, 5, fixed), 1, T0).toCompletableFuture().join();
        }
        LimitCounter sliding = new LimitCounter("a/b/s|", 5, new CounterWindow(CounterWindow.Kind.SLIDING,
                Duration.ofSeconds(60)));
        counters.admit(sliding, 1, T0).toCompletableFuture().join();
        LimitCounter slots = new LimitCounter("a/b/c|", 5, new CounterWindow(CounterWindow.Kind.CONCURRENT,
                Duration.ofMinutes(15)));
        var held = counters.admit(slots, 1, T0).toCompletableFuture().join();

        counters.sweep(T0.plusMillis(500));
        assertThat(counters.size()).as("nothing has passed yet").isEqualTo(1002);
        counters.sweep(T0.plusSeconds(2));
        assertThat(counters.size()).as("the fixed windows passed; the sliding entry and the slot remain").isEqualTo(2);

        counters.settle(held, 0).toCompletableFuture().join();
        counters.sweep(T0.plusSeconds(61));
        assertThat(counters.size()).isZero();
        assertThat(counters.admit(sliding, 5, T0.plusSeconds(61)).toCompletableFuture().join().allowed())
                .as("a swept counter starts afresh").isTrue();
    }
}
