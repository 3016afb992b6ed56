package dev.sluice.adapters.store.limits;

import dev.sluice.application.limits.LimitCountersPort;
import dev.sluice.domain.limits.CounterWindow;
import dev.sluice.domain.limits.LimitCounter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

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
    void aBusySlidingWindowKeepsASlotPerMillisecondNotPerRequest() {
        LimitCounter counter = new LimitCounter("a/b/busy|", 1_000_000_000, new CounterWindow(
                CounterWindow.Kind.SLIDING, Duration.ofSeconds(60)));
        for (int request = 0; request < 170_000; request++) {
            // 17 requests a millisecond for 10 s, as the bench's gateway serves them.
            assertThat(counters.admit(counter, 1, T0.plusMillis(request / 17)).toCompletableFuture().join().allowed())
                    .isTrue();
        }
        assertThat(counters.slots(counter)).isEqualTo(10_000);
        assertThat(counters.admit(counter, 0, T0.plusMillis(10_000)).toCompletableFuture().join().used())
                .isEqualTo(170_000);
    }

    /**
     * A week-long window at a request every 2 s for two weeks: never more than the limit in any week-long
     * span of what was admitted, at most 65,536 slots, and no refusal while more than one step's worth of
     * room was left (a step is 604,800 s ÷ 65,535, 9.3 s).
     */
    @Test
    void aLongSlidingWindowHoldsBoundedSlotsAndNeverAdmitsOverItsLimit() {
        Duration week = Duration.ofDays(7);
        long limit = 200_000;
        LimitCounter counter = new LimitCounter("a/b/week|", limit, new CounterWindow(CounterWindow.Kind.SLIDING,
                week));
        // What was admitted: times, and running totals of amounts (total[i] = amounts before entry i).
        List<Long> times = new ArrayList<>();
        List<Long> totals = new ArrayList<>(List.of(0L));
        SplittableRandom random = new SplittableRandom(3);
        long step = -Math.floorDiv(-week.toMillis(), EmbeddedLimitCounters.MAX_SLOTS);
        int inWindow = 0;
        int inWindowAndAStep = 0;
        for (long at = 0; at < 2 * week.toMillis(); at += 2_000) {
            long amount = 1 + random.nextInt(2);
            boolean allowed = counters.admit(counter, amount, T0.plusMillis(at)).toCompletableFuture().join().allowed();
            long cutoff = at - week.toMillis();
            while (inWindow < times.size() && times.get(inWindow) <= cutoff) {
                inWindow++;
            }
            while (inWindowAndAStep < times.size() && times.get(inWindowAndAStep) <= cutoff - step) {
                inWindowAndAStep++;
            }
            long last = totals.get(totals.size() - 1);
            if (allowed) {
                assertThat(last - totals.get(inWindow) + amount).as("admitted at %d ms", at).isLessThanOrEqualTo(limit);
                times.add(at);
                totals.add(last + amount);
            } else {
                assertThat(last - totals.get(inWindowAndAStep) + amount).as("refused at %d ms", at).isGreaterThan(limit);
            }
            assertThat(counters.slots(counter)).isLessThanOrEqualTo(65_536);
        }
        assertThat(times.size()).as("it did refuse some").isLessThan((int) (2 * week.toMillis() / 2_000));
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
